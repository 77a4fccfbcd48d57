"""Greeter: answers {"name": ...} with a greeting built from the function's configuration."""

import json
import logging
import os

logger = logging.getLogger()
logger.setLevel(logging.INFO)

# Read once per execution environment (the init phase); a configuration
# change gives the function a new environment, so a new value is seen.
GREETING = os.environ.get("GREETING", "Hello")
PUNCTUATION = os.environ.get("PUNCTUATION", "!")


def handler(event, context):
    name = (event or {}).get("name") or "world"
    message = f"{GREETING}, {name}{PUNCTUATION}"
    logger.info("greeted %s", name)
    return {
        "message": message,
        "length": len(message),
        "function": context.function_name,
        "memory_mb": int(context.memory_limit_in_mb),
    }
