package cwlogs

import (
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

func putEvents(t *testing.T, c *cwl.Client, group, stream string, events ...types.InputLogEvent) *cwl.PutLogEventsOutput {
	t.Helper()
	out, err := c.PutLogEvents(ctx(t), &cwl.PutLogEventsInput{
		LogGroupName: aws.String(group), LogStreamName: aws.String(stream), LogEvents: events,
	})
	if err != nil {
		t.Fatalf("PutLogEvents(%s/%s): %v", group, stream, err)
	}
	return out
}

func ev(ts int64, msg string) types.InputLogEvent {
	return types.InputLogEvent{Timestamp: aws.Int64(ts), Message: aws.String(msg)}
}

// createStreams creates group "g" with the given streams.
func createStreams(t *testing.T, c *cwl.Client, streams ...string) {
	t.Helper()
	if _, err := c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String("g")}); err != nil {
		t.Fatal(err)
	}
	for _, s := range streams {
		if _, err := c.CreateLogStream(ctx(t), &cwl.CreateLogStreamInput{LogGroupName: aws.String("g"), LogStreamName: aws.String(s)}); err != nil {
			t.Fatalf("CreateLogStream(%s): %v", s, err)
		}
	}
}

func TestLogStreamLifecycle(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	_, err := c.CreateLogStream(ctx(t), &cwl.CreateLogStreamInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s")})
	wantAPIError(t, err, "ResourceNotFoundException", msgGroupNotFound)
	createStreams(t, c, "s")
	_, err = c.CreateLogStream(ctx(t), &cwl.CreateLogStreamInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s")})
	wantAPIError(t, err, "ResourceAlreadyExistsException", msgStreamExists)
	_, err = c.CreateLogStream(ctx(t), &cwl.CreateLogStreamInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("a:b")})
	wantAPIError(t, err, "InvalidParameterException", "")

	out, err := c.DescribeLogStreams(ctx(t), &cwl.DescribeLogStreamsInput{LogGroupName: aws.String("g")})
	if err != nil || len(out.LogStreams) != 1 {
		t.Fatalf("DescribeLogStreams = %v, %v", out, err)
	}
	st := out.LogStreams[0]
	if aws.ToString(st.Arn) != "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s" ||
		st.FirstEventTimestamp != nil || st.LastIngestionTime != nil || aws.ToString(st.UploadSequenceToken) == "" {
		t.Errorf("empty stream shape = %+v", st)
	}
	ts := millis(-time.Minute)
	putEvents(t, c, "g", "s", ev(ts, "one"), ev(ts+5, "two"))
	out, err = c.DescribeLogStreams(ctx(t), &cwl.DescribeLogStreamsInput{LogGroupIdentifier: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:g:*")})
	if err != nil {
		t.Fatal(err)
	}
	st = out.LogStreams[0]
	if aws.ToInt64(st.FirstEventTimestamp) != ts || aws.ToInt64(st.LastEventTimestamp) != ts+5 || aws.ToInt64(st.LastIngestionTime) == 0 {
		t.Errorf("stream after put = first %v last %v ingestion %v", aws.ToInt64(st.FirstEventTimestamp), aws.ToInt64(st.LastEventTimestamp), aws.ToInt64(st.LastIngestionTime))
	}

	if _, err := c.DeleteLogStream(ctx(t), &cwl.DeleteLogStreamInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteLogStream(ctx(t), &cwl.DeleteLogStreamInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s")})
	wantAPIError(t, err, "ResourceNotFoundException", msgStreamNotFound)
}

func TestDescribeLogStreamsOrderAndPages(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	createStreams(t, c, "s-b", "s-a", "s-c", "other")
	base := millis(-time.Hour)
	// Last event times: s-c oldest, then s-a, then s-b; "other" has none.
	putEvents(t, c, "g", "s-c", ev(base, "x"))
	putEvents(t, c, "g", "s-a", ev(base+10, "x"))
	putEvents(t, c, "g", "s-b", ev(base+20, "x"))
	tests := []struct {
		name string
		in   cwl.DescribeLogStreamsInput
		want []string
	}{
		{"by name", cwl.DescribeLogStreamsInput{}, []string{"other", "s-a", "s-b", "s-c"}},
		{"by name descending", cwl.DescribeLogStreamsInput{Descending: aws.Bool(true)}, []string{"s-c", "s-b", "s-a", "other"}},
		{"prefix", cwl.DescribeLogStreamsInput{LogStreamNamePrefix: aws.String("s-")}, []string{"s-a", "s-b", "s-c"}},
		{"last event time", cwl.DescribeLogStreamsInput{OrderBy: types.OrderByLastEventTime}, []string{"other", "s-c", "s-a", "s-b"}},
		{"newest first", cwl.DescribeLogStreamsInput{OrderBy: types.OrderByLastEventTime, Descending: aws.Bool(true)}, []string{"s-b", "s-a", "s-c", "other"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.LogGroupName, in.Limit = aws.String("g"), aws.Int32(1)
			var got []string
			p := cwl.NewDescribeLogStreamsPaginator(c, &in)
			for p.HasMorePages() {
				out, err := p.NextPage(ctx(t))
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range out.LogStreams {
					got = append(got, aws.ToString(s.LogStreamName))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	_, err := c.DescribeLogStreams(ctx(t), &cwl.DescribeLogStreamsInput{LogGroupName: aws.String("g"),
		OrderBy: types.OrderByLastEventTime, LogStreamNamePrefix: aws.String("s")})
	wantAPIError(t, err, "InvalidParameterException", "Cannot order by LastEventTime with a logStreamNamePrefix.")
	_, err = c.DescribeLogStreams(ctx(t), &cwl.DescribeLogStreamsInput{LogGroupName: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", msgGroupNotFound)
}
