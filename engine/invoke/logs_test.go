package invoke_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
)

func TestLogsReachTheSinkInOrder(t *testing.T) {
	s := newManager(t)
	fn := function(t, "logs")
	call(t, s.m, fn, ev{"action": "log", "n": 2, "text": "hi"})
	res := call(t, s.m, fn, ev{"action": "echo"})
	if err := s.m.Close(); err != nil { // flushes the log shipper
		t.Fatal(err)
	}
	streams, msgs := s.logs.messages(fn.LogGroup)
	if len(streams) != 1 {
		t.Fatalf("streams = %v, want one (one environment)", streams)
	}
	pattern := []string{
		`^init: starting\n$`,
		`^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n$`,
		`^stdout line 0 hi\n$`, `^stderr line 0 hi\n$`, `^stdout line 1 hi\n$`, `^stderr line 1 hi\n$`,
		`^END RequestId: [0-9a-f-]{36}\n$`,
		`^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d{2} ms\t\n$`,
		`^START RequestId: `, `^END RequestId: `,
		`^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t\n$`,
	}
	if len(msgs) != len(pattern) {
		t.Fatalf("got %d messages, want %d:\n%s", len(msgs), len(pattern), strings.Join(msgs, ""))
	}
	for i, p := range pattern {
		if !regexp.MustCompile(p).MatchString(msgs[i]) {
			t.Errorf("message %d = %q, want %s", i, msgs[i], p)
		}
	}
	if !strings.HasSuffix(string(res.LogTail), msgs[len(msgs)-1]) || !strings.HasPrefix(string(res.LogTail), "START") {
		t.Errorf("log tail of the warm call:\n%s", res.LogTail)
	}
}

func TestLogTailIsTheLast4KB(t *testing.T) {
	s := newManager(t)
	res := call(t, s.m, function(t, "tail"), ev{"action": "log", "n": 200, "text": strings.Repeat("y", 40)})
	if len(res.LogTail) != 4096 || !regexp.MustCompile(`END RequestId: \S+\nREPORT RequestId: [^\n]+\n$`).Match(res.LogTail) {
		t.Fatalf("tail (%d bytes) ends %q", len(res.LogTail), res.LogTail[max(0, len(res.LogTail)-200):])
	}
}

func TestJSONLogFormat(t *testing.T) {
	s := newManager(t)
	fn := function(t, "jsonlogs")
	fn.LogFormat = "JSON"
	res := call(t, s.m, fn, ev{"action": "echo"})
	lines := strings.Split(strings.TrimSuffix(string(res.LogTail), "\n"), "\n")
	var start, report struct {
		Time   string
		Type   string
		Record struct {
			RequestID string `json:"requestId"`
			Version   string `json:"version"`
			Status    string `json:"status"`
			Metrics   map[string]float64
		}
	}
	if len(lines) != 3 || json.Unmarshal([]byte(lines[1]), &start) != nil || json.Unmarshal([]byte(lines[2]), &report) != nil {
		t.Fatalf("log tail:\n%s", res.LogTail)
	}
	if start.Type != "platform.start" || start.Record.Version != "$LATEST" || start.Record.RequestID == "" ||
		!regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(start.Time) {
		t.Errorf("platform.start = %+v", start)
	}
	m := report.Record.Metrics
	if report.Type != "platform.report" || report.Record.Status != "success" || m["memorySizeMB"] != 128 ||
		m["initDurationMs"] <= 0 || m["billedDurationMs"] < m["durationMs"] {
		t.Errorf("platform.report = %+v", report)
	}
	var env map[string]string
	if err := json.Unmarshal(call(t, s.m, fn, ev{"action": "env"}).Payload, &env); err != nil || env["AWS_LAMBDA_LOG_FORMAT"] != "JSON" {
		t.Errorf("AWS_LAMBDA_LOG_FORMAT = %q", env["AWS_LAMBDA_LOG_FORMAT"])
	}
}

var _ invoke.LogSink = (*sink)(nil)
