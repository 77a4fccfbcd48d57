"""Lambdaform's Python runtime: loads the function's handler and serves
invocations from the Lambda Runtime API, behaving as AWS's Python runtime
does (error shapes, context object, log format). Standard library only, and
only cheap imports on the start-up path: every millisecond here is cold start.
"""

import _socket
import json
import os
import sys
import time

API_PREFIX = "/2018-06-01/runtime"
FAULT_MARSHAL = "Runtime.MarshalError"
FAULT_UNMARSHAL = "Runtime.UnmarshalError"
FAULT_SYNTAX = "Runtime.UserCodeSyntaxError"
FAULT_NOT_FOUND = "Runtime.HandlerNotFound"
FAULT_IMPORT = "Runtime.ImportModuleError"
FAULT_BUILTIN = "Runtime.BuiltInModuleConflict"
FAULT_MALFORMED = "Runtime.MalformedHandlerName"
FAULT_CONTEXT = "Runtime.LambdaContextUnmarshalError"
UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in "
    "the function code. However, in rare cases, a Lambda runtime update can cause "
    "unexpected function behavior. For functions using managed runtimes, runtime "
    "updates can be triggered by a function change, or can be applied "
    "automatically. To determine if the runtime has been updated, check the "
    "runtime version in the INIT_START log entry. If this error correlates with a "
    "change in the runtime version, you may be able to mitigate this error by "
    "temporarily rolling back to the previous runtime version. For more "
    "information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html"
)
JSON_LOGS = os.environ.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == "JSON"
# AWS's runtime writes non-ASCII characters as-is from python3.12 on.
ENSURE_ASCII = os.environ.get("AWS_EXECUTION_ENV", "") < "AWS_Lambda_python3.12"


class Fault(Exception):
    """A failure the runtime reports with one of AWS's Runtime.* types."""

    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type, self.message, self.trace = error_type, message, trace


class RuntimeAPI:
    """A minimal HTTP/1.1 client over one keep-alive connection. The Runtime
    API is local and well-behaved; http.client would cost more import time
    than the rest of this runtime together."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.address = (host.strip("[]"), int(port))
        self.host = address
        self.sock = None
        self.buf = bytearray()

    def request(self, method, path, body=b"", headers=None):
        reused = self.sock is not None
        try:
            return self._roundtrip(method, path, body, headers or {})
        except OSError:
            self.close()
            if not reused:
                raise
        # The server may close an idle keep-alive connection; retry once.
        return self._roundtrip(method, path, body, headers or {})

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buf = None, bytearray()

    def _connect(self):
        family, kind, proto, _, addr = _socket.getaddrinfo(
            self.address[0], self.address[1], 0, _socket.SOCK_STREAM
        )[0]
        self.sock = _socket.socket(family, kind, proto)
        self.sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
        self.sock.connect(addr)

    def _roundtrip(self, method, path, body, headers):
        if self.sock is None:
            self._connect()
        head = "%s %s HTTP/1.1\r\nHost: %s\r\n" % (method, path, self.host)
        if method != "GET":
            headers["Content-Length"] = str(len(body))
        head += "".join("%s: %s\r\n" % kv for kv in headers.items()) + "\r\n"
        self.sock.sendall(head.encode("latin-1") + body)
        status, resp_headers = self._read_head()
        resp_body = self._read_body(resp_headers)
        if resp_headers.get("connection", "").lower() == "close":
            self.close()
        return status, resp_headers, resp_body

    def _fill(self):
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionResetError("Runtime API closed the connection")
        self.buf += chunk

    def _take(self, n):
        while len(self.buf) < n:
            self._fill()
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def _line(self, sep=b"\r\n"):
        while True:
            i = self.buf.find(sep)
            if i >= 0:
                return self._take(i + len(sep))[: -len(sep)]
            self._fill()

    def _read_head(self):
        lines = self._line(b"\r\n\r\n").decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return int(lines[0].split()[1]), headers

    def _read_body(self, headers):
        if headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    while self._line():  # trailers, then the final empty line
                        pass
                    return b"".join(parts)
                parts.append(self._take(size))
                self._take(2)
        return self._take(int(headers.get("content-length", "0")))


class _Record:
    """An object whose attributes come from a dict, like AWS's context parts."""

    def __init__(self, fields, values):
        for name in fields:
            setattr(self, name, values.get(name))

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, vars(self))


