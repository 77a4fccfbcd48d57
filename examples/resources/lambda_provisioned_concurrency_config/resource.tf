resource "lambda_function_version" "release" {
  function_name = lambda_function.api.function_name
}

resource "lambda_alias" "live" {
  name             = "live"
  function_name    = lambda_function.api.function_name
  function_version = lambda_function_version.release.version
}

# Two environments of the version behind "live" are initialised ahead of
# time and kept warm: the first two concurrent calls never start cold.
# Apply waits until the configuration is READY.
resource "lambda_provisioned_concurrency_config" "live" {
  function_name                     = lambda_function.api.function_name
  qualifier                         = lambda_alias.live.name
  provisioned_concurrent_executions = 2

  timeouts {
    create = "10m"
  }
}
