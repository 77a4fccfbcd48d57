import json
import logging
import os

logger = logging.getLogger()
logger.setLevel(logging.INFO)  # the root logger starts at WARNING with the Text log format, as on AWS

# Module-level code runs once per execution environment (the init phase).
GREETING = os.environ.get("GREETING", "hello")


def handler(event, context):
    name = (event or {}).get("name", "world")
    logger.info("greeting %s from %s", name, context.function_name)
    return {"statusCode": 200, "body": json.dumps({"message": f"{GREETING}, {name}"})}
