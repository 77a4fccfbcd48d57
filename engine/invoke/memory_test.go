package invoke_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
)

func TestOutOfMemory(t *testing.T) {
	for _, mode := range []string{"", "watchdog"} {
		t.Run("mode="+mode, func(t *testing.T) {
			s := newManager(t, func(c *invoke.Config) { c.MemoryMode = mode })
			t.Logf("memory mode %s", s.m.MemoryMode())
			fn := function(t, "oom")
			payload, _ := json.Marshal(ev{"action": "alloc", "n": 300})
			res, err := s.m.Invoke(context.Background(), fn, invoke.Request{RequestID: "req-oom", Payload: payload, WantLogTail: true})
			if err != nil {
				t.Fatal(err)
			}
			want := `{"errorMessage":"RequestId: req-oom Error: Runtime exited with error: signal: killed","errorType":"Runtime.OutOfMemory"}`
			if res.FunctionError != "Unhandled" || string(res.Payload) != want {
				t.Fatalf("result = %s %s", res.FunctionError, res.Payload)
			}
			if res.MaxMemoryUsedMB != 128 {
				t.Errorf("MaxMemoryUsedMB = %d, want 128", res.MaxMemoryUsedMB)
			}
			tail := string(res.LogTail)
			if !strings.Contains(tail, "Max Memory Used: 128 MB\t") || !strings.HasSuffix(tail, "\tStatus: error\tError Type: Runtime.OutOfMemory\n") {
				t.Errorf("REPORT lacks the OOM status:\n%s", res.LogTail)
			}
			// Within the limit the same function is fine, on a new environment.
			if res := call(t, s.m, fn, ev{"action": "alloc", "n": 20}); res.FunctionError != "" {
				t.Fatalf("after OOM: %s %q", res.FunctionError, res.Payload)
			}
		})
	}
}

func TestMemoryWithinLimitIsReported(t *testing.T) {
	s := newManager(t)
	fn := function(t, "mem")
	fn.MemoryMB = 256
	res := call(t, s.m, fn, ev{"action": "alloc", "n": 100})
	if res.FunctionError != "" {
		t.Fatalf("%s %q", res.FunctionError, res.Payload)
	}
	if res.MaxMemoryUsedMB < 100 || res.MaxMemoryUsedMB > 256 {
		t.Errorf("MaxMemoryUsedMB = %d, want between 100 and 256", res.MaxMemoryUsedMB)
	}
}
