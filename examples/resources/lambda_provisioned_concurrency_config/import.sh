# Provisioned concurrency is imported as FUNCTION_NAME,QUALIFIER.
terraform import lambda_provisioned_concurrency_config.live api,live
