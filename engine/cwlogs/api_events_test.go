package cwlogs

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

func TestPutLogEventsValidationAndRejections(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	_, err := c.PutLogEvents(ctx(t), &cwl.PutLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{ev(millis(0), "x")}})
	wantAPIError(t, err, "ResourceNotFoundException", msgGroupNotFound)
	createStreams(t, c, "s")
	_, err = c.PutLogEvents(ctx(t), &cwl.PutLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("nope"),
		LogEvents: []types.InputLogEvent{ev(millis(0), "x")}})
	wantAPIError(t, err, "ResourceNotFoundException", msgStreamNotFound)
	_, err = c.PutLogEvents(ctx(t), &cwl.PutLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{ev(millis(0), "b"), ev(millis(-time.Minute), "a")}})
	wantAPIError(t, err, "InvalidParameterException", "Log events in a single PutLogEvents request must be in chronological order.")
	_, err = c.PutLogEvents(ctx(t), &cwl.PutLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{ev(millis(-25*time.Hour), "a"), ev(millis(0), "b")}})
	wantAPIError(t, err, "InvalidParameterException", "")

	if _, err := c.PutRetentionPolicy(ctx(t), &cwl.PutRetentionPolicyInput{LogGroupName: aws.String("g"), RetentionInDays: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	out := putEvents(t, c, "g", "s",
		ev(millis(-20*time.Hour), "within the 1-day retention"),
		ev(millis(0), "now"),
		ev(millis(3*time.Hour), "too new"))
	r := out.RejectedLogEventsInfo
	if r == nil || aws.ToInt32(r.TooNewLogEventStartIndex) != 2 || r.TooOldLogEventEndIndex != nil || r.ExpiredLogEventEndIndex != nil {
		t.Errorf("rejected = %+v, want tooNewLogEventStartIndex 2 only", r)
	}
	got := getMessages(t, c, &cwl.GetLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s"), StartFromHead: aws.Bool(true)})
	if !slices.Equal(got, []string{"within the 1-day retention", "now"}) {
		t.Errorf("stored events = %q", got)
	}
}

func TestPutLogEventsRejectsOldAndExpired(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	createStreams(t, c, "s")
	if _, err := c.PutRetentionPolicy(ctx(t), &cwl.PutRetentionPolicyInput{LogGroupName: aws.String("g"), RetentionInDays: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	// One batch may span at most 24 hours, so both ends sit around day 14.
	out := putEvents(t, c, "g", "s", ev(millis(-14*day-time.Hour), "too old"), ev(millis(-13*day-12*time.Hour), "expired"))
	r := out.RejectedLogEventsInfo
	if r == nil || aws.ToInt32(r.TooOldLogEventEndIndex) != 1 || aws.ToInt32(r.ExpiredLogEventEndIndex) != 2 || r.TooNewLogEventStartIndex != nil {
		t.Errorf("rejected = %+v", r)
	}
}

func getMessages(t *testing.T, c *cwl.Client, in *cwl.GetLogEventsInput) []string {
	t.Helper()
	out, err := c.GetLogEvents(ctx(t), in)
	if err != nil {
		t.Fatalf("GetLogEvents: %v", err)
	}
	var msgs []string
	for _, e := range out.Events {
		msgs = append(msgs, aws.ToString(e.Message))
	}
	return msgs
}

// seedStream writes n events one millisecond apart, "e0".."e<n-1>".
func seedStream(t *testing.T, c *cwl.Client, group, stream string, base int64, n int) {
	t.Helper()
	events := make([]types.InputLogEvent, n)
	for i := range events {
		events[i] = ev(base+int64(i), fmt.Sprintf("e%d", i))
	}
	putEvents(t, c, group, stream, events...)
}

func TestGetLogEventsTokens(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	createStreams(t, c, "s")
	base := millis(-time.Hour)
	seedStream(t, c, "g", "s", base, 5)
	in := func(token *string, head bool) *cwl.GetLogEventsInput {
		return &cwl.GetLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s"),
			Limit: aws.Int32(2), NextToken: token, StartFromHead: aws.Bool(head)}
	}
	// Without a token and startFromHead false: the newest page, oldest first.
	tail, err := c.GetLogEvents(ctx(t), in(nil, false))
	if err != nil {
		t.Fatal(err)
	}
	if got := outputMessages(tail.Events); !slices.Equal(got, []string{"e3", "e4"}) {
		t.Errorf("tail page = %q", got)
	}
	// Walk backwards to the start; at the start the same token comes back.
	back, err := c.GetLogEvents(ctx(t), in(tail.NextBackwardToken, false))
	if err != nil || !slices.Equal(outputMessages(back.Events), []string{"e1", "e2"}) {
		t.Fatalf("backward page = %q, %v", outputMessages(back.Events), err)
	}
	back2, _ := c.GetLogEvents(ctx(t), in(back.NextBackwardToken, false))
	back3, _ := c.GetLogEvents(ctx(t), in(back2.NextBackwardToken, false))
	if !slices.Equal(outputMessages(back2.Events), []string{"e0"}) || len(back3.Events) != 0 ||
		aws.ToString(back3.NextBackwardToken) != aws.ToString(back2.NextBackwardToken) {
		t.Errorf("start of stream: %q then %q, token %q vs %q", outputMessages(back2.Events), outputMessages(back3.Events),
			aws.ToString(back3.NextBackwardToken), aws.ToString(back2.NextBackwardToken))
	}
	// Following forward: at the end the same token comes back, and new
	// events appear under it.
	end, _ := c.GetLogEvents(ctx(t), in(tail.NextForwardToken, true))
	if len(end.Events) != 0 || aws.ToString(end.NextForwardToken) != aws.ToString(tail.NextForwardToken) {
		t.Errorf("end of stream returned %q and token %q, want none and %q", outputMessages(end.Events),
			aws.ToString(end.NextForwardToken), aws.ToString(tail.NextForwardToken))
	}
	putEvents(t, c, "g", "s", ev(base+10, "later"))
	if got := getMessages(t, c, in(end.NextForwardToken, true)); !slices.Equal(got, []string{"later"}) {
		t.Errorf("after append, forward page = %q", got)
	}
	// From the head with a time range [start, end).
	got := getMessages(t, c, &cwl.GetLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s"),
		StartFromHead: aws.Bool(true), StartTime: aws.Int64(base + 1), EndTime: aws.Int64(base + 3)})
	if !slices.Equal(got, []string{"e1", "e2"}) {
		t.Errorf("time range = %q", got)
	}
	_, err = c.GetLogEvents(ctx(t), in(aws.String("x/123"), true))
	wantAPIError(t, err, "InvalidParameterException", msgBadToken)
	_, err = c.GetLogEvents(ctx(t), &cwl.GetLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("none")})
	wantAPIError(t, err, "ResourceNotFoundException", msgStreamNotFound)
}

func TestGetLogEventsPaginatorFromEmptyStream(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	createStreams(t, c, "s")
	out, err := c.GetLogEvents(ctx(t), &cwl.GetLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s")})
	if err != nil || out.NextForwardToken == nil || out.NextBackwardToken == nil {
		t.Fatalf("empty stream: %+v, %v (tokens are never null)", out, err)
	}
	putEvents(t, c, "g", "s", ev(millis(0), "first"))
	got := getMessages(t, c, &cwl.GetLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s"),
		NextToken: out.NextForwardToken, StartFromHead: aws.Bool(true)})
	if !slices.Equal(got, []string{"first"}) {
		t.Errorf("forward token from an empty stream then found %q", got)
	}
}

func outputMessages(events []types.OutputLogEvent) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = aws.ToString(e.Message)
	}
	return out
}
