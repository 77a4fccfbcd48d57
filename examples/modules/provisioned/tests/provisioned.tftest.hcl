# Tests for the provisioned module, run against a Lambdaform engine with
# `tofu test` (scripts/module-test.sh runs build.sh, starts an engine and
# runs them offline). backend = "local" keeps them off AWS even where
# LAMBDAFORM_BACKEND=aws is set; LAMBDAFORM_ENDPOINT locates the engine.

provider "lambda" {
  backend = "local"
}

variables {
  name     = "provisioned-test"
  filename = "build/function.zip"
}

run "alias_is_served_by_provisioned_environment" {
  assert {
    condition     = lambda_function_version.this.version == "1" && lambda_alias.this.function_version == "1"
    error_message = "expected version 1 behind the alias, got ${lambda_function_version.this.version} / ${lambda_alias.this.function_version}"
  }

  assert {
    condition     = lambda_provisioned_concurrency_config.this.id == "provisioned-test,live" && lambda_provisioned_concurrency_config.this.provisioned_concurrent_executions == 1
    error_message = "unexpected provisioned concurrency config ${lambda_provisioned_concurrency_config.this.id}"
  }

  assert {
    condition     = output.alias_invocation.initialization_type == "provisioned-concurrency" && output.alias_invocation.init_initialization_type == "provisioned-concurrency"
    error_message = "the invocation through the alias answered ${lambda_invocation.alias.result}"
  }

  assert {
    condition     = output.alias_invocation.version == "1" && output.alias_invocation.invoked_function_arn == lambda_alias.this.arn
    error_message = "the alias did not run version 1 under its own ARN: ${lambda_invocation.alias.result}"
  }

  # $LATEST has no provisioned concurrency: an environment started on demand.
  assert {
    condition     = output.latest_invocation.initialization_type == "on-demand" && output.latest_invocation.version == "$LATEST"
    error_message = "the invocation of $LATEST answered ${lambda_invocation.latest.result}"
  }
}

run "new_version_is_provisioned" {
  variables {
    runtime = "python3.13" # a configuration change: publishes version 2 and moves the alias
  }

  assert {
    condition     = lambda_function_version.this.version == "2" && lambda_alias.this.function_version == "2"
    error_message = "expected version 2 behind the alias, got ${lambda_function_version.this.version} / ${lambda_alias.this.function_version}"
  }

  assert {
    condition     = output.alias_invocation.version == "2" && output.alias_invocation.initialization_type == "provisioned-concurrency"
    error_message = "the invocation through the moved alias answered ${lambda_invocation.alias.result}"
  }
}

run "rejects_zero_provisioned" {
  command = plan

  variables {
    provisioned_concurrent_executions = 0
  }

  expect_failures = [var.provisioned_concurrent_executions]
}
