output "function_name" {
  description = "Name of the function."
  value       = lambda_function.this.function_name
}

output "version" {
  description = "The published version the alias points to."
  value       = lambda_function_version.this.version
}

output "alias_arn" {
  description = "ARN of the alias; invoke it to be served by a provisioned environment."
  value       = lambda_alias.this.arn
}

output "alias_invocation" {
  description = "What the function answered when invoked through the alias."
  value       = jsondecode(lambda_invocation.alias.result)
}

output "latest_invocation" {
  description = "What the function answered when invoked as $LATEST."
  value       = jsondecode(lambda_invocation.latest.result)
}
