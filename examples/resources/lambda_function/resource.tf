# build/hello.zip is produced by your build (for example
# `zip -j build/hello.zip src/lambda_function.py`). Editing the file is
# enough to redeploy: code_sha256 is compared with the file's hash at plan time.
resource "lambda_function" "hello" {
  function_name = "hello"
  role          = "arn:aws:iam::123456789012:role/hello-lambda"
  handler       = "lambda_function.handler"
  runtime       = "python3.12"
  filename      = "${path.module}/build/hello.zip"

  # Optional: ported aws_lambda_function configurations keep working; a
  # change of this value forces a code update.
  source_code_hash = filebase64sha256("${path.module}/build/hello.zip")

  memory_size = 256
  timeout     = 10
  publish     = true

  environment {
    variables = {
      GREETING = "hello"
    }
  }

  logging_config {
    log_format            = "JSON"
    application_log_level = "INFO"
  }

  tags = {
    team = "platform"
  }

  timeouts {
    create = "5m"
  }
}
