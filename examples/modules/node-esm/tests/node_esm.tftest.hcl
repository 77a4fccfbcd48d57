# Tests for the node-esm module, run against a Lambdaform engine with
# `tofu test` (scripts/module-test.sh runs build.sh, starts an engine and
# runs them offline). backend = "local" keeps them off AWS even where
# LAMBDAFORM_BACKEND=aws is set; LAMBDAFORM_ENDPOINT locates the engine.

provider "lambda" {
  backend = "local"
}

variables {
  name     = "node-esm-test"
  filename = "build/function.zip"
}

run "deploys_and_answers" {
  assert {
    condition     = lambda_function.this.runtime == "nodejs20.x" && lambda_function.this.handler == "index.handler"
    error_message = "unexpected runtime or handler: ${lambda_function.this.runtime} ${lambda_function.this.handler}"
  }

  assert {
    condition     = lambda_function.this.code_sha256 == filebase64sha256(var.filename)
    error_message = "the function runs other code than ${var.filename}: ${lambda_function.this.code_sha256}"
  }

  assert {
    condition     = output.smoke_test.message == "Hello, smoke test!" && output.smoke_test.sha1 == sha1("Hello, smoke test!")
    error_message = "the smoke test answered ${lambda_invocation.smoke.result}"
  }

  assert {
    condition     = output.smoke_test.esm == true
    error_message = "index.mjs was not loaded as an ES module: ${lambda_invocation.smoke.result}"
  }

  assert {
    condition     = output.smoke_test.execution_env == "AWS_Lambda_nodejs20.x" && output.smoke_test.function == "node-esm-test"
    error_message = "unexpected execution environment or function name: ${lambda_invocation.smoke.result}"
  }

  assert {
    condition     = length(output.smoke_test.request_id) > 0 && output.smoke_test.remaining_ms_positive == true
    error_message = "the handler got no usable context: ${lambda_invocation.smoke.result}"
  }
}

run "changes_greeting" {
  variables {
    greeting        = "Howdy"
    smoke_test_name = "tofu"
    # Test-only variable: the smoke test's request in the first run.
    first_request_id = run.deploys_and_answers.smoke_test.request_id
  }

  assert {
    condition     = output.smoke_test.message == "Howdy, tofu!" && output.smoke_test.sha1 == sha1("Howdy, tofu!")
    error_message = "the smoke test answered ${lambda_invocation.smoke.result}"
  }

  assert {
    condition     = output.smoke_test.request_id != var.first_request_id
    error_message = "changing the greeting should invoke the function again"
  }
}

run "rejects_old_runtime" {
  command = plan

  variables {
    runtime = "nodejs18.x"
  }

  expect_failures = [var.runtime]
}
