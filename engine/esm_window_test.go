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
	Records []struct{} `json:"Records"`
	Window  struct {
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
		perWindow, finals, total := map[string]int{}, map[string]int{}, 0
		for _, ev := range recordedEvents[windowEvent](t, out) {
			if ev.ShardID != "shardId-000000000000" || ev.Window.Start == "" || ev.Window.End <= ev.Window.Start {
				t.Fatalf("window event = %+v", ev)
			}
			if ev.Final {
				if len(ev.Records) != 0 {
					t.Fatalf("final invocation with records: %+v", ev)
				}
				finals[ev.Window.Start] = ev.State.Count
				continue
			}
			if ev.State.Count != perWindow[ev.Window.Start] {
				t.Fatalf("window %s: state %d after %d records", ev.Window.Start, ev.State.Count, perWindow[ev.Window.Start])
			}
			perWindow[ev.Window.Start] += len(ev.Records)
			total += len(ev.Records)
		}
		if total < 5 || len(finals) != len(perWindow) {
			return false
		}
		for w, n := range perWindow {
			if finals[w] != n {
				t.Fatalf("window %s closed with count %d, want %d", w, finals[w], n)
			}
		}
		return true
	})
}
