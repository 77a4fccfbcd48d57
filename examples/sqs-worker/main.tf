# An SQS worker against a local Lambdaform engine (or AWS: set backend =
# "aws", a region, a real role and a real queue ARN). The queue itself is
# created with the AWS CLI (see README.md): the provider manages Lambda
# resources only.
#
#   ./build.sh && tofu apply
#   aws --endpoint-url http://127.0.0.1:9001 sqs send-message --queue-url … --message-body '{"task":"resize"}'
#
# tests/sqs_worker.tftest.hcl applies it with `tofu test` (after `tofu get`),
# creating the queue and sending messages through the fixture in tests/sqs.

terraform {
  required_providers {
    lambda = {
      source = "lambdaform/lambda"
    }
  }
}

variable "endpoint" {
  description = "URL of the Lambdaform engine (lambdaform serve)."
  type        = string
  default     = "http://127.0.0.1:9001"
}

variable "function_name" {
  description = "Name of the worker function."
  type        = string
  default     = "lambdaform-sqs-worker"
}

variable "queue_arn" {
  description = "ARN of the SQS queue to consume (the engine's default account is 000000000000)."
  type        = string
  default     = "arn:aws:sqs:us-east-1:000000000000:jobs"
}

variable "enabled" {
  description = "Whether the worker consumes the queue; false pauses it and leaves messages in the queue."
  type        = bool
  default     = true
}

provider "lambda" {
  backend  = "local"
  endpoint = var.endpoint
  region   = "us-east-1"
}

resource "lambda_function" "worker" {
  function_name = var.function_name
  role          = "arn:aws:iam::000000000000:role/lambdaform-sqs-worker"
  runtime       = "python3.12"
  handler       = "lambda_function.handler"
  filename      = "${path.module}/build/app.zip"
  timeout       = 30
}

# Batches of up to 20 messages, gathered for at most 2 seconds; only the
# messages the function reports as failed become visible again. No
# lambda_permission is needed: Lambda reads the queue with the function's
# execution role.
resource "lambda_event_source_mapping" "jobs" {
  event_source_arn                   = var.queue_arn
  function_name                      = lambda_function.worker.function_name
  enabled                            = var.enabled
  batch_size                         = 20
  maximum_batching_window_in_seconds = 2
  function_response_types            = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = 2
  }
}

output "mapping_uuid" {
  value = lambda_event_source_mapping.jobs.uuid
}

output "log_group" {
  value = "/aws/lambda/${lambda_function.worker.function_name}"
}
