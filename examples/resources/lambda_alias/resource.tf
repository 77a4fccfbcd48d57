resource "lambda_alias" "live" {
  name             = "live"
  description      = "Production traffic"
  function_name    = lambda_function.app.function_name
  function_version = lambda_function_version.stable.version

  # Canary: 10% of invocations run the candidate version. AWS allows exactly
  # one additional version; the provider checks that at plan time.
  routing_config {
    additional_version_weights = {
      (lambda_function_version.candidate.version) = 0.1
    }
  }
}

output "live_arn" {
  value = lambda_alias.live.arn
}
