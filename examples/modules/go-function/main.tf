# go-function: one Go function (src/main.go, built with aws-lambda-go into an
# executable named bootstrap) on the provided.al2023 OS-only runtime, and a
# smoke-test invocation of it.
#
# The module deploys a package built outside Terraform (build.sh compiles
# src/ and zips build/bootstrap), so callers pass `filename`.

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
    LABEL = var.label
  }
}

resource "lambda_function" "this" {
  function_name    = var.name
  description      = "Adds up numbers in Go (examples/modules/go-function)"
  role             = var.role_arn
  runtime          = "provided.al2023"
  handler          = "bootstrap" # OS-only runtimes start the executable; the handler is informational
  architectures    = [var.architecture]
  filename         = var.filename
  source_code_hash = filebase64sha256(var.filename)
  memory_size      = var.memory_size
  timeout          = 10

  environment {
    variables = local.environment
  }

  tags = var.tags
}

# Invoked when created and again whenever the code or configuration changes.
resource "lambda_invocation" "smoke" {
  function_name = lambda_function.this.function_name
  input         = jsonencode({ numbers = var.smoke_test_numbers })

  triggers = {
    code        = lambda_function.this.code_sha256
    environment = jsonencode(local.environment)
    memory_size = tostring(var.memory_size)
  }
}
