# Test fixture of the sqs-worker example (used by ../sqs_worker.tftest.hcl,
# never applied by hand): the queues and messages its tests need, which the
# lambda provider cannot manage itself. A Python function (src/, zipped into
# build/fixture.zip by ../../build.sh) calls the engine's SQS and CloudWatch
# Logs APIs:
#   lambda_invocation.queue creates the queue and its dead-letter queue
#     (lifecycle_scope CRUD: and deletes them when the test destroys it);
#   lambda_invocation.send, when messages are given, sends them and waits
#     until the worker has handled each one;
#   the worker's Invocations and Errors metrics are read after that.

terraform {
  required_providers {
    lambda = {
      source = "lambdaform/lambda"
    }
  }
}

variable "endpoint" {
  description = "URL of the Lambdaform engine, which the fixture function calls (as the example's own variable)."
  type        = string
  default     = "http://127.0.0.1:9001"
}

variable "name" {
  description = "Name of the queue (its dead-letter queue is NAME-dead) and of the fixture function (NAME-fixture)."
  type        = string
}

variable "visibility_timeout" {
  description = "The queue's VisibilityTimeout in seconds: how soon a failed message is received again. It must outlast the mapping's batching window (2 s) plus the worker's run, or messages still being gathered or processed are received again."
  type        = number
  default     = 4
}

variable "max_receive_count" {
  description = "Receives after which a message moves to the dead-letter queue."
  type        = number
  default     = 1
}

variable "messages" {
  description = "Bodies of the messages to send; none: only the queues."
  type        = list(string)
  default     = []
}

variable "worker" {
  description = "Name of the function consuming the queue, whose log and metrics are read after sending."
  type        = string
  default     = null
}

resource "lambda_function" "fixture" {
  function_name = "${var.name}-fixture"
  role          = "arn:aws:iam::000000000000:role/sqs-worker-test-fixture"
  runtime       = "python3.12"
  handler       = "sqs_fixture.handler"
  filename      = "${path.module}/build/fixture.zip"
  timeout       = 60

  environment {
    variables = {
      ENGINE_ENDPOINT = var.endpoint
    }
  }
}

resource "lambda_invocation" "queue" {
  function_name   = lambda_function.fixture.function_name
  lifecycle_scope = "CRUD"
  input = jsonencode({
    action             = "queue"
    name               = var.name
    visibility_timeout = var.visibility_timeout
    max_receive_count  = var.max_receive_count
  })
}

locals {
  queue = jsondecode(lambda_invocation.queue.result)
}

resource "lambda_invocation" "send" {
  count         = length(var.messages) > 0 ? 1 : 0
  function_name = lambda_function.fixture.function_name
  input = jsonencode({
    action                = "send_and_wait"
    queue_url             = local.queue.url
    dead_letter_queue_url = local.queue.dead_letter_url
    log_group             = "/aws/lambda/${var.worker}"
    bodies                = var.messages
    timeout_seconds       = 30
  })

  lifecycle {
    precondition {
      condition     = var.worker != null
      error_message = "Sending messages needs the worker's name (var.worker)."
    }
  }
}

# Read once the messages were handled: the invocations of the worker.
data "lambda_function_metrics" "invocations" {
  count         = length(lambda_invocation.send)
  function_name = var.worker
  metric_name   = "Invocations"
  depends_on    = [lambda_invocation.send]
}

data "lambda_function_metrics" "errors" {
  count         = length(lambda_invocation.send)
  function_name = var.worker
  metric_name   = "Errors"
  depends_on    = [lambda_invocation.send]
}

output "queue" {
  description = "url, arn, dead_letter_url and dead_letter_arn of the queues."
  value       = local.queue
}

output "consumed" {
  description = "What send_and_wait saw (see src/sqs_fixture.py); null when no message was sent."
  value       = length(lambda_invocation.send) > 0 ? jsondecode(lambda_invocation.send[0].result) : null
}

output "worker_invocations" {
  value = length(lambda_invocation.send) > 0 ? data.lambda_function_metrics.invocations[0].value : null
}

output "worker_errors" {
  value = length(lambda_invocation.send) > 0 ? data.lambda_function_metrics.errors[0].value : null
}
