"""Reports how the execution environment that runs it was initialised.

AWS_LAMBDA_INITIALIZATION_TYPE is "provisioned-concurrency" in an environment
that provisioned concurrency initialised ahead of time and "on-demand" in one
started by an invocation.
"""

import os

# Read during init, like any module-level code: this is the environment's value.
INITIALIZATION_TYPE = os.environ["AWS_LAMBDA_INITIALIZATION_TYPE"]


def handler(event, context):
    return {
        "initialization_type": os.environ["AWS_LAMBDA_INITIALIZATION_TYPE"],
        "init_initialization_type": INITIALIZATION_TYPE,
        "version": os.environ["AWS_LAMBDA_FUNCTION_VERSION"],
        "invoked_function_arn": context.invoked_function_arn,
    }
