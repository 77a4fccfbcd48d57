# Tests for the go-function module, run against a Lambdaform engine with
# `tofu test` (scripts/module-test.sh runs build.sh, which compiles src/ into
# build/bootstrap and zips it, starts an engine and runs them offline).
# backend = "local" keeps them off AWS even where LAMBDAFORM_BACKEND=aws is
# set; LAMBDAFORM_ENDPOINT locates the engine.

provider "lambda" {
  backend = "local"
}

variables {
  name     = "go-function-test"
  filename = "build/function.zip"
}

run "deploys_and_sums" {
  assert {
    condition     = lambda_function.this.runtime == "provided.al2023" && lambda_function.this.handler == "bootstrap"
    error_message = "unexpected runtime or handler: ${lambda_function.this.runtime} ${lambda_function.this.handler}"
  }

  assert {
    condition     = lambda_function.this.code_sha256 == filebase64sha256(var.filename)
    error_message = "the function runs other code than ${var.filename}: ${lambda_function.this.code_sha256}"
  }

  assert {
    condition     = output.smoke_test.sum == 6.5 && output.smoke_test.count == 3 && output.smoke_test.label == "sum"
    error_message = "the smoke test answered ${lambda_invocation.smoke.result}"
  }

  assert {
    condition     = output.smoke_test.function == "go-function-test" && output.smoke_test.goos == "linux" && length(output.smoke_test.request_id) > 0
    error_message = "the handler saw an unexpected context: ${lambda_invocation.smoke.result}"
  }
}

run "changes_label_and_input" {
  variables {
    label              = "total"
    smoke_test_numbers = [10, -4, 0.25]
    memory_size        = 256
    # Test-only variable: the package the first run deployed.
    first_code_sha256 = run.deploys_and_sums.code_sha256
  }

  assert {
    condition     = output.smoke_test.sum == 6.25 && output.smoke_test.count == 3 && output.smoke_test.label == "total"
    error_message = "the smoke test answered ${lambda_invocation.smoke.result}"
  }

  assert {
    condition     = lambda_function.this.memory_size == 256 && output.code_sha256 == var.first_code_sha256
    error_message = "changing the configuration should resize the function and keep its code"
  }
}

run "rejects_empty_numbers" {
  command = plan

  variables {
    smoke_test_numbers = []
  }

  expect_failures = [var.smoke_test_numbers]
}
