# greeter: one Python function and a smoke-test invocation of it.
#
# The module deploys a package that is built outside Terraform (see
# README.md): OpenTofu cannot zip files without the archive provider, which
# an offline machine does not have, so callers pass `filename`.

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
    GREETING    = var.greeting
    PUNCTUATION = var.punctuation
  }
}

resource "lambda_function" "this" {
  function_name    = var.name
  description      = "Greets whoever it is asked to (examples/modules/greeter)"
  role             = var.role_arn
  runtime          = var.runtime
  handler          = "greeter.handler"
  filename         = var.filename
  source_code_hash = filebase64sha256(var.filename)
  memory_size      = var.memory_size
  timeout          = 10

  environment {
    variables = local.environment
  }

  tags = var.tags
}

# Invoked when created and again whenever the code or the configuration the
# handler reads changes, so every apply proves the deployed function answers.
resource "lambda_invocation" "smoke" {
  function_name = lambda_function.this.function_name
  input         = jsonencode({ name = var.smoke_test_name })

  triggers = {
    code        = lambda_function.this.code_sha256
    environment = jsonencode(local.environment)
    memory_size = tostring(var.memory_size)
  }
}
