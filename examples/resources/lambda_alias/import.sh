# Aliases are imported as FUNCTION_NAME/ALIAS or by the alias ARN.
terraform import lambda_alias.live app/live
terraform import lambda_alias.live arn:aws:lambda:us-east-1:123456789012:function:app:live
