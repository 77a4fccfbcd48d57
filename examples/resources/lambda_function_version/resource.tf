resource "lambda_function" "app" {
  function_name = "app"
  role          = "arn:aws:iam::123456789012:role/app-lambda"
  handler       = "lambda_function.handler"
  runtime       = "python3.12"
  filename      = "${path.module}/build/app.zip"
  memory_size   = 256
}

# The recommended pattern: one resource for "the current release". It is
# republished (replaced) when the deployed code or the configuration you list
# changes, and never otherwise: no perpetual diffs. Do not use the function's
# revision_id as a trigger: publishing itself gives $LATEST a new revision.
resource "lambda_function_version" "current" {
  function_name = lambda_function.app.function_name

  # PublishVersion refuses to publish unless $LATEST has exactly this code.
  code_sha256 = lambda_function.app.code_sha256

  triggers = {
    config = sha256(jsonencode([
      lambda_function.app.runtime,
      lambda_function.app.handler,
      lambda_function.app.memory_size,
      lambda_function.app.timeout,
      lambda_function.app.environment,
    ]))
  }

  # Publish the new version before deleting the old one, so an alias
  # pointing here can move in between (AWS refuses to delete a version an
  # alias references). Set skip_destroy = true to keep old versions instead.
  lifecycle {
    create_before_destroy = true
  }
}

output "version" {
  value = lambda_function_version.current.version
}
