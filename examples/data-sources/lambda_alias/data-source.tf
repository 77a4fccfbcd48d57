data "lambda_alias" "live" {
  function_name = "app"
  name          = "live"
}

output "live_version" {
  value = data.lambda_alias.live.function_version
}

# Empty unless a canary is in progress, such as { "4" = 0.1 }.
output "canary" {
  value = data.lambda_alias.live.additional_version_weights
}
