output "function_name" {
  description = "Name of the function."
  value       = lambda_function.this.function_name
}

output "arn" {
  description = "ARN of the function."
  value       = lambda_function.this.arn
}

output "code_sha256" {
  description = "SHA-256 of the deployed package, as Lambda reports it."
  value       = lambda_function.this.code_sha256
}

output "smoke_test" {
  description = "What the function answered to the smoke-test invocation."
  value       = jsondecode(lambda_invocation.smoke.result)
}
