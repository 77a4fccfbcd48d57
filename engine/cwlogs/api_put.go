package cwlogs

import (
	"fmt"
	"time"
)

// PutLogEvents limits from the CloudWatch Logs documentation.
const (
	maxPutEvents = 10000
	maxPutBytes  = 1048576
	maxPutSpan   = 24 * time.Hour
	maxFuture    = 2 * time.Hour
	maxPast      = 14 * 24 * time.Hour
)

type putEventsIn struct {
	LogGroupName  string `json:"logGroupName"`
	LogStreamName string `json:"logStreamName"`
	LogEvents     []struct {
		Timestamp int64  `json:"timestamp"`
		Message   string `json:"message"`
	} `json:"logEvents"`
}

type rejectedInfo struct {
	TooNewLogEventStartIndex *int `json:"tooNewLogEventStartIndex,omitempty"`
	TooOldLogEventEndIndex   *int `json:"tooOldLogEventEndIndex,omitempty"`
	ExpiredLogEventEndIndex  *int `json:"expiredLogEventEndIndex,omitempty"`
}

func (a *api) putLogEvents(body []byte) (any, error) {
	var in putEventsIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := checkPutEvents(in); err != nil {
		return nil, err
	}
	accepted, rejected, err := a.classify(in)
	if err != nil {
		return nil, err
	}
	req := &appendReq{group: in.LogGroupName, stream: in.LogStreamName, events: accepted, strict: true}
	if err := a.store.submit(req); err != nil {
		return nil, err
	}
	out := struct {
		RejectedLogEventsInfo *rejectedInfo `json:"rejectedLogEventsInfo,omitempty"`
	}{}
	if rejected != (rejectedInfo{}) {
		out.RejectedLogEventsInfo = &rejected
	}
	return out, nil
}

func checkPutEvents(in putEventsIn) error {
	if err := validateNames(in.LogGroupName, in.LogStreamName); err != nil {
		return err
	}
	n := len(in.LogEvents)
	if n < 1 || n > maxPutEvents {
		return validationError(fmt.Sprintf("%d events", n), "logEvents", fmt.Sprintf("Member must have length between 1 and %d", maxPutEvents))
	}
	size := 0
	for i, e := range in.LogEvents {
		if e.Message == "" {
			return validationError("", fmt.Sprintf("logEvents.%d.member.message", i+1), "Member must have length greater than or equal to 1")
		}
		if i > 0 && e.Timestamp < in.LogEvents[i-1].Timestamp {
			return invalidParam("Log events in a single PutLogEvents request must be in chronological order.")
		}
		size += len(e.Message) + eventOverhead
	}
	if size > maxPutBytes {
		return invalidParam("Upload too large: %d bytes exceeds limit of %d", size, maxPutBytes)
	}
	if span := in.LogEvents[n-1].Timestamp - in.LogEvents[0].Timestamp; span > maxPutSpan.Milliseconds() {
		return invalidParam("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
	}
	return nil
}

// classify splits the (chronologically sorted) events into those to store
// and the rejected ranges AWS reports: a prefix that is expired by the
// group's retention or older than 14 days, and a suffix more than two hours
// in the future.
func (a *api) classify(in putEventsIn) ([]storedInput, rejectedInfo, error) {
	var rej rejectedInfo
	now := a.store.nowMillis()
	retention, err := a.store.retentionOf(in.LogGroupName)
	if err != nil {
		return nil, rej, err
	}
	first, end := 0, len(in.LogEvents)
	for first < end && in.LogEvents[first].Timestamp < now-maxPast.Milliseconds() {
		first++
	}
	if first > 0 {
		rej.TooOldLogEventEndIndex = ptr(first)
	}
	expiredEnd := first
	for retention > 0 && expiredEnd < end && in.LogEvents[expiredEnd].Timestamp < now-int64(retention)*dayMillis {
		expiredEnd++
	}
	if expiredEnd > first {
		rej.ExpiredLogEventEndIndex, first = ptr(expiredEnd), expiredEnd
	}
	for end > first && in.LogEvents[end-1].Timestamp > now+maxFuture.Milliseconds() {
		end--
	}
	if end < len(in.LogEvents) {
		rej.TooNewLogEventStartIndex = ptr(end)
	}
	accepted := make([]storedInput, 0, end-first)
	for _, e := range in.LogEvents[first:end] {
		accepted = append(accepted, storedInput{ts: e.Timestamp, msg: e.Message})
	}
	return accepted, rej, nil
}
