package runtimes

import (
	"strings"
	"testing"
)

const pyContext = `
import os, sys
def handler(event, context):
    cc = context.client_context
    return {
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "aws_request_id": context.aws_request_id,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining_positive": context.get_remaining_time_in_millis() > 0,
        "client_installation": cc and cc.client.installation_id,
        "custom": cc and cc.custom,
        "cc_env": cc and cc.env,
        "identity_id": context.identity.cognito_identity_id,
        "identity_pool": context.identity.cognito_identity_pool_id,
        "trace": os.environ.get("_X_AMZN_TRACE_ID"),
        "task_root_first": sys.path[0] == os.environ["LAMBDA_TASK_ROOT"],
        "exec_env": os.environ.get("AWS_EXECUTION_ENV"),
    }
`

func TestPythonBootstrap(t *testing.T) {
	runCases(t, "python3.12", []bootCase{
		{
			name:    "echo and init once",
			handler: "app.handler",
			files: map[string]string{"app.py": `
count = 0
def handler(event, context):
    global count
    count += 1
    return {"event": event, "count": count}
`},
			events: []invocation{ev(1, `{"a":[1,2]}`), ev(2, `"x"`)},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				wantKind(t, got[0], "response", reqID(1))
				wantJSON(t, got[0], `{"event":{"a":[1,2]},"count":1}`)
				wantJSON(t, got[1], `{"event":"x","count":2}`)
			},
		},
		{
			name:    "None result is null",
			handler: "pkg.sub.mod.handler",
			files:   map[string]string{"pkg/__init__.py": "", "pkg/sub/__init__.py": "", "pkg/sub/mod.py": "def handler(e, c):\n    return None\n"},
			events:  []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				wantKind(t, got[0], "response", reqID(1))
				if got[0].body != "null" {
					t.Errorf("body = %q, want null", got[0].body)
				}
			},
		},
		{
			name:    "context fields and client context",
			handler: "app.handler",
			files:   map[string]string{"app.py": pyContext},
			events: []invocation{ev(1, `{}`,
				"Lambda-Runtime-Client-Context", `{"client":{"installation_id":"inst-1"},"custom":{"k":"v"},"env":{"platform":"test"}}`,
				"Lambda-Runtime-Cognito-Identity", `{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}`,
				"Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				wantKind(t, got[0], "response", reqID(1))
				wantJSON(t, got[0], `{
					"function_name":"fn","function_version":"$LATEST",
					"invoked_function_arn":"arn:aws:lambda:us-east-1:000000000000:function:fn",
					"memory_limit_in_mb":"256","aws_request_id":"`+reqID(1)+`",
					"log_group_name":"/aws/lambda/fn","log_stream_name":"2026/01/01/[$LATEST]abc",
					"remaining_positive":true,"client_installation":"inst-1","custom":{"k":"v"},
					"cc_env":{"platform":"test"},"identity_id":"id-1","identity_pool":"pool-1",
					"trace":"Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
					"task_root_first":true,"exec_env":"AWS_Lambda_python3.12"}`)
			},
		},
		{
			name:    "exception",
			handler: "app.handler",
			files:   map[string]string{"app.py": "def handler(e, c):\n    helper()\n\ndef helper():\n    raise ValueError('boom')\n"},
			events:  []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, out string, _ error) {
				wantKind(t, got[0], "error", reqID(1))
				wantFields(t, got[0], map[string]any{"errorType": "ValueError", "errorMessage": "boom", "requestId": reqID(1)})
				trace := decode(t, got[0])["stackTrace"].([]any)
				if len(trace) != 2 || !strings.Contains(trace[0].(string), "app.py\", line 2, in handler") ||
					!strings.Contains(trace[1].(string), "raise ValueError('boom')") {
					t.Errorf("stackTrace = %q, want the two user frames only", trace)
				}
				if h := got[0].header.Get("Lambda-Runtime-Function-Error-Type"); h != "ValueError" {
					t.Errorf("error type header = %q", h)
				}
				wantLine(t, out, "^\\[ERROR\\] ValueError: boom\rTraceback \\(most recent call last\\):\r\u00a0\u00a0File .*app.py\", line 2, in handler\r")
			},
		},
		{
			name:    "unserialisable result",
			handler: "app.handler",
			files:   map[string]string{"app.py": "def handler(e, c):\n    return {1, 2}\n"},
			events:  []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				wantKind(t, got[0], "error", reqID(1))
				wantFields(t, got[0], map[string]any{"errorType": "Runtime.MarshalError",
					"errorMessage": "Unable to marshal response: Object of type set is not JSON serializable"})
			},
		},
		{
			name: "missing module", handler: "nope.handler", files: map[string]string{"app.py": ""},
			check: wantInitError("Runtime.ImportModuleError", "Unable to import module 'nope': No module named 'nope'"),
		},
		{
			name: "missing dependency", handler: "app.handler", files: map[string]string{"app.py": "import requestz\n"},
			check: wantInitError("Runtime.ImportModuleError", "Unable to import module 'app': No module named 'requestz'"),
		},
		{
			name: "missing handler", handler: "app.handler", files: map[string]string{"app.py": "x = 1\n"},
			check: wantInitError("Runtime.HandlerNotFound", "Handler 'handler' missing on module 'app'"),
		},
		{
			name: "syntax error", handler: "app.handler", files: map[string]string{"app.py": "def handler(:\n"},
			check: wantInitError("Runtime.UserCodeSyntaxError", "Syntax error in module 'app': "),
		},
		{
			name: "malformed handler", handler: "handler", files: map[string]string{"app.py": ""},
			check: wantInitError("Runtime.MalformedHandlerName", "Bad handler 'handler': "),
		},
		{
			name: "exception during init", handler: "app.handler", files: map[string]string{"app.py": "raise KeyError('cfg')\n"},
			check: wantInitError("KeyError", "'cfg'"),
		},
		{
			name:    "text logs",
			handler: "app.handler",
			files: map[string]string{"app.py": `
import logging
logger = logging.getLogger()
def handler(e, c):
    print("plain print")
    logger.info("info %s", "line")
    logger.debug("hidden")
    logger.warning("two\nlines")
    return 1
`},
			env:    []string{"AWS_LAMBDA_LOG_LEVEL=INFO"},
			events: []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, out string, _ error) {
				wantKind(t, got[0], "response", reqID(1))
				wantLine(t, out, "^plain print$")
				wantLine(t, out, `^\[INFO\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t`+reqID(1)+`\tinfo line$`)
				wantLine(t, out, `^\[WARNING\]\t\S+Z\t`+reqID(1)+"\ttwo\rlines$")
				if strings.Contains(out, "hidden") {
					t.Errorf("debug record printed at level INFO:\n%s", out)
				}
			},
		},
		{
			name:    "logging first imported during an invocation",
			handler: "app.handler",
			files:   map[string]string{"app.py": "def handler(e, c):\n    import logging\n    logging.warning('late')\n    return 1\n"},
			events:  []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, out string, _ error) {
				wantLine(t, out, `^\[WARNING\]\t\S+Z\t`+reqID(1)+`\tlate$`)
			},
		},
		{
			name:    "json logs",
			handler: "app.handler",
			files: map[string]string{"app.py": `
import logging
def handler(e, c):
    logging.getLogger("svc").error("failed", extra={"order": 7})
    return 1
`},
			env:    []string{"AWS_LAMBDA_LOG_FORMAT=JSON"},
			events: []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, out string, _ error) {
				rec := logRecord(t, out, "failed")
				for k, v := range map[string]any{"level": "ERROR", "logger": "svc", "requestId": reqID(1), "order": float64(7)} {
					if rec[k] != v {
						t.Errorf("record[%s] = %v, want %v (%v)", k, rec[k], v, rec)
					}
				}
				ts, _ := rec["timestamp"].(string)
				if len(ts) != len("2026-01-01T00:00:00.000Z") || !strings.HasSuffix(ts, "Z") {
					t.Errorf("timestamp = %q", ts)
				}
			},
		},
	})
}
