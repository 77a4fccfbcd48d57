# Invocations of a function over the last hour, and whether any failed.
data "lambda_function_metrics" "invocations" {
  function_name = "hello"
  metric_name   = "Invocations"
}

data "lambda_function_metrics" "errors" {
  function_name = "hello"
  metric_name   = "Errors"
  since         = "15m"
}

# Worst duration per 5-minute period of the "live" alias.
data "lambda_function_metrics" "latency" {
  function_name  = "hello"
  qualifier      = "live"
  metric_name    = "Duration"
  statistic      = "Maximum"
  period_seconds = 300
}

output "invocations" {
  value = data.lambda_function_metrics.invocations.value
}

output "error_free" {
  value = data.lambda_function_metrics.errors.value == 0
}
