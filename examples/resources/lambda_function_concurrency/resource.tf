# At most 5 invocations of the worker run at once; further calls are
# throttled with TooManyRequestsException. The 5 are set aside from the
# account's concurrency for this function alone.
resource "lambda_function_concurrency" "worker" {
  function_name                  = lambda_function.worker.function_name
  reserved_concurrent_executions = 5
}

# Switching a function off: a reservation of 0 throttles every invocation.
resource "lambda_function_concurrency" "paused" {
  function_name                  = lambda_function.legacy.function_name
  reserved_concurrent_executions = 0
}
