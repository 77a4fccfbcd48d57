# node-esm: one Node.js function written as an ES module (src/index.mjs,
# `export const handler = async (event, context) => ...`) and a smoke-test
# invocation of it.
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

locals {
  environment = {
    GREETING = var.greeting
  }
}

resource "lambda_function" "this" {
  function_name    = var.name
  description      = "Greets from an ES module (examples/modules/node-esm)"
  role             = var.role_arn
  runtime          = var.runtime
  handler          = "index.handler" # index.mjs: the runtime imports it as an ES module
  filename         = var.filename
  source_code_hash = filebase64sha256(var.filename)
  memory_size      = 128
  timeout          = 10

  environment {
    variables = local.environment
  }

  tags = var.tags
}

# Invoked when created and again whenever the code or configuration changes.
resource "lambda_invocation" "smoke" {
  function_name = lambda_function.this.function_name
  input         = jsonencode({ name = var.smoke_test_name })

  triggers = {
    code        = lambda_function.this.code_sha256
    runtime     = lambda_function.this.runtime
    environment = jsonencode(local.environment)
  }
}
