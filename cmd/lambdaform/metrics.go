package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/spf13/cobra"

	"github.com/lambdaform/terraform-provider-lambda/internal/enginectl"
)

type metricsOptions struct {
	engineClient
	since  string
	period time.Duration
}

// newMetricsCmd returns `lambdaform metrics [NAME]`, which prints function
// metrics from the engine's CloudWatch API: per period for one function,
// or totals per function over the window.
func newMetricsCmd() *cobra.Command {
	o := metricsOptions{}
	cmd := &cobra.Command{
		Use:   "metrics [FUNCTION_NAME]",
		Short: "Show function metrics (invocations, errors, throttles, duration, concurrency)",
		Long: "Prints the AWS/Lambda metrics a running engine recorded, read through its CloudWatch API " +
			"(GetMetricData). With FUNCTION_NAME, one row per --period; without, one row per function with " +
			"totals over the window.\nFlags can also be set with LAMBDAFORM_* environment variables, e.g. LAMBDAFORM_ENDPOINT.",
		Args: cobra.MaximumNArgs(1),
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			return enginectl.ApplyEnv(cmd.Flags(), os.LookupEnv)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			return runMetrics(cmd.Context(), cmd.OutOrStdout(), name, o, time.Now())
		},
	}
	f := cmd.Flags()
	o.addFlags(f)
	f.StringVar(&o.since, "since", "1h", "start of the window: a relative time such as 30m, 2h, 1d, or an RFC 3339 timestamp")
	f.DurationVar(&o.period, "period", time.Minute, "length of each row with FUNCTION_NAME: a whole number of minutes")
	return cmd
}

func runMetrics(ctx context.Context, out io.Writer, name string, o metricsOptions, now time.Time) error {
	start, err := parseSince(o.since, now)
	if err != nil {
		return err
	}
	if !start.Before(now) {
		return fmt.Errorf("--since %q is not in the past", o.since)
	}
	if o.period < time.Minute || o.period%time.Minute != 0 {
		return fmt.Errorf("--period %s is not a whole number of minutes", o.period)
	}
	client := cloudwatch.New(cloudwatch.Options{Region: o.region, BaseEndpoint: aws.String(o.endpoint), Credentials: o.credentials()})
	if name != "" {
		return functionTable(ctx, out, client, name, start, now, o.period)
	}
	return overviewTable(ctx, out, client, start, now)
}

// columns are the figures shown per row; the duration average is derived
// from Sum and SampleCount so that it is exact over merged periods.
var columns = []struct{ id, metric, stat string }{
	{"inv", "Invocations", "Sum"},
	{"err", "Errors", "Sum"},
	{"thr", "Throttles", "Sum"},
	{"dsum", "Duration", "Sum"},
	{"dcnt", "Duration", "SampleCount"},
	{"dmax", "Duration", "Maximum"},
	{"conc", "ConcurrentExecutions", "Maximum"},
}

const queriesPerFunction = 7 // len(columns)

// row holds one row's figures by column id.
type row map[string]float64

func queriesFor(i int, fn string, period time.Duration) []types.MetricDataQuery {
	qs := make([]types.MetricDataQuery, 0, len(columns))
	for _, c := range columns {
		qs = append(qs, types.MetricDataQuery{
			Id: aws.String(c.id + "_" + strconv.Itoa(i)),
			MetricStat: &types.MetricStat{
				Metric: &types.Metric{Namespace: aws.String("AWS/Lambda"), MetricName: aws.String(c.metric),
					Dimensions: []types.Dimension{{Name: aws.String("FunctionName"), Value: aws.String(fn)}}},
				Period: aws.Int32(int32(period / time.Second)), Stat: aws.String(c.stat),
			},
		})
	}
	return qs
}

// fetch runs queries and returns, per query id, its values by timestamp.
func fetch(ctx context.Context, client *cloudwatch.Client, qs []types.MetricDataQuery, start, end time.Time) (map[string]map[time.Time]float64, error) {
	out := map[string]map[time.Time]float64{}
	p := cloudwatch.NewGetMetricDataPaginator(client, &cloudwatch.GetMetricDataInput{
		MetricDataQueries: qs, StartTime: aws.Time(start), EndTime: aws.Time(end), ScanBy: types.ScanByTimestampAscending,
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading metrics: %w", err)
		}
		for _, res := range page.MetricDataResults {
			id := aws.ToString(res.Id)
			if out[id] == nil {
				out[id] = map[time.Time]float64{}
			}
			for i, ts := range res.Timestamps {
				out[id][ts] = res.Values[i]
			}
		}
	}
	return out, nil
}

