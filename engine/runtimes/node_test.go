package runtimes

import (
	"strings"
	"testing"
)

const nodeContext = `
exports.handler = async (event, context) => ({
  functionName: context.functionName,
  functionVersion: context.functionVersion,
  invokedFunctionArn: context.invokedFunctionArn,
  memoryLimitInMB: context.memoryLimitInMB,
  awsRequestId: context.awsRequestId,
  logGroupName: context.logGroupName,
  logStreamName: context.logStreamName,
  remainingPositive: context.getRemainingTimeInMillis() > 0,
  waits: context.callbackWaitsForEmptyEventLoop,
  clientContext: context.clientContext,
  identity: context.identity,
  trace: process.env._X_AMZN_TRACE_ID,
  execEnv: process.env.AWS_EXECUTION_ENV,
});
`

func TestNodeBootstrap(t *testing.T) {
	runCases(t, "nodejs20.x", []bootCase{
		{
			name:    "async echo, CommonJS, init once",
			handler: "index.handler",
			files:   map[string]string{"index.js": "let n = 0;\nexports.handler = async (event) => ({ event, n: ++n });\n"},
			events:  []invocation{ev(1, `{"a":[1,2]}`), ev(2, `"x"`)},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				wantKind(t, got[0], "response", reqID(1))
				wantJSON(t, got[0], `{"event":{"a":[1,2]},"n":1}`)
				wantJSON(t, got[1], `{"event":"x","n":2}`)
			},
		},
		{
			name:    "ES module .mjs in a subdirectory",
			handler: "src/app.main",
			files:   map[string]string{"src/app.mjs": "export const main = async (e) => ({ esm: true, e });\n"},
			events:  []invocation{ev(1, `7`)},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				wantJSON(t, got[0], `{"esm":true,"e":7}`)
			},
		},
		{
			name:    "ES module .js with type module",
			handler: "index.handler",
			files: map[string]string{"package.json": `{"type":"module"}`,
				"index.js": "export async function handler() { return typeof require; }\n"},
			events: []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				wantJSON(t, got[0], `"undefined"`) // no require: really loaded as ESM
			},
		},
		{
			name:    "undefined result is null",
			handler: "index.handler",
			files:   map[string]string{"index.cjs": "exports.handler = async () => {};\n"},
			events:  []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				if got[0].kind != "response" || got[0].body != "null" {
					t.Errorf("got %s %q, want response null", got[0].kind, got[0].body)
				}
			},
		},
		{
			name:    "callback waits for the event loop",
			handler: "index.handler",
			files: map[string]string{"index.js": `
let late = [];
exports.handler = (event, context, callback) => {
  setTimeout(() => late.push('timer'), 20);
  callback(null, late); // serialised only once the loop is empty
};`},
			events: []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				wantJSON(t, got[0], `["timer"]`)
			},
		},
		{
			name:    "callback without waiting",
			handler: "index.handler",
			files: map[string]string{"index.js": `
exports.handler = (event, context, callback) => {
  context.callbackWaitsForEmptyEventLoop = false;
  setTimeout(() => {}, 60000);
  callback(null, 'now');
};`},
			events: []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				wantJSON(t, got[0], `"now"`)
			},
		},
		{
			name:    "legacy context.succeed",
			handler: "index.handler",
			files:   map[string]string{"index.js": "exports.handler = (e, context) => { context.succeed({ ok: 1 }); };\n"},
			events:  []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				wantJSON(t, got[0], `{"ok":1}`)
			},
		},
		{
			name:    "context fields and client context",
			handler: "index.handler",
			files:   map[string]string{"index.js": nodeContext},
			events: []invocation{ev(1, `{}`,
				"Lambda-Runtime-Client-Context", `{"client":{"installation_id":"inst-1"},"custom":{"k":"v"},"env":{"platform":"test"}}`,
				"Lambda-Runtime-Cognito-Identity", `{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}`,
				"Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				wantJSON(t, got[0], `{
					"functionName":"fn","functionVersion":"$LATEST",
					"invokedFunctionArn":"arn:aws:lambda:us-east-1:000000000000:function:fn",
					"memoryLimitInMB":"256","awsRequestId":"`+reqID(1)+`",
					"logGroupName":"/aws/lambda/fn","logStreamName":"2026/01/01/[$LATEST]abc",
					"remainingPositive":true,"waits":true,
					"clientContext":{"client":{"installation_id":"inst-1"},"custom":{"k":"v"},"env":{"platform":"test"}},
					"identity":{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"},
					"trace":"Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
					"execEnv":"AWS_Lambda_nodejs20.x"}`)
			},
		},
		{
			name:    "thrown error",
			handler: "index.handler",
			files:   map[string]string{"index.js": "exports.handler = async () => { throw new TypeError('boom'); };\n"},
			events:  []invocation{ev(1, `{}`), ev(2, `{}`)},
			check: func(t *testing.T, got []outcome, out string, _ error) {
				wantKind(t, got[0], "error", reqID(1))
				wantFields(t, got[0], map[string]any{"errorType": "TypeError", "errorMessage": "boom"})
				trace := decode(t, got[0])["trace"].([]any)
				if trace[0] != "TypeError: boom" || !strings.Contains(trace[1].(string), "index.js:1") {
					t.Errorf("trace = %q", trace)
				}
				wantKind(t, got[1], "error", reqID(2)) // the environment survives
				wantLine(t, out, `^\S+Z\t`+reqID(1)+`\tERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"boom"`)
			},
		},
		{
			name:    "callback error string",
			handler: "index.handler",
			files:   map[string]string{"index.js": "exports.handler = (e, c, cb) => cb('bad input');\n"},
			events:  []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, _ string, _ error) {
				wantKind(t, got[0], "error", reqID(1))
				wantJSON(t, got[0], `{"errorType":"string","errorMessage":"bad input","trace":[]}`)
			},
		},
		{
			name: "missing module", handler: "nope.handler", files: map[string]string{"index.js": ""},
			check: wantInitError("Runtime.ImportModuleError", "Error: Cannot find module 'nope'"),
		},
		{
			name: "missing handler", handler: "index.handler", files: map[string]string{"index.js": "exports.other = 1;\n"},
			check: wantInitError("Runtime.HandlerNotFound", "index.handler is undefined or not exported"),
		},
		{
			name: "syntax error", handler: "index.handler", files: map[string]string{"index.js": "exports.handler = (;\n"},
			check: wantInitError("Runtime.UserCodeSyntaxError", "SyntaxError: "),
		},
		{
			name: "exception during init", handler: "index.handler", files: map[string]string{"index.mjs": "throw new RangeError('cfg');\n"},
			check: wantInitError("RangeError", "cfg"),
		},
		{
			name:    "text logs",
			handler: "index.handler",
			files: map[string]string{"index.js": `
exports.handler = async () => {
  console.log('hello %s', 'world');
  console.debug('hidden');
  console.warn('two\nlines');
  return 1;
};`},
			env:    []string{"AWS_LAMBDA_LOG_LEVEL=INFO"},
			events: []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, out string, _ error) {
				wantLine(t, out, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t`+reqID(1)+`\tINFO\thello world$`)
				wantLine(t, out, `^\S+Z\t`+reqID(1)+"\tWARN\ttwo\rlines$")
				if strings.Contains(out, "hidden") {
					t.Errorf("debug line printed at level INFO:\n%s", out)
				}
			},
		},
		{
			name:    "json logs",
			handler: "index.handler",
			files:   map[string]string{"index.js": "exports.handler = async () => { console.error('failed'); return 1; };\n"},
			env:     []string{"AWS_LAMBDA_LOG_FORMAT=JSON"},
			events:  []invocation{ev(1, `{}`)},
			check: func(t *testing.T, got []outcome, out string, _ error) {
				rec := logRecord(t, out, "failed")
				if rec["level"] != "ERROR" || rec["requestId"] != reqID(1) {
					t.Errorf("record = %v", rec)
				}
			},
		},
	})
}

func TestNode24RejectsCallbackHandlers(t *testing.T) {
	runCases(t, "nodejs24.x", []bootCase{{
		name: "callback handler", handler: "index.handler",
		files: map[string]string{"index.js": "exports.handler = (e, c, cb) => cb(null, 1);\n"},
		check: wantInitError("Runtime.CallbackHandlerDeprecated", "ERROR: AWS Lambda has removed support for callback-based function handlers"),
	}})
}
