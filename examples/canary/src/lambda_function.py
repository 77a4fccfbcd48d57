# Edit RELEASE (or anything else) between applies to roll out a new release.
RELEASE = "1"


def handler(event, context):
    return {"release": RELEASE, "version": context.function_version}
