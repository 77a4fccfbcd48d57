package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/spf13/cobra"

	"github.com/lambdaform/terraform-provider-lambda/internal/enginectl"
)

type logsOptions struct {
	engineClient
	since, filter, format string
	follow                bool
	pollInterval          time.Duration
}

// newLogsCmd returns `lambdaform logs NAME`, which prints a function's log
// events from the engine's CloudWatch Logs API, like `aws logs tail`.
func newLogsCmd() *cobra.Command {
	o := logsOptions{}
	cmd := &cobra.Command{
		Use:   "logs FUNCTION_NAME",
		Short: "Show a function's logs (like aws logs tail)",
		Long: "Prints the events of log group /aws/lambda/FUNCTION_NAME from a running engine, oldest first, " +
			"through the CloudWatch Logs API. With --follow it keeps polling for new events until interrupted.\n" +
			"Flags can also be set with LAMBDAFORM_* environment variables, e.g. LAMBDAFORM_ENDPOINT.",
		Args: cobra.ExactArgs(1),
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			return enginectl.ApplyEnv(cmd.Flags(), os.LookupEnv)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLogs(cmd.Context(), cmd.OutOrStdout(), args[0], o)
		},
	}
	f := cmd.Flags()
	o.addFlags(f)
	f.StringVar(&o.since, "since", "10m", "start time: a relative time such as 30s, 10m, 2h, 1d, 1w, or an RFC 3339 timestamp")
	f.StringVar(&o.filter, "filter", "", "CloudWatch Logs filter pattern")
	f.StringVar(&o.format, "format", "detailed", "output format: detailed, short or json")
	f.BoolVar(&o.follow, "follow", false, "keep polling for new events until interrupted")
	f.DurationVar(&o.pollInterval, "poll-interval", time.Second, "how often --follow polls the engine")
	return cmd
}

func runLogs(ctx context.Context, out io.Writer, function string, o logsOptions) error {
	start, err := parseSince(o.since, time.Now())
	if err != nil {
		return err
	}
	printEvent, err := eventPrinter(o.format)
	if err != nil {
		return err
	}
	t := &tailer{
		client: logsClient(o),
		in: cwl.FilterLogEventsInput{
			LogGroupName: aws.String("/aws/lambda/" + function),
			StartTime:    aws.Int64(start.UnixMilli()),
		},
		emit: func(e types.FilteredLogEvent) error { return printEvent(out, e) },
	}
	if o.filter != "" {
		t.in.FilterPattern = aws.String(o.filter)
	}
	if o.follow {
		return t.follow(ctx, o.pollInterval)
	}
	return t.once(ctx)
}

func logsClient(o logsOptions) *cwl.Client {
	return cwl.New(cwl.Options{Region: o.region, BaseEndpoint: aws.String(o.endpoint), Credentials: o.credentials()})
}

// relativeSince is aws logs tail's relative time: an amount and one unit.
var relativeSince = regexp.MustCompile(`^(\d+)([smhdw])$`)

var sinceUnits = map[string]time.Duration{
	"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour,
}

func parseSince(s string, now time.Time) (time.Time, error) {
	if m := relativeSince.FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			return time.Time{}, fmt.Errorf("--since %q: %w", s, err)
		}
		return now.Add(-time.Duration(n) * sinceUnits[m[2]]), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--since %q is neither a relative time (e.g. 10m) nor an RFC 3339 timestamp: %w", s, err)
	}
	return t, nil
}

// tailer reads FilterLogEvents pages the way `aws logs tail` does.
type tailer struct {
	client *cwl.Client
	in     cwl.FilterLogEventsInput
	emit   func(types.FilteredLogEvent) error
}

