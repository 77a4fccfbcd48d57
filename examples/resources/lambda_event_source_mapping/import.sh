# Event source mappings are imported by UUID (the UUID a "mapping already
# exists" error names, or `aws lambda list-event-source-mappings`).
terraform import lambda_event_source_mapping.orders 14e0db71-5d35-4eb5-b481-8945cf9d10c2
