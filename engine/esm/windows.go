package esm

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/kinesis"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// windowCall adds AWS's tumbling window members to an event and collects
// the state the function returns for the next invocation of the window.
type windowCall struct {
	start, end time.Time
	state      json.RawMessage
	final      bool
	newState   json.RawMessage
}

func (w *windowCall) decorate(event map[string]any, r *shardReader) {
	state := w.state
	if len(state) == 0 {
		state = json.RawMessage("{}")
	}
	event["window"] = map[string]string{"start": w.start.UTC().Format(time.RFC3339), "end": w.end.UTC().Format(time.RFC3339)}
	event["state"] = state
	event["shardId"] = r.shard
	event["eventSourceARN"] = r.p.mp.EventSourceArn
	event["isFinalInvokeForWindow"] = w.final
	event["isWindowTerminatedEarly"] = false
}

// response keeps the "state" the function returned ({} when none).
func (w *windowCall) response(payload []byte) {
	var resp struct {
		State json.RawMessage `json:"state"`
	}
	w.newState = json.RawMessage("{}")
	if json.Unmarshal(payload, &resp) == nil && len(resp.State) > 0 && string(resp.State) != "null" {
		w.newState = resp.State
	}
}

func (r *shardReader) window() time.Duration {
	return time.Duration(r.p.mp.TumblingWindowInSeconds) * time.Second
}

// processWindows invokes the records window by window (windows are
// aligned to the epoch, by arrival time), passing each window's state on;
// a window ends with an invocation marked isFinalInvokeForWindow.
func (r *shardReader) processWindows(kept []kinesis.Record) bool {
	size := r.window()
	for len(kept) > 0 {
		start := kept[0].ApproximateArrivalTimestamp.Truncate(size)
		n := 1
		for n < len(kept) && kept[n].ApproximateArrivalTimestamp.Truncate(size).Equal(start) {
			n++
		}
		if !r.cp.WindowStart.IsZero() && !r.cp.WindowStart.Equal(start) && !r.finishWindow() {
			return false
		}
		w := &windowCall{start: start, end: start.Add(size), state: r.cp.WindowState}
		if !r.processLane(kept[:n], w) {
			return false
		}
		r.cp.WindowStart, r.cp.WindowState = start, w.newState
		kept = kept[n:]
	}
	return true
}

// windowDue reports whether the open window has ended.
func (r *shardReader) windowDue() bool {
	return !r.cp.WindowStart.IsZero() && !time.Now().Before(r.cp.WindowStart.Add(r.window()))
}

// finishWindow makes the final invocation of the open window and closes it.
func (r *shardReader) finishWindow() bool {
	w := &windowCall{start: r.cp.WindowStart, end: r.cp.WindowStart.Add(r.window()), state: r.cp.WindowState, final: true}
	if !r.processLane(nil, w) {
		return false
	}
	r.cp.WindowStart, r.cp.WindowState = time.Time{}, nil
	return true
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (m *Manager) functionARN(mp store.EventSourceMapping) string {
	arn := fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", m.opts.Region, m.opts.AccountID, mp.FunctionName)
	if mp.Qualifier != "" {
		arn += ":" + mp.Qualifier
	}
	return arn
}

func orLatest(q string) string {
	if q == "" || !isVersion(q) {
		return "$LATEST"
	}
	return q
}

func isVersion(q string) bool {
	for _, c := range q {
		if c < '0' || c > '9' {
			return q == "$LATEST"
		}
	}
	return q != ""
}
