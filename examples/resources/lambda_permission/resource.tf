# Let an S3 bucket invoke the function. function_name is the function's ARN:
# it is unknown exactly when the function is being replaced, so the
# permission is re-created on the new function in the same apply.
resource "lambda_permission" "s3" {
  statement_id   = "AllowS3Invoke"
  function_name  = lambda_function.app.arn
  action         = "lambda:InvokeFunction"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::my-uploads"
  source_account = "123456789012"
}

# A permission on an alias, with a generated statement ID.
resource "lambda_permission" "events" {
  statement_id_prefix = "events-"
  function_name       = lambda_function.app.arn
  qualifier           = lambda_alias.live.name
  action              = "lambda:InvokeFunction"
  principal           = "events.amazonaws.com"
  source_arn          = "arn:aws:events:us-east-1:123456789012:rule/nightly"
}

# A public function URL.
resource "lambda_permission" "url" {
  statement_id           = "FunctionURLAllowPublicAccess"
  function_name          = lambda_function.app.arn
  action                 = "lambda:InvokeFunctionUrl"
  principal              = "*"
  function_url_auth_type = "NONE"
}