func functionTable(ctx context.Context, out io.Writer, client *cloudwatch.Client, fn string, start, end time.Time, period time.Duration) error {
	data, err := fetch(ctx, client, queriesFor(0, fn, period), start, end)
	if err != nil {
		return err
	}
	rows := map[time.Time]row{}
	for _, c := range columns {
		for ts, v := range data[c.id+"_0"] {
			if rows[ts] == nil {
				rows[ts] = row{}
			}
			rows[ts][c.id] = v
		}
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintf(out, "No metrics for %s since %s.\n", fn, start.Format(time.RFC3339))
		return err
	}
	times := make([]time.Time, 0, len(rows))
	for ts := range rows {
		times = append(times, ts)
	}
	slices.SortFunc(times, time.Time.Compare)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "TIME\tINVOCATIONS\tERRORS\tTHROTTLES\tAVG MS\tMAX MS\tCONCURRENCY\t")
	for _, ts := range times {
		fmt.Fprintf(tw, "%s\t%s\t\n", ts.Local().Format("2006-01-02 15:04"), rows[ts].cells())
	}
	return tw.Flush()
}

func (r row) cells() string {
	dur, avg, conc := "-", "-", "-"
	if r["dcnt"] > 0 {
		avg = strconv.FormatFloat(r["dsum"]/r["dcnt"], 'f', 1, 64)
		dur = strconv.FormatFloat(r["dmax"], 'f', 1, 64)
	}
	if c, ok := r["conc"]; ok {
		conc = strconv.FormatFloat(c, 'f', 0, 64)
	}
	return fmt.Sprintf("%.0f\t%.0f\t%.0f\t%s\t%s\t%s", r["inv"], r["err"], r["thr"], avg, dur, conc)
}

// overviewTable totals the window per function; functions come from
// ListMetrics (any metric with a FunctionName dimension).
func overviewTable(ctx context.Context, out io.Writer, client *cloudwatch.Client, start, end time.Time) error {
	fns, err := functionNames(ctx, client)
	if err != nil {
		return err
	}
	if len(fns) == 0 {
		_, err := fmt.Fprintln(out, "No function metrics recorded.")
		return err
	}
	// One period spanning the window (rounded up to whole minutes, plus
	// the minute the start is rounded down into).
	period := end.Sub(start).Truncate(time.Minute) + 2*time.Minute
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "FUNCTION\tINVOCATIONS\tERRORS\tTHROTTLES\tAVG MS\tMAX MS\tCONCURRENCY\t")
	// GetMetricData takes up to 500 queries per call.
	const batch = 500 / queriesPerFunction
	for lo := 0; lo < len(fns); lo += batch {
		group := fns[lo:min(lo+batch, len(fns))]
		var qs []types.MetricDataQuery
		for i, fn := range group {
			qs = append(qs, queriesFor(i, fn, period)...)
		}
		data, err := fetch(ctx, client, qs, start, end)
		if err != nil {
			return err
		}
		for i, fn := range group {
			fmt.Fprintf(tw, "%s\t%s\t\n", fn, totals(data, i).cells())
		}
	}
	return tw.Flush()
}

// totals folds a function's periods into one row.
func totals(data map[string]map[time.Time]float64, i int) row {
	r := row{}
	for _, c := range columns {
		for _, v := range data[c.id+"_"+strconv.Itoa(i)] {
			if old, seen := r[c.id]; seen && c.stat == "Maximum" {
				r[c.id] = max(old, v)
				continue
			}
			r[c.id] += v
		}
	}
	return r
}

func functionNames(ctx context.Context, client *cloudwatch.Client) ([]string, error) {
	seen := map[string]bool{}
	p := cloudwatch.NewListMetricsPaginator(client, &cloudwatch.ListMetricsInput{
		Namespace:  aws.String("AWS/Lambda"),
		Dimensions: []types.DimensionFilter{{Name: aws.String("FunctionName")}},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing metrics: %w", err)
		}
		for _, m := range page.Metrics {
			for _, d := range m.Dimensions {
				if aws.ToString(d.Name) == "FunctionName" {
					seen[aws.ToString(d.Value)] = true
				}
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, nil
}
