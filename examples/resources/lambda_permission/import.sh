# Permissions are imported as FUNCTION_NAME/STATEMENT_ID, or
# FUNCTION_NAME:QUALIFIER/STATEMENT_ID for a version or alias.
# statement_id_prefix cannot be read back.
terraform import lambda_permission.s3 app/AllowS3Invoke
terraform import lambda_permission.events app:live/events-20240101120000000000000001
