# Tests for the sqs-worker example, run against a Lambdaform engine with
# `tofu test` (scripts/module-test.sh runs ../build.sh, starts an engine and
# runs them offline). The lambda provider cannot create queues or send
# messages, so the runs that do use the fixture module in tests/sqs (a
# function calling the engine's SQS API); install it once with `tofu get`.
#
# The engine's URL is var.endpoint (TF_VAR_endpoint, default
# http://127.0.0.1:9001): the provider and the fixture function both use
# it. backend = "local" keeps the tests off AWS even where
# LAMBDAFORM_BACKEND=aws is set.

provider "lambda" {
  backend  = "local"
  endpoint = var.endpoint
}

variables {
  function_name = "sqs-worker-test" # the worker
  name          = "sqs-worker-test" # the queue (and NAME-dead), in tests/sqs
  enabled       = true
}

# The queue, with a dead-letter queue after one failed receive and a
# four-second visibility timeout (the mapping gathers batches for 2 s), so
# that a failing message moves there fast.
run "creates_queue" {
  module {
    source = "./tests/sqs"
  }

  assert {
    condition     = endswith(output.queue.arn, ":sqs-worker-test") && endswith(output.queue.dead_letter_arn, ":sqs-worker-test-dead")
    error_message = "unexpected queue ${jsonencode(output.queue)}"
  }
}

run "deploys_worker" {
  variables {
    queue_arn = run.creates_queue.queue.arn
  }

  assert {
    condition     = lambda_event_source_mapping.jobs.state == "Enabled" && lambda_event_source_mapping.jobs.event_source_arn == var.queue_arn
    error_message = "the mapping should be Enabled on ${var.queue_arn}: ${lambda_event_source_mapping.jobs.state} ${lambda_event_source_mapping.jobs.event_source_arn}"
  }

  assert {
    condition     = lambda_event_source_mapping.jobs.function_arn == lambda_function.worker.arn && lambda_event_source_mapping.jobs.batch_size == 20
    error_message = "the mapping should invoke ${lambda_function.worker.arn} with batches of 20: ${lambda_event_source_mapping.jobs.function_arn} ${lambda_event_source_mapping.jobs.batch_size}"
  }

  assert {
    condition     = output.log_group == "/aws/lambda/sqs-worker-test"
    error_message = "unexpected log group ${output.log_group}"
  }
}

# Three jobs and one message the worker cannot parse: the jobs are processed
# and deleted; the other is reported in batchItemFailures, received again
# after the visibility timeout and then moved to the dead-letter queue.
run "consumes_messages" {
  module {
    source = "./tests/sqs"
  }

  variables {
    worker = "sqs-worker-test"
    messages = [
      jsonencode({ task = "resize" }),
      jsonencode({ task = "encode" }),
      "not-json",
      jsonencode({ task = "notify" }),
    ]
  }

  assert {
    condition     = output.consumed.done && output.consumed.left_in_queue == 0
    error_message = "the worker did not handle every message within 30 s: ${jsonencode(output.consumed)}"
  }

  assert {
    condition     = length(output.consumed.sent) == 4 && sort(values(output.consumed.processed)) == tolist(["encode", "notify", "resize"])
    error_message = "the worker should have processed the three jobs: ${jsonencode(output.consumed)}"
  }

  assert {
    condition     = [for id in output.consumed.rejected : output.consumed.sent[id]] == ["not-json"]
    error_message = "the worker should have rejected only not-json: ${jsonencode(output.consumed)}"
  }

  assert {
    condition     = output.consumed.dead_letters == ["not-json"]
    error_message = "only not-json should be in the dead-letter queue: ${jsonencode(output.consumed)}"
  }

  # Partial batch failures are not function errors.
  assert {
    condition     = output.worker_invocations >= 1 && output.worker_errors == 0
    error_message = "the worker's metrics say ${output.worker_invocations} invocations, ${output.worker_errors} errors"
  }
}

run "pauses" {
  variables {
    queue_arn = run.consumes_messages.queue.arn
    enabled   = false
    # Test-only variable: the mapping the worker was deployed with.
    first_mapping_uuid = run.deploys_worker.mapping_uuid
  }

  assert {
    condition     = lambda_event_source_mapping.jobs.state == "Disabled" && output.mapping_uuid == var.first_mapping_uuid
    error_message = "disabling should keep the mapping and leave it Disabled: ${lambda_event_source_mapping.jobs.state} ${output.mapping_uuid}"
  }
}
