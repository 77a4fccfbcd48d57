# Canary rollout of a function through a weighted alias, against a local
# Lambdaform engine (or AWS: set backend = "aws", a region and a real role).
#
#   ./build.sh && tofu apply                  # release 1: version "stable", alias live -> stable
#   export TF_VAR_release=2                   # a new release (new code works too: edit src/, ./build.sh)
#   tofu apply -var canary_weight=0.1         # release 2 published as "canary", 10% of live
#   tofu apply -var canary_weight=0.5         # 50%
#   tofu apply -var canary_weight=1           # promoted: live -> canary only
#   tofu apply -var canary_weight=0           # (rollback at any point: live -> stable only)
#
# Then make the promoted release the new stable one, ready for the next cycle:
#
#   tofu apply -replace=lambda_function_version.stable -var canary_weight=0
#
# tests/canary.tftest.hcl walks these steps with `tofu test`.
#
# Both versions use skip_destroy, so replacing or removing them never deletes
# a version: the previous release stays available for rollbacks, and the
# re-published "stable" adopts the version the canary already published
# (Lambda does not publish an identical version twice). That is also why the
# versions carry no description: an adopted version keeps its own.

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
  description = "Name of the function."
  type        = string
  default     = "lambdaform-canary"
}

variable "release" {
  description = "Label of the release the function's current configuration carries (its RELEASE environment variable); changing it, like changing the code, publishes a new canary version."
  type        = string
  default     = "1"
}

variable "canary_weight" {
  description = "Fraction of the alias's traffic sent to the current code: 0 (none, no canary version), between 0 and 1 (canary), 1 (promoted)."
  type        = number
  default     = 0
  validation {
    condition     = var.canary_weight >= 0 && var.canary_weight <= 1
    error_message = "canary_weight must be between 0 and 1."
  }
}

provider "lambda" {
  backend  = "local"
  endpoint = var.endpoint
  region   = "us-east-1"
}

locals {
  canary   = var.canary_weight > 0
  promoted = var.canary_weight >= 1
}

resource "lambda_function" "app" {
  function_name = var.function_name
  role          = "arn:aws:iam::123456789012:role/lambdaform-canary"
  runtime       = "python3.12"
  handler       = "lambda_function.handler"
  filename      = "${path.module}/build/app.zip"
  timeout       = 10

  environment {
    variables = {
      RELEASE = var.release
    }
  }
}

# The release live traffic runs by default. Without triggers it is published
# once and then left alone while the function's code moves on.
resource "lambda_function_version" "stable" {
  function_name = lambda_function.app.function_name
  skip_destroy  = true
}

# The release being rolled out: the function's current code and release
# label, published while a canary is configured. code_sha256 makes
# PublishVersion refuse any other code and republishes when the package
# changes; the trigger republishes when the environment (RELEASE) changes.
resource "lambda_function_version" "canary" {
  count         = local.canary ? 1 : 0
  function_name = lambda_function.app.function_name
  code_sha256   = lambda_function.app.code_sha256
  skip_destroy  = true
  triggers = {
    config = sha256(jsonencode(lambda_function.app.environment))
  }
}

resource "lambda_alias" "live" {
  name             = "live"
  function_name    = lambda_function.app.function_name
  function_version = local.promoted ? lambda_function_version.canary[0].version : lambda_function_version.stable.version

  dynamic "routing_config" {
    for_each = local.canary && !local.promoted ? [var.canary_weight] : []
    content {
      additional_version_weights = {
        (lambda_function_version.canary[0].version) = routing_config.value
      }
    }
  }
}

# Invoked through the alias on every change of the alias: which version ran
# and what it answered.
resource "lambda_invocation" "probe" {
  function_name = lambda_function.app.function_name
  qualifier     = lambda_alias.live.name
  input         = jsonencode({ probe = true })
  triggers = {
    revision = lambda_alias.live.revision_id
  }
}

output "stable_version" {
  value = lambda_function_version.stable.version
}

output "canary_version" {
  value = local.canary ? lambda_function_version.canary[0].version : null
}

output "live" {
  value = {
    arn              = lambda_alias.live.arn
    function_version = lambda_alias.live.function_version
    routing          = lambda_alias.live.routing_config
  }
}

output "probe" {
  value = {
    executed_version = lambda_invocation.probe.executed_version
    result           = jsondecode(lambda_invocation.probe.result)
  }
}