func (t *tailer) once(ctx context.Context) error {
	p := cwl.NewFilterLogEventsPaginator(t.client, &t.in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("read logs: %w", err)
		}
		for _, e := range page.Events {
			if err := t.emit(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// follow polls until ctx is done. After the last page it polls again from
// the newest timestamp seen, so events at that millisecond come back and
// are skipped by event id. A log group that does not exist yet (function
// never invoked) is waited for rather than treated as an error.
func (t *tailer) follow(ctx context.Context, interval time.Duration) error {
	seen := newSeenEvents()
	for {
		page, err := t.client.FilterLogEvents(ctx, &t.in)
		var notFound *types.ResourceNotFoundException
		switch {
		case interrupted(ctx):
			return nil
		case errors.As(err, &notFound):
			page = &cwl.FilterLogEventsOutput{}
		case err != nil:
			return fmt.Errorf("read logs: %w", err)
		}
		if err := t.emitNew(page.Events, seen); err != nil {
			return err
		}
		if page.NextToken != nil {
			t.in.NextToken = page.NextToken
			continue
		}
		t.in.NextToken = nil
		if newest, ok := seen.newest(); ok {
			t.in.StartTime = aws.Int64(newest)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(interval):
		}
	}
}

// interrupted reports whether ctx was cancelled: the normal way --follow
// ends, not an error.
func interrupted(ctx context.Context) bool { return ctx.Err() != nil }

func (t *tailer) emitNew(events []types.FilteredLogEvent, seen *seenEvents) error {
	for _, e := range events {
		if !seen.add(aws.ToInt64(e.Timestamp), aws.ToString(e.EventId)) {
			continue
		}
		if err := t.emit(e); err != nil {
			return err
		}
	}
	seen.forgetOlder()
	return nil
}

// seenEvents remembers event ids by timestamp; only the newest timestamp's
// ids are kept between polls, since only they can be returned again.
type seenEvents struct{ byTime map[int64]map[string]bool }

func newSeenEvents() *seenEvents { return &seenEvents{byTime: map[int64]map[string]bool{}} }

// add records an event and reports whether it is new.
func (s *seenEvents) add(ts int64, id string) bool {
	ids := s.byTime[ts]
	if ids == nil {
		ids = map[string]bool{}
		s.byTime[ts] = ids
	}
	if ids[id] {
		return false
	}
	ids[id] = true
	return true
}

func (s *seenEvents) newest() (int64, bool) {
	var newest int64
	found := false
	for ts := range s.byTime {
		if !found || ts > newest {
			newest, found = ts, true
		}
	}
	return newest, found
}

func (s *seenEvents) forgetOlder() {
	newest, ok := s.newest()
	if !ok {
		return
	}
	for ts := range s.byTime {
		if ts != newest {
			delete(s.byTime, ts)
		}
	}
}

type printFunc func(io.Writer, types.FilteredLogEvent) error

// eventPrinter renders events as aws logs tail's formats do.
func eventPrinter(format string) (printFunc, error) {
	switch format {
	case "short":
		return func(w io.Writer, e types.FilteredLogEvent) error {
			return writeEventLine(w, eventTime(e).Format("2006-01-02T15:04:05"), aws.ToString(e.Message))
		}, nil
	case "detailed":
		return func(w io.Writer, e types.FilteredLogEvent) error {
			return writeEventLine(w, eventTime(e).Format("2006-01-02T15:04:05.000000-07:00"), aws.ToString(e.LogStreamName), aws.ToString(e.Message))
		}, nil
	case "json":
		return func(w io.Writer, e types.FilteredLogEvent) error {
			return writeEventLine(w, isoformat(eventTime(e)), aws.ToString(e.LogStreamName), prettyJSON(aws.ToString(e.Message)))
		}, nil
	}
	return nil, fmt.Errorf("--format %q: want detailed, short or json", format)
}

func eventTime(e types.FilteredLogEvent) time.Time {
	return time.UnixMilli(aws.ToInt64(e.Timestamp)).UTC()
}

// isoformat matches Python's datetime.isoformat(): microseconds only when
// they are not zero.
func isoformat(t time.Time) string {
	if t.Nanosecond() == 0 {
		return t.Format("2006-01-02T15:04:05-07:00")
	}
	return t.Format("2006-01-02T15:04:05.000000-07:00")
}

// writeEventLine joins the fields with spaces and ends the line with
// exactly one newline, trimming the message's own trailing whitespace.
func writeEventLine(w io.Writer, fields ...string) error {
	line := strings.TrimRightFunc(strings.Join(fields, " "), func(r rune) bool { return r == '\n' || r == '\r' || r == ' ' || r == '\t' })
	_, err := io.WriteString(w, line+"\n")
	return err
}

// prettyJSON indents a message that is entirely JSON, on its own lines.
func prettyJSON(msg string) string {
	var buf bytes.Buffer
	if !json.Valid([]byte(msg)) || json.Indent(&buf, []byte(strings.TrimSpace(msg)), "", "    ") != nil {
		return msg
	}
	return "\n" + buf.String()
}
