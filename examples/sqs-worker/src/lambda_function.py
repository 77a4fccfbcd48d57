import json


def handler(event, context):
    """Processes a batch of SQS messages; reports the ones it cannot handle.

    A message whose body is not a JSON object with a "task" is reported in
    batchItemFailures: only it returns to the queue (and, after the queue's
    maxReceiveCount, moves to its dead-letter queue), the rest are deleted.
    """
    failures = []
    for record in event["Records"]:
        try:
            task = json.loads(record["body"])["task"]
        except (ValueError, KeyError, TypeError):
            print("cannot process", record["messageId"], record["body"])
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        print("processed", record["messageId"], task)
    return {"batchItemFailures": failures}
