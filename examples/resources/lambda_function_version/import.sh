# Versions are imported as FUNCTION_NAME:VERSION or by their qualified ARN.
# triggers cannot be read back; skip_destroy starts out false.
terraform import lambda_function_version.current app:3
terraform import lambda_function_version.current arn:aws:lambda:us-east-1:123456789012:function:app:3
