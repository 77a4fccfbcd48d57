import os

# The release label comes from the function's configuration (RELEASE, set by
# the `release` variable): each version keeps the label it was published with.
RELEASE = os.environ.get("RELEASE", "unset")


def handler(event, context):
    return {"release": RELEASE, "version": context.function_version}