class ClientContext(_Record):
    pass


class Client(_Record):
    pass


class CognitoIdentity(_Record):
    pass


class LambdaContext:
    """The context object handed to the handler, as AWS builds it."""

    def __init__(self, request_id, headers):
        env = os.environ
        self.aws_request_id = request_id
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION")
        # AWS's runtime passes the environment string through unchanged.
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.invoked_function_arn = headers.get("lambda-runtime-invoked-function-arn")
        self.tenant_id = headers.get("lambda-runtime-aws-tenant-id")
        self._deadline_ms = int(headers.get("lambda-runtime-deadline-ms") or 0)
        self.client_context = None
        cc = _header_json(headers, "lambda-runtime-client-context", "Client Context")
        if cc is not None:
            self.client_context = ClientContext(("custom", "env", "client"), cc)
            if cc.get("client") is not None:
                self.client_context.client = Client(
                    ("installation_id", "app_title", "app_version_name",
                     "app_version_code", "app_package_name"), cc["client"])
        ident = _header_json(headers, "lambda-runtime-cognito-identity", "Cognito Identity") or {}
        self.identity = CognitoIdentity((), {})
        self.identity.cognito_identity_id = ident.get("cognitoIdentityId")
        self.identity.cognito_identity_pool_id = ident.get("cognitoIdentityPoolId")

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def log(self, msg):
        sys.stdout.write(str(msg))


def _header_json(headers, name, label):
    raw = headers.get(name)
    if not raw:
        return None
    try:
        return json.loads(raw)
    except Exception as e:
        raise Fault(FAULT_CONTEXT, "Unable to parse %s JSON: %s" % (label, e))


# --- logging -----------------------------------------------------------------

_request = {"id": None, "tenant": None}  # the invocation in progress, for log records


class _ConfigureLoggingOnImport:
    """AWS's runtime configures the root logger at start-up. Importing
    logging costs more than this whole runtime, and many functions never use
    it, so the configuration happens the moment anything imports logging."""

    def find_spec(self, name, path=None, target=None):
        if name != "logging":
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                spec.loader = _ThenConfigure(spec.loader)
                return spec
        return None


class _ThenConfigure:
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        import lambdaform_logging

        lambdaform_logging.setup(_request, JSON_LOGS)


def setup_logging():
    if "logging" in sys.modules:
        import lambdaform_logging

        lambdaform_logging.setup(_request, JSON_LOGS)
    else:
        sys.meta_path.insert(0, _ConfigureLoggingOnImport())


def log_error(err):
    """Log an unhandled error the way AWS's runtime does before reporting it."""
    if JSON_LOGS:
        ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        sys.stdout.write(json.dumps({"timestamp": ts, "level": "ERROR", **err}) + "\n")
        return
    head = "[ERROR]"
    if err["errorType"]:
        head += " " + err["errorType"] + (":" if err["errorMessage"] else "")
    if err["errorMessage"]:
        head += " " + err["errorMessage"]
    lines = [head, "Traceback (most recent call last):"]
    for frame in err["stackTrace"]:
        for line in frame.splitlines() or [""]:
            stripped = line.lstrip(" ")
            # Leading spaces become no-break spaces so CloudWatch keeps them.
            lines.append("\u00a0" * (len(line) - len(stripped)) + stripped)
    sys.stdout.write("\r".join(lines) + "\n")


# --- handler -----------------------------------------------------------------


