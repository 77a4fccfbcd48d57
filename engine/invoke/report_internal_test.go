package invoke

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestReportText(t *testing.T) {
	base := report{requestID: "id", version: "$LATEST", duration: 1234567 * time.Nanosecond, memoryMB: 128, maxMemMB: 40, status: "success"}
	tests := []struct {
		name string
		edit func(*report)
		want string
	}{
		{"warm", func(*report) {}, "REPORT RequestId: id\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n"},
		{"cold", func(r *report) { r.init = 55123 * time.Microsecond },
			"REPORT RequestId: id\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 55.12 ms\t\n"},
		{"timeout", func(r *report) { r.status, r.duration = "timeout", time.Second },
			"REPORT RequestId: id\tDuration: 1000.00 ms\tBilled Duration: 1000 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: timeout\n"},
		{"crash", func(r *report) { r.status, r.errorType, r.platformFailure = "error", "Runtime.ExitError", true },
			"REPORT RequestId: id\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: error\tError Type: Runtime.ExitError\n"},
		{"function error is not marked", func(r *report) { r.status, r.errorType = "error", "Function.X" },
			"REPORT RequestId: id\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n"},
	}
	for _, tc := range tests {
		r := base
		tc.edit(&r)
		if got := r.reportText(); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestReportJSON(t *testing.T) {
	r := report{requestID: "id", version: "3", duration: 1500 * time.Microsecond, init: 2 * time.Millisecond,
		memoryMB: 128, maxMemMB: 9, status: "timeout", errorType: "Sandbox.Timedout",
		end: time.Date(2024, 1, 2, 3, 4, 5, 6e6, time.UTC)}
	want := `{"time":"2024-01-02T03:04:05.006Z","type":"platform.report","record":{"requestId":"id","metrics":{"durationMs":1.5,"billedDurationMs":2,"memorySizeMB":128,"maxMemoryUsedMB":9,"initDurationMs":2},"status":"timeout","errorType":"Sandbox.Timedout"}}` + "\n"
	if got := r.reportJSON(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(r.startJSON()), &v); err != nil || v["type"] != "platform.start" {
		t.Errorf("startJSON = %s", r.startJSON())
	}
}

func TestLogTail(t *testing.T) {
	short := []LogEvent{{Message: "a\n"}, {Message: "b\n"}}
	if got := string(logTail(short)); got != "a\nb\n" {
		t.Errorf("short tail = %q", got)
	}
	long := []LogEvent{{Message: strings.Repeat("x", 5000) + "\n"}, {Message: "end\n"}}
	got := logTail(long)
	if len(got) != logTailBytes || !strings.HasSuffix(string(got), "x\nend\n") {
		t.Errorf("long tail: %d bytes, ends %q", len(got), got[len(got)-10:])
	}
}

func TestStreamNameAndIDs(t *testing.T) {
	now := time.Date(2024, 3, 9, 23, 0, 0, 0, time.UTC)
	if got := streamName(now, "$LATEST", "0123"); got != "2024/03/09/[$LATEST]0123" {
		t.Errorf("streamName = %q", got)
	}
	id := newRequestID()
	if len(id) != 36 || id[14] != '4' || strings.Count(id, "-") != 4 || id == newRequestID() {
		t.Errorf("request id %q", id)
	}
	tr := newTraceID(now)
	if !strings.HasPrefix(tr, fmt.Sprintf("Root=1-%x-", now.Unix())) || !strings.Contains(tr, ";Parent=") || !strings.HasSuffix(tr, ";Sampled=0") {
		t.Errorf("trace id %q", tr)
	}
}

func TestBuildEnvLayering(t *testing.T) {
	fn := Function{Name: "f", Runtime: "python3.12", MemoryMB: 128, Region: "eu-west-1",
		Env: map[string]string{"AWS_LAMBDA_FUNCTION_NAME": "spoof", "PYTHONPATH": "/mine", "X": "1"}}
	vars := map[string]string{}
	for _, kv := range buildEnv(envSetup{fn: fn, taskRoot: "/task", runtimeDir: "/empty", tmpDir: "/t",
		launchEnv: []string{"PYTHONPATH=/task:/rt", "LAMBDA_RUNTIME_DIR=/rt"}}) {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	want := map[string]string{"AWS_LAMBDA_FUNCTION_NAME": "f", "PYTHONPATH": "/mine", "X": "1",
		"LAMBDA_RUNTIME_DIR": "/rt", "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12", "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST"}
	for k, v := range want {
		if vars[k] != v {
			t.Errorf("%s = %q, want %q", k, vars[k], v)
		}
	}
}
