package engine_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// pythonWindowCounter records each event and counts the window's records
// in the state it hands to the next invocation.
const pythonWindowCounter = `import json, os
def handler(event, context):
    with open(os.environ["OUT"], "a") as f:
        f.write(json.dumps(event) + "\n")
    state = event.get("state") or {}
    return {"state": {"count": state.get("count", 0) + len(event["Records"])}}
`

type windowEvent struct {
	Records []struct {
		EventID string `json:"eventID"`
	} `json:"Records"`
	Window struct {
		Start string `json:"start"`
		End   string `json:"end"`
	} `json:"window"`
	State   struct{ Count int } `json:"state"`
	ShardID string              `json:"shardId"`
	Final   bool                `json:"isFinalInvokeForWindow"`
}

// TestESMKinesisTumblingWindow: each window's state passes from one
// invocation to the next, and the window ends with a final invocation that
// carries the state of all its records.
func TestESMKinesisTumblingWindow(t *testing.T) {
	requirePython(t)
	h := startEngine(t, t.TempDir(), engine.Config{})
	ks := h.kinesisClient()
	arn := createStream(t, ks, "windowed")
	out := filepath.Join(t.TempDir(), "windows.jsonl")
	h.create("counter", makeZip(t, map[string]string{"index.py": pythonWindowCounter}), func(in *lambda.CreateFunctionInput) {
		in.Environment = &types.Environment{Variables: map[string]string{"OUT": out}}
	})
	h.waitActive("counter")
	createMapping(t, h, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(arn), FunctionName: aws.String("counter"), StartingPosition: types.EventSourcePositionTrimHorizon,
		BatchSize: aws.Int32(1), TumblingWindowInSeconds: aws.Int32(2),
	})
	putRecords(t, ks, "windowed", func(int) string { return "p" }, "a", "b", "c", "d", "e")

	eventually(t, "every window closed with the count of its records", func() bool { return windowsClosed(t, out, 5) })
}

// TestESMKinesisTumblingWindowSlowFunction: while the first invocation
// outlasts the window, the window's other records wait unread in the shard;
// they still belong to that window and get its state, and the window closes
// only after them.
func TestESMKinesisTumblingWindowSlowFunction(t *testing.T) {
	requirePython(t)
	h := startEngine(t, t.TempDir(), engine.Config{})
	ks := h.kinesisClient()
	arn := createStream(t, ks, "slow")
	out := filepath.Join(t.TempDir(), "windows.jsonl")
	slow := strings.Replace(pythonWindowCounter, "    state = ",
		"    if event[\"Records\"] and event[\"Records\"][0][\"kinesis\"][\"data\"] == \"YQ==\":\n        import time; time.sleep(2.5)\n    state = ", 1)
	h.create("slow", makeZip(t, map[string]string{"index.py": slow}), func(in *lambda.CreateFunctionInput) {
		in.Environment = &types.Environment{Variables: map[string]string{"OUT": out}}
		in.Timeout = aws.Int32(10)
	})
	h.waitActive("slow")
	createMapping(t, h, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(arn), FunctionName: aws.String("slow"), StartingPosition: types.EventSourcePositionTrimHorizon,
		BatchSize: aws.Int32(1), TumblingWindowInSeconds: aws.Int32(2),
	})
	putRecords(t, ks, "slow", func(int) string { return "p" }, "a", "b", "c")
	eventually(t, "every window closed with the count of its records", func() bool { return windowsClosed(t, out, 3) })
}

// windowsClosed checks the events recorded in out so far and reports
// whether all n records were invoked and every window closed. A batch may
// be retried (a slow machine can time an invocation out); its retry
// carries the state from before it, so an invocation's state must equal
// the number of the window's other records seen before it.
func windowsClosed(t *testing.T, out string, n int) bool {
	t.Helper()
	seen, finals := map[string]map[string]bool{}, map[string]int{}
	for _, ev := range recordedEvents[windowEvent](t, out) {
		w := ev.Window.Start
		if ev.ShardID != "shardId-000000000000" || w == "" || ev.Window.End <= w {
			t.Fatalf("window event = %+v", ev)
		}
		if ev.Final {
			if len(ev.Records) != 0 {
				t.Fatalf("final invocation with records: %+v", ev)
			}
			finals[w] = ev.State.Count
			continue
		}
		if _, closed := finals[w]; closed {
			t.Fatalf("window %s invoked after its final invocation: %+v", w, ev)
		}
		if seen[w] == nil {
			seen[w] = map[string]bool{}
		}
		before := len(seen[w])
		for _, r := range ev.Records {
			if seen[w][r.EventID] {
				before--
			}
		}
		if ev.State.Count != before {
			t.Fatalf("window %s: state %d after %d other records", w, ev.State.Count, before)
		}
		for _, r := range ev.Records {
			seen[w][r.EventID] = true
		}
	}
	total := 0
	for _, ids := range seen {
		total += len(ids)
	}
	if total < n || len(finals) != len(seen) {
		return false
	}
	for w, ids := range seen {
		if finals[w] != len(ids) {
			t.Fatalf("window %s closed with count %d, want %d", w, finals[w], len(ids))
		}
	}
	return true
}
