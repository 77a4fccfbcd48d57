package cwlogs

import (
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

// filterAll pages through FilterLogEvents with the SDK paginator.
func filterAll(t *testing.T, c *cwl.Client, in cwl.FilterLogEventsInput) []types.FilteredLogEvent {
	t.Helper()
	in.LogGroupName = aws.String("g")
	var out []types.FilteredLogEvent
	p := cwl.NewFilterLogEventsPaginator(c, &in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatalf("FilterLogEvents: %v", err)
		}
		if page.SearchedLogStreams == nil {
			t.Errorf("searchedLogStreams missing; AWS returns an empty list")
		}
		out = append(out, page.Events...)
	}
	return out
}

func filteredMessages(events []types.FilteredLogEvent) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = aws.ToString(e.LogStreamName) + ":" + aws.ToString(e.Message)
	}
	return out
}

func TestFilterLogEvents(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	createStreams(t, c, "a", "b", "c")
	base := millis(-time.Hour)
	putEvents(t, c, "g", "a", ev(base, "ERROR one"), ev(base+2, `{"level":"INFO","ms":5}`), ev(base+4, "WARN four"))
	putEvents(t, c, "g", "b", ev(base+1, "INFO one"), ev(base+3, `{"level":"ERROR","ms":50}`))
	putEvents(t, c, "g", "c", ev(base+2, "ERROR tie"))
	tests := []struct {
		name string
		in   cwl.FilterLogEventsInput
		want []string
	}{
		{"interleaved by time", cwl.FilterLogEventsInput{}, []string{
			"a:ERROR one", "b:INFO one", `a:{"level":"INFO","ms":5}`, "c:ERROR tie", `b:{"level":"ERROR","ms":50}`, "a:WARN four"}},
		{"one per page", cwl.FilterLogEventsInput{Limit: aws.Int32(1), FilterPattern: aws.String("?ERROR ?WARN")},
			[]string{"a:ERROR one", "c:ERROR tie", `b:{"level":"ERROR","ms":50}`, "a:WARN four"}},
		{"json pattern", cwl.FilterLogEventsInput{FilterPattern: aws.String(`{ $.ms > 10 }`)}, []string{`b:{"level":"ERROR","ms":50}`}},
		{"stream names", cwl.FilterLogEventsInput{LogStreamNames: []string{"b", "c"}}, []string{
			"b:INFO one", "c:ERROR tie", `b:{"level":"ERROR","ms":50}`}},
		{"stream prefix", cwl.FilterLogEventsInput{LogStreamNamePrefix: aws.String("c")}, []string{"c:ERROR tie"}},
		{"time range is inclusive", cwl.FilterLogEventsInput{StartTime: aws.Int64(base + 1), EndTime: aws.Int64(base + 2)}, []string{
			"b:INFO one", `a:{"level":"INFO","ms":5}`, "c:ERROR tie"}},
		{"newest first", cwl.FilterLogEventsInput{StartFromHead: aws.Bool(false), StartTime: aws.Int64(base + 2), Limit: aws.Int32(2)}, []string{
			"a:WARN four", `b:{"level":"ERROR","ms":50}`, "c:ERROR tie", `a:{"level":"INFO","ms":5}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := filteredMessages(filterAll(t, c, tt.in)); !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestFilterLogEventsShapeAndErrors(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	createStreams(t, c, "a")
	ts := millis(-time.Minute)
	putEvents(t, c, "g", "a", ev(ts, "x"), ev(ts, "y"))
	events := filterAll(t, c, cwl.FilterLogEventsInput{})
	if len(events) != 2 || aws.ToString(events[0].EventId) == "" || aws.ToString(events[0].EventId) == aws.ToString(events[1].EventId) ||
		aws.ToInt64(events[0].Timestamp) != ts || aws.ToInt64(events[0].IngestionTime) == 0 {
		t.Errorf("events = %+v", events)
	}
	tests := []struct {
		name string
		in   cwl.FilterLogEventsInput
		code string
	}{
		{"missing group", cwl.FilterLogEventsInput{LogGroupName: aws.String("nope")}, "ResourceNotFoundException"},
		{"bad pattern", cwl.FilterLogEventsInput{FilterPattern: aws.String("{ $.a = ")}, "InvalidParameterException"},
		{"space-delimited", cwl.FilterLogEventsInput{FilterPattern: aws.String("[ip, status]")}, "InvalidParameterException"},
		{"names and prefix", cwl.FilterLogEventsInput{LogStreamNames: []string{"a"}, LogStreamNamePrefix: aws.String("a")}, "InvalidParameterException"},
		{"bad token", cwl.FilterLogEventsInput{NextToken: aws.String("garbage")}, "InvalidParameterException"},
		{"limit too large", cwl.FilterLogEventsInput{Limit: aws.Int32(10001)}, "InvalidParameterException"},
		{"newest first before 2024", cwl.FilterLogEventsInput{StartFromHead: aws.Bool(false), StartTime: aws.Int64(1)}, "InvalidParameterException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			if in.LogGroupName == nil {
				in.LogGroupName = aws.String("g")
			}
			_, err := c.FilterLogEvents(ctx(t), &in)
			wantAPIError(t, err, tt.code, "")
		})
	}
}

// TestFilterScanBudgetReturnsPartialPages checks the store-level contract
// the API relies on: when the scan budget runs out, the page may be empty
// but carries a position from which the rest is found.
func TestFilterScanBudgetReturnsPartialPages(t *testing.T) {
	s := openTestStore(t, Options{})
	base := time.Now()
	var events []Event
	for i := range 10 {
		msg := "noise"
		if i == 8 {
			msg = "needle"
		}
		events = append(events, Event{Time: base.Add(time.Duration(i) * time.Millisecond), Message: msg})
	}
	if err := s.Append("g", "s", events); err != nil {
		t.Fatal(err)
	}
	m, _ := compilePattern("needle")
	q := readQuery{forward: true, limit: 100, match: m, scanBudget: 3}
	q.lo, q.hi = fullRange()
	var found []string
	calls := 0
	for {
		calls++
		res, err := s.filter("g", q)
		if err != nil {
			t.Fatal(err)
		}
		found = append(found, messages(res.events)...)
		if !res.more {
			break
		}
		q.lo = res.last.next()
	}
	if !slices.Equal(found, []string{"needle"}) || calls != 4 {
		t.Errorf("found %q in %d calls, want [needle] in 4", found, calls)
	}
}
