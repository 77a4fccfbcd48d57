data "lambda_function" "existing" {
  function_name = "hello"
}

# A specific published version or alias.
data "lambda_function" "v1" {
  function_name = "hello"
  qualifier     = "1"
}

output "hello_invoke_arn" {
  value = data.lambda_function.existing.invoke_arn
}
