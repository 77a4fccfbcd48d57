# provisioned: a Python function, a published version, an alias pointing at
# it, provisioned concurrency on the alias, and two smoke-test invocations:
# one through the alias (served by a pre-initialised environment) and one of
# $LATEST (served on demand).
#
# The module deploys a package built outside Terraform (build.sh): OpenTofu
# cannot zip files without the archive provider, which an offline machine
# does not have, so callers pass `filename`.

terraform {
  required_version = ">= 1.6"

  required_providers {
    lambda = {
      source = "lambdaform/lambda"
    }
  }
}

resource "lambda_function" "this" {
  function_name    = var.name
  description      = "Reports its initialisation type (examples/modules/provisioned)"
  role             = var.role_arn
  runtime          = var.runtime
  handler          = "handler.handler"
  filename         = var.filename
  source_code_hash = filebase64sha256(var.filename)
  memory_size      = 128
  timeout          = 10

  tags = var.tags
}

# The release: republished when the code or the configuration changes.
resource "lambda_function_version" "this" {
  function_name = lambda_function.this.function_name
  code_sha256   = lambda_function.this.code_sha256

  triggers = {
    config = sha256(jsonencode([lambda_function.this.runtime, lambda_function.this.handler,
    lambda_function.this.memory_size, lambda_function.this.timeout]))
  }

  # Publish the new version before deleting the old one, so the alias can
  # move in between (a version an alias references cannot be deleted).
  lifecycle {
    create_before_destroy = true
  }
}

resource "lambda_alias" "this" {
  name             = var.alias_name
  function_name    = lambda_function.this.function_name
  function_version = lambda_function_version.this.version
}

# Apply waits until the configuration is READY: its environments are then
# initialised and waiting.
resource "lambda_provisioned_concurrency_config" "this" {
  function_name                     = lambda_function.this.function_name
  qualifier                         = lambda_alias.this.name
  provisioned_concurrent_executions = var.provisioned_concurrent_executions

  # When the alias moves to a new version, Lambda re-provisions in the
  # background (the configuration is IN_PROGRESS and invocations meanwhile
  # run on demand), and nothing in this configuration would change. Replacing
  # it makes the apply wait until the new version's environments are READY.
  lifecycle {
    replace_triggered_by = [lambda_alias.this.function_version]
  }
}

# Through the alias, after provisioned concurrency is READY: a warm,
# pre-initialised environment answers. Re-invoked when the alias moves.
resource "lambda_invocation" "alias" {
  function_name = lambda_function.this.function_name
  qualifier     = lambda_alias.this.name
  input         = jsonencode({})

  triggers = {
    version     = lambda_alias.this.function_version
    provisioned = tostring(lambda_provisioned_concurrency_config.this.provisioned_concurrent_executions)
  }
}

# $LATEST has no provisioned concurrency: an environment starts on demand.
resource "lambda_invocation" "latest" {
  function_name = lambda_function.this.function_name
  input         = jsonencode({})

  triggers = {
    code = lambda_function.this.code_sha256
  }
}
