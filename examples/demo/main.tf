# Lambdaform demo: one function deployed to the local engine.
#
# Run it with `make demo` from the repository root. That builds the provider
# and the engine, starts `lambdaform serve` on 127.0.0.1:9001 (data in
# .lambdaform/), zips src/ into build/hello.zip and runs `tofu apply` here
# with a dev_overrides CLI configuration, so no registry is involved.
#
# There is no backend block: state is kept by the default local backend in
# terraform.tfstate next to this file (and `tofu init` is not needed with
# dev_overrides). Point the same configuration at AWS Lambda by setting
# backend = "aws", a real region and an IAM role that Lambda can assume.

terraform {
  required_providers {
    lambda = {
      source = "lambdaform/lambda"
    }
  }
}

provider "lambda" {
  backend  = "local"
  endpoint = "http://127.0.0.1:9001"
  region   = "us-east-1"
}

resource "lambda_function" "hello" {
  function_name    = "lambdaform-demo-hello"
  description      = "Lambdaform demo function"
  role             = "arn:aws:iam::123456789012:role/lambdaform-demo"
  runtime          = "python3.12"
  handler          = "index.handler"
  filename         = "${path.module}/build/hello.zip"
  source_code_hash = filebase64sha256("${path.module}/build/hello.zip")
  memory_size      = 128
  timeout          = 10

  environment {
    variables = {
      GREETING = "hello"
    }
  }

  tags = {
    project = "lambdaform-demo"
  }
}

# Invoked once when created (and again whenever its input changes), so the
# apply itself shows what the function returns.
resource "lambda_invocation" "hello" {
  function_name = lambda_function.hello.function_name
  input         = jsonencode({ name = "tofu" })
  triggers = {
    code = lambda_function.hello.code_sha256
  }
}

output "result" {
  value = jsondecode(lambda_invocation.hello.result)
}

output "function_name" {
  value = lambda_function.hello.function_name
}

output "arn" {
  value = lambda_function.hello.arn
}

output "code_sha256" {
  value = lambda_function.hello.code_sha256
}
