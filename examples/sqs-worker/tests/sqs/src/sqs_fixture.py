"""Test fixture of the sqs-worker example: the SQS side of its tests.

The lambda provider manages Lambda resources only, so `tofu test` gets its
queues and messages through this function, which calls the engine's SQS
(JSON 1.0) and CloudWatch Logs (JSON 1.1) APIs with the standard library.
It stands in for what the example's README does with the AWS CLI (and what
aws_sqs_queue would do on AWS); it sends unsigned requests, which an engine
started without --access-key accepts.

Events:
  {"action": "queue", "name": ..., "visibility_timeout": ..., "max_receive_count": ...,
   "tf": {"action": "create" | "update" | "delete"}}
      (a CRUD lambda_invocation) creates the queue NAME and its dead-letter
      queue NAME-dead, updates their attributes, or deletes both; returns
      their URLs and ARNs.
  {"action": "send_and_wait", "queue_url": ..., "dead_letter_queue_url": ...,
   "log_group": ..., "bodies": [...], "timeout_seconds": ...}
      sends the bodies in one SendMessageBatch, then polls until the queue
      is empty and the worker's log (LOG_GROUP) mentions every message ID,
      or the timeout passes; returns what it saw (see send_and_wait).
"""

import json
import os
import time
import urllib.error
import urllib.request

ENDPOINT = os.environ["ENGINE_ENDPOINT"].rstrip("/") + "/"
POLL_SECONDS = 0.1


class APIError(Exception):
    def __init__(self, status, body):
        super().__init__("HTTP %d: %s" % (status, body))
        self.type = ""
        try:
            self.type = json.loads(body).get("__type", "")
        except ValueError:
            pass


def call(target, version, body):
    req = urllib.request.Request(
        ENDPOINT,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"X-Amz-Target": target, "Content-Type": "application/x-amz-json-" + version},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as e:
        raise APIError(e.code, e.read().decode(errors="replace")) from None


def sqs(op, body):
    return call("AmazonSQS." + op, "1.0", body)


def logs(op, body):
    return call("Logs_20140328." + op, "1.1", body)


def queue_attributes(url, names):
    return sqs("GetQueueAttributes", {"QueueUrl": url, "AttributeNames": names})["Attributes"]


def queue(event):
    name, action = event["name"], event["tf"]["action"]
    dead = name + "-dead"
    if action == "delete":
        for n in (name, dead):
            try:
                sqs("DeleteQueue", {"QueueUrl": sqs("GetQueueUrl", {"QueueName": n})["QueueUrl"]})
            except APIError as e:
                if "NonExistentQueue" not in e.type and "QueueDoesNotExist" not in e.type:
                    raise
        return {"deleted": [name, dead]}

    dead_url = sqs("CreateQueue", {"QueueName": dead})["QueueUrl"]
    dead_arn = queue_attributes(dead_url, ["QueueArn"])["QueueArn"]
    attrs = {
        "VisibilityTimeout": str(event["visibility_timeout"]),
        "RedrivePolicy": json.dumps(
            {"deadLetterTargetArn": dead_arn, "maxReceiveCount": str(event["max_receive_count"])}
        ),
    }
    if action == "create":
        url = sqs("CreateQueue", {"QueueName": name, "Attributes": attrs})["QueueUrl"]
    else:
        url = sqs("GetQueueUrl", {"QueueName": name})["QueueUrl"]
        sqs("SetQueueAttributes", {"QueueUrl": url, "Attributes": attrs})
    return {
        "url": url,
        "arn": queue_attributes(url, ["QueueArn"])["QueueArn"],
        "dead_letter_url": dead_url,
        "dead_letter_arn": dead_arn,
    }


def log_messages(group):
    """Every message of the log group, oldest first ([] before it exists)."""
    out, token = [], None
    while True:
        req = {"logGroupName": group}
        if token:
            req["nextToken"] = token
        try:
            page = logs("FilterLogEvents", req)
        except APIError as e:
            if e.type.endswith("ResourceNotFoundException"):
                return []
            raise
        out += [ev["message"] for ev in page.get("events", [])]
        token = page.get("nextToken")
        if not token:
            return out


def send_and_wait(event):
    """Sends the bodies; waits until the worker has handled every message.

    Handled means gone from the queue (deleted after success, or moved to
    the dead-letter queue after failing) and named in the worker's log.
    Returns:
      done             whether that happened before timeout_seconds
      sent             body of each message, by message ID
      processed        task the worker logged as processed, by message ID
      rejected         message IDs the worker logged as unprocessable
      dead_letters     bodies now in the dead-letter queue, sorted
      left_in_queue    messages still in the queue (visible or in flight)
    """
    url = event["queue_url"]
    entries = [{"Id": "m%d" % i, "MessageBody": b} for i, b in enumerate(event["bodies"])]
    resp = sqs("SendMessageBatch", {"QueueUrl": url, "Entries": entries})
    if resp.get("Failed"):
        raise RuntimeError("SendMessageBatch failed: %s" % resp["Failed"])
    by_entry = {e["Id"]: e["MessageBody"] for e in entries}
    sent = {ok["MessageId"]: by_entry[ok["Id"]] for ok in resp["Successful"]}

    deadline = time.monotonic() + event.get("timeout_seconds", 20)
    while True:
        attrs = queue_attributes(
            url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
        )
        left = sum(int(v) for v in attrs.values())
        processed, rejected = {}, []
        for line in log_messages(event["log_group"]):
            words = line.split()
            if len(words) >= 3 and words[0] == "processed" and words[1] in sent:
                processed[words[1]] = " ".join(words[2:])
            elif len(words) >= 3 and words[:2] == ["cannot", "process"] and words[2] in sent:
                rejected.append(words[2])
        done = left == 0 and all(m in processed or m in rejected for m in sent)
        if done or time.monotonic() > deadline:
            break
        time.sleep(POLL_SECONDS)

    dead = sqs(
        "ReceiveMessage",
        {
            "QueueUrl": event["dead_letter_queue_url"],
            "MaxNumberOfMessages": 10,
            "VisibilityTimeout": 0,
            "WaitTimeSeconds": 0,
        },
    ).get("Messages", [])
    return {
        "done": done,
        "sent": sent,
        "processed": processed,
        "rejected": sorted(set(rejected)),
        "dead_letters": sorted(m["Body"] for m in dead),
        "left_in_queue": left,
    }


def handler(event, context):
    action = event.get("action")
    if action == "queue":
        return queue(event)
    if action == "send_and_wait":
        return send_and_wait(event)
    raise ValueError("unknown action %r" % action)
