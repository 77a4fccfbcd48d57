# An SQS worker: batches of up to 100 messages (gathered for at most 5
# seconds), only orders, and only the messages the function reports as
# failed come back.
resource "lambda_event_source_mapping" "orders" {
  event_source_arn                   = "arn:aws:sqs:us-east-1:123456789012:orders"
  function_name                      = lambda_function.worker.function_name
  batch_size                         = 100
  maximum_batching_window_in_seconds = 5
  function_response_types            = ["ReportBatchItemFailures"]

  filter_criteria {
    filter {
      pattern = jsonencode({ body = { type = ["order"] } })
    }
  }

  scaling_config {
    maximum_concurrency = 10
  }
}

# A Kinesis consumer: in order per shard from the oldest record, two
# batches per shard at once (by partition key), failing batches split and
# retried three times, then described in an SQS queue.
resource "lambda_event_source_mapping" "clicks" {
  event_source_arn               = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"
  function_name                  = lambda_alias.live.arn
  starting_position              = "TRIM_HORIZON"
  batch_size                     = 500
  parallelization_factor         = 2
  bisect_batch_on_function_error = true
  maximum_retry_attempts         = 3
  maximum_record_age_in_seconds  = 3600

  destination_config {
    on_failure {
      destination_arn = "arn:aws:sqs:us-east-1:123456789012:clicks-failed"
    }
  }
}