def load_handler(spec):
    """Import the handler's module (running its init code) and return the
    handler function, raising Fault with AWS's types and messages."""
    try:
        modname, fname = spec.rsplit(".", 1)
    except ValueError as e:
        raise Fault(FAULT_MALFORMED, "Bad handler '%s': %s" % (spec, e))
    if modname.split(".")[0] in sys.builtin_module_names:
        raise Fault(FAULT_BUILTIN, "Cannot use built-in module %s as a handler module" % modname)
    import importlib

    try:
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise Fault(FAULT_IMPORT, "Unable to import module '%s': %s" % (modname, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise Fault(FAULT_SYNTAX, "Syntax error in module '%s': %s" % (modname, e), trace)
    try:
        return getattr(module, fname)
    except AttributeError:
        raise Fault(FAULT_NOT_FOUND, "Handler '%s' missing on module '%s'" % (fname, modname))


def make_error(message, error_type, trace, request_id=""):
    return {"errorMessage": message or "", "errorType": error_type or "",
            "requestId": request_id or "", "stackTrace": trace or []}


def error_from(exc, request_id=""):
    """AWS's error body for any exception, with the runtime's frames dropped."""
    if isinstance(exc, Fault):
        return make_error(exc.message, exc.error_type, exc.trace, request_id)
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    while frames and frames[0].filename == __file__:
        frames.pop(0)
    return make_error(str(exc), type(exc).__name__, traceback.format_list(frames), request_id)


def _json_default(obj):
    # AWS's runtime serialises Decimal as a JSON number.
    if type(obj).__name__ == "Decimal":
        return int(obj) if obj == obj.to_integral_value() else float(obj)
    raise TypeError("Object of type %s is not JSON serializable" % type(obj).__name__)


def marshal(result):
    if isinstance(result, bytes):
        return result, "application/unknown"
    try:
        text = json.dumps(result, ensure_ascii=ENSURE_ASCII, default=_json_default)
    except Exception as e:
        raise Fault(FAULT_MARSHAL, "Unable to marshal response: %s" % e)
    return text.encode("utf-8"), "application/json"


def unmarshal(body, content_type):
    if content_type and content_type != "application/json":
        return body
    try:
        return json.loads(body)
    except Exception as e:
        raise Fault(FAULT_UNMARSHAL, "Unable to unmarshal input: %s" % e)


def invoke(api, handler, headers, body):
    """Run one invocation and report its result or error."""
    rid = headers["lambda-runtime-aws-request-id"]
    try:
        ctx = LambdaContext(rid, headers)
        result = handler(unmarshal(body, headers.get("content-type")), ctx)
        payload, content_type = marshal(result)
    except Exception as e:
        err = error_from(e, rid)
        log_error(err)
        post_error(api, "%s/invocation/%s/error" % (API_PREFIX, rid), err)
        return
    api.request("POST", "%s/invocation/%s/response" % (API_PREFIX, rid), payload,
                {"Content-Type": content_type})


def post_error(api, path, err):
    api.request("POST", path, json.dumps(err).encode("utf-8"), {
        "Content-Type": "application/json",
        "Lambda-Runtime-Function-Error-Type": err["errorType"]})


def main():
    # Log lines must reach the engine at once and in order.
    sys.stdout.reconfigure(line_buffering=True, write_through=True)
    sys.stderr.reconfigure(line_buffering=True, write_through=True)
    api = RuntimeAPI(os.environ["AWS_LAMBDA_RUNTIME_API"])
    setup_logging()
    task_root = os.environ.get("LAMBDA_TASK_ROOT")
    if task_root and task_root not in sys.path:
        sys.path.insert(0, task_root)
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except Exception as e:
        err = error_from(e)
        import logging

        logging.warning(UNHANDLED_WARNING)
        log_error(err)
        post_error(api, API_PREFIX + "/init/error", err)
        sys.exit(1)
    while True:
        status, headers, body = api.request("GET", API_PREFIX + "/invocation/next")
        if status != 200:
            sys.exit("lambdaform runtime: /invocation/next returned %d: %r" % (status, body))
        _request["id"] = headers.get("lambda-runtime-aws-request-id")
        _request["tenant"] = headers.get("lambda-runtime-aws-tenant-id")
        trace = headers.get("lambda-runtime-trace-id")
        if trace:
            os.environ["_X_AMZN_TRACE_ID"] = trace
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        invoke(api, handler, headers, body)
