# Retry a failed event once, drop events older than an hour, and record
# every outcome: failures in an SQS queue, successes with another function.
resource "lambda_function_event_invoke_config" "orders" {
  function_name                = lambda_function.orders.function_name
  maximum_event_age_in_seconds = 3600
  maximum_retry_attempts       = 1

  destination_config {
    on_failure {
      destination = "arn:aws:sqs:us-east-1:123456789012:orders-failed"
    }

    on_success {
      destination = lambda_function.audit.arn
    }
  }
}

# A separate configuration for the "live" alias: never retry.
resource "lambda_function_event_invoke_config" "orders_live" {
  function_name          = lambda_function.orders.function_name
  qualifier              = lambda_alias.live.name
  maximum_retry_attempts = 0
}
