# A function's reservation is imported by the function name.
terraform import lambda_function_concurrency.worker worker
