"""The root logger configuration of AWS's Python runtime: Text records
prefixed with level, UTC time and request id, or AWS's JSON records."""

import json
import logging
import os
import sys
import time

_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message", "asctime", "aws_request_id", "tenant_id", "taskName"}


class RequestFilter(logging.Filter):
    """Stamps each record with the invocation in progress."""

    def __init__(self, request):
        super().__init__()
        self.request = request

    def filter(self, record):
        record.aws_request_id = self.request["id"] or ""
        record.tenant_id = self.request["tenant"]
        return True


class StdoutHandler(logging.Handler):
    """Writes each record as one stdout line: AWS keeps a multi-line record in
    one log event by framing, the engine reads lines, so newlines inside a
    record become carriage returns (as AWS's Node runtime does on stdout)."""

    def emit(self, record):
        try:
            text = self.format(record)
            sys.stdout.write(text[:-1].replace("\n", "\r") + "\n")
        except Exception:
            self.handleError(record)


class JsonFormatter(logging.Formatter):
    """AWS's JSON log record: fixed keys, then the record's extra fields."""

    def format(self, record):
        record.levelno = min(50, max(0, record.levelno)) // 10 * 10
        record.levelname = logging.getLevelName(record.levelno)
        ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        exc = record.exc_info
        out = {
            "timestamp": "%s.%03dZ" % (ts, record.msecs),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "stackTrace": _format_tb(exc[2]) if exc else None,
            "errorType": exc[0].__name__ if exc else None,
            "errorMessage": str(exc[1]) if exc else None,
            "requestId": getattr(record, "aws_request_id", None),
            "location": "%s:%s:%s" % (record.pathname, record.funcName, record.lineno)
            if exc else None,
        }
        if getattr(record, "tenant_id", None) is not None:
            out["tenantId"] = record.tenant_id
        for key, value in vars(record).items():
            if key not in _RESERVED and key not in out:
                out[key] = value
        body = {k: v for k, v in out.items() if v is not None}
        return json.dumps(body, ensure_ascii=False, default=str) + "\n"


def _format_tb(tb):
    import traceback

    return traceback.format_tb(tb)


def setup(request, json_format):
    """Configure the root logger as AWS's runtime does."""
    logging.Formatter.converter = time.gmtime
    handler = StdoutHandler()
    if json_format:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
            "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(RequestFilter(request))
    root = logging.getLogger()
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    level = "DEBUG" if level == "TRACE" else level
    if level in ("DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL"):
        root.setLevel(level)
    root.addHandler(handler)
