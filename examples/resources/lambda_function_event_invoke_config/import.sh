# Event invoke configurations are imported as FUNCTION_NAME, FUNCTION_NAME:QUALIFIER,
# or the function ARN, unqualified or qualified with the version or alias.
terraform import lambda_function_event_invoke_config.orders orders
terraform import lambda_function_event_invoke_config.orders_live orders:live
terraform import lambda_function_event_invoke_config.orders arn:aws:lambda:us-east-1:123456789012:function:orders
terraform import lambda_function_event_invoke_config.orders_live arn:aws:lambda:us-east-1:123456789012:function:orders:live
