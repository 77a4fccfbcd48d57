package engine_test

import (
	"path/filepath"
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

	eventually(t, "every window closed with the count of its records", func() bool {
		// A batch may be retried (a slow machine can time an invocation
		// out); its retry carries the state from before it, so the state
		// must equal the window's other records seen so far.
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
		if total < 5 || len(finals) != len(seen) {
			return false
		}
		for w, ids := range seen {
			if finals[w] != len(ids) {
				t.Fatalf("window %s closed with count %d, want %d", w, finals[w], len(ids))
			}
		}
		return true
	})
}
