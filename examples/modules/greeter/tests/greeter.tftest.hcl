# Tests for the greeter module, run against a Lambdaform engine with
# `tofu test` (scripts/module-test.sh starts an engine, builds
# build/greeter.zip from src/ and runs them offline).
#
# The provider finds the engine through LAMBDAFORM_ENDPOINT (default
# http://127.0.0.1:9001); backend = "local" keeps the tests off AWS even
# where LAMBDAFORM_BACKEND=aws is set.

provider "lambda" {
  backend = "local"
}

variables {
  name     = "greeter-test"
  filename = "build/greeter.zip"
}

run "deploys_and_greets" {
  assert {
    condition     = lambda_function.this.runtime == "python3.12" && lambda_function.this.handler == "greeter.handler"
    error_message = "unexpected runtime or handler: ${lambda_function.this.runtime} ${lambda_function.this.handler}"
  }

  assert {
    condition     = lambda_function.this.memory_size == 128 && lambda_function.this.environment[0].variables["GREETING"] == "Hello"
    error_message = "the function should have the default memory size and greeting"
  }

  assert {
    condition     = endswith(lambda_function.this.arn, ":function:greeter-test") && lambda_function.this.code_sha256 == filebase64sha256(var.filename)
    error_message = "unexpected arn ${lambda_function.this.arn} or code_sha256 ${lambda_function.this.code_sha256}"
  }

  assert {
    condition     = jsondecode(lambda_invocation.smoke.result).message == "Hello, smoke test!"
    error_message = "the smoke test answered ${lambda_invocation.smoke.result}"
  }

  assert {
    condition     = jsondecode(lambda_invocation.smoke.result).function == "greeter-test" && output.smoke_test.length == 18
    error_message = "the smoke test answered ${lambda_invocation.smoke.result}"
  }
}

run "changes_greeting" {
  variables {
    greeting        = "Howdy"
    punctuation     = "?"
    memory_size     = 256
    smoke_test_name = "tofu"
    # Test-only variable: the package the first run deployed.
    first_code_sha256 = run.deploys_and_greets.code_sha256
  }

  assert {
    condition     = jsondecode(lambda_invocation.smoke.result).message == "Howdy, tofu?"
    error_message = "the smoke test answered ${lambda_invocation.smoke.result}"
  }

  assert {
    condition     = jsondecode(lambda_invocation.smoke.result).memory_mb == 256
    error_message = "the function ran with ${jsondecode(lambda_invocation.smoke.result).memory_mb} MB, not 256"
  }

  assert {
    condition     = lambda_function.this.memory_size == 256 && output.code_sha256 == var.first_code_sha256
    error_message = "changing the configuration should resize the function and keep its code"
  }
}

run "rejects_blank_greeting" {
  command = plan

  variables {
    greeting = "   "
  }

  expect_failures = [var.greeting]
}

run "rejects_invalid_name" {
  command = plan

  variables {
    name = "greeter test"
  }

  expect_failures = [var.name]
}
