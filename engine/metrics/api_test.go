package metrics

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"
)

// recordSample spreads invocations of "fn" over three minutes: 2 at t0
// (one failing), 1 at t0+1m, 3 at t0+2m; durations 10ms·n for the n-th.
func recordSample(r *Recorder, clock *testClock) {
	n := 0
	for minute, count := range []int{2, 1, 3} {
		clock.Set(t0.Add(time.Duration(minute)*time.Minute + 10*time.Second))
		for i := range count {
			n++
			errType := ""
			if minute == 0 && i == 0 {
				errType = "Unhandled"
			}
			invoke(r, "fn", "", "$LATEST", time.Duration(n)*10*time.Millisecond, errType)
		}
	}
}

func metricStat(fn, name, stat string, period int32) *types.MetricStat {
	return &types.MetricStat{
		Metric: &types.Metric{Namespace: aws.String(Namespace), MetricName: aws.String(name), Dimensions: fnDims(fn)},
		Period: aws.Int32(period), Stat: aws.String(stat),
	}
}

func TestGetMetricData(t *testing.T) {
	r, clock := openTest(t)
	recordSample(r, clock)
	// Part of it in the file, the rest in memory: reads see both.
	clock.Set(t0.Add(time.Minute))
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	clock.Set(t0.Add(5 * time.Minute))
	client, _ := newTestClient(t, r)
	out, err := client.GetMetricData(t.Context(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(t0), EndTime: aws.Time(t0.Add(5 * time.Minute)),
		ScanBy: types.ScanByTimestampAscending,
		MetricDataQueries: []types.MetricDataQuery{
			{Id: aws.String("inv"), MetricStat: metricStat("fn", "Invocations", "Sum", 60)},
			{Id: aws.String("inv5"), MetricStat: metricStat("fn", "Invocations", "Sum", 300), Label: aws.String("five")},
			{Id: aws.String("errs"), MetricStat: metricStat("fn", "Errors", "Average", 120)},
			{Id: aws.String("dmax"), MetricStat: metricStat("fn", "Duration", "Maximum", 300)},
			{Id: aws.String("dmin"), MetricStat: metricStat("fn", "Duration", "Minimum", 300)},
			{Id: aws.String("cnt"), MetricStat: metricStat("fn", "Duration", "SampleCount", 300)},
			{Id: aws.String("hidden"), MetricStat: metricStat("fn", "Duration", "Sum", 300), ReturnData: aws.Bool(false)},
			{Id: aws.String("nobody"), MetricStat: metricStat("nobody", "Invocations", "Sum", 60)},
		},
	})
	if err != nil {
		t.Fatalf("GetMetricData: %v", err)
	}
	m := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) }
	want := map[string]struct {
		label  string
		times  []time.Time
		values []float64
	}{
		"inv":    {"Invocations", []time.Time{m(0), m(1), m(2)}, []float64{2, 1, 3}},
		"inv5":   {"five", []time.Time{m(0)}, []float64{6}},
		"errs":   {"Errors", []time.Time{m(0), m(2)}, []float64{1.0 / 3, 0}},
		"dmax":   {"Duration", []time.Time{m(0)}, []float64{60}},
		"dmin":   {"Duration", []time.Time{m(0)}, []float64{10}},
		"cnt":    {"Duration", []time.Time{m(0)}, []float64{6}},
		"nobody": {"Invocations", nil, nil},
	}
	if len(out.MetricDataResults) != len(want) {
		t.Fatalf("%d results, want %d (ReturnData false is left out)", len(out.MetricDataResults), len(want))
	}
	for _, res := range out.MetricDataResults {
		w, ok := want[aws.ToString(res.Id)]
		if !ok {
			t.Fatalf("unexpected result %s", aws.ToString(res.Id))
		}
		if aws.ToString(res.Label) != w.label || res.StatusCode != types.StatusCodeComplete {
			t.Errorf("%s: label %q status %s", aws.ToString(res.Id), aws.ToString(res.Label), res.StatusCode)
		}
		if len(res.Timestamps) != len(w.times) || len(res.Values) != len(w.values) {
			t.Fatalf("%s: timestamps %v values %v, want %v %v", aws.ToString(res.Id), res.Timestamps, res.Values, w.times, w.values)
		}
		for i := range w.times {
			if !res.Timestamps[i].Equal(w.times[i]) || !near(res.Values[i], w.values[i]) {
				t.Errorf("%s[%d] = %v %v, want %v %v", aws.ToString(res.Id), i, res.Timestamps[i], res.Values[i], w.times[i], w.values[i])
			}
		}
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestGetMetricDataDescendingByDefault(t *testing.T) {
	r, clock := openTest(t)
	recordSample(r, clock)
	client, _ := newTestClient(t, r)
	out, err := client.GetMetricData(t.Context(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(t0), EndTime: aws.Time(t0.Add(time.Hour)),
		MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("a"), MetricStat: metricStat("fn", "Invocations", "Sum", 60)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if v := out.MetricDataResults[0].Values; len(v) != 3 || v[0] != 3 || v[2] != 2 {
		t.Fatalf("values %v, want newest first [3 1 2]", v)
	}
}

func TestGetMetricStatistics(t *testing.T) {
	r, clock := openTest(t)
	recordSample(r, clock)
	client, _ := newTestClient(t, r)
	out, err := client.GetMetricStatistics(t.Context(), &cloudwatch.GetMetricStatisticsInput{
		Namespace: aws.String(Namespace), MetricName: aws.String("Duration"), Dimensions: fnDims("fn"),
		StartTime: aws.Time(t0.Add(30 * time.Second)), EndTime: aws.Time(t0.Add(10 * time.Minute)), Period: aws.Int32(120),
		Statistics: []types.Statistic{types.StatisticSum, types.StatisticAverage, types.StatisticMaximum, types.StatisticMinimum, types.StatisticSampleCount},
	})
	if err != nil {
		t.Fatalf("GetMetricStatistics: %v", err)
	}
	// The start rounds down to t0; periods are [t0, t0+2m) and [t0+2m, t0+4m).
	if aws.ToString(out.Label) != "Duration" || len(out.Datapoints) != 2 {
		t.Fatalf("label %q, datapoints %+v", aws.ToString(out.Label), out.Datapoints)
	}
	dp := out.Datapoints[0]
	if !dp.Timestamp.Equal(t0) || *dp.Sum != 60 || *dp.Average != 20 || *dp.Maximum != 30 || *dp.Minimum != 10 ||
		*dp.SampleCount != 3 || dp.Unit != types.StandardUnitMilliseconds {
		t.Fatalf("first datapoint %+v", dp)
	}
	if dp := out.Datapoints[1]; !dp.Timestamp.Equal(t0.Add(2*time.Minute)) || *dp.Sum != 150 {
		t.Fatalf("second datapoint %+v", dp)
	}
	// A unit other than the metric's selects nothing, as on CloudWatch.
	out, err = client.GetMetricStatistics(t.Context(), &cloudwatch.GetMetricStatisticsInput{
		Namespace: aws.String(Namespace), MetricName: aws.String("Duration"), Dimensions: fnDims("fn"),
		StartTime: aws.Time(t0), EndTime: aws.Time(t0.Add(10 * time.Minute)), Period: aws.Int32(60),
		Statistics: []types.Statistic{types.StatisticSum}, Unit: types.StandardUnitSeconds,
	})
	if err != nil || len(out.Datapoints) != 0 {
		t.Fatalf("with another unit: %v, %+v", err, out)
	}
}

func TestListMetrics(t *testing.T) {
	r, _ := openTest(t)
	invoke(r, "a", "live", "2", time.Millisecond, "")
	invoke(r, "b", "", "$LATEST", time.Millisecond, "")
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	r.Throttled("c", "")
	client, _ := newTestClient(t, r)
	dims := func(kv ...string) []types.DimensionFilter {
		var out []types.DimensionFilter
		for i := 0; i < len(kv); i += 2 {
			f := types.DimensionFilter{Name: aws.String(kv[i])}
			if kv[i+1] != "" {
				f.Value = aws.String(kv[i+1])
			}
			out = append(out, f)
		}
		return out
	}
	tests := []struct {
		name string
		in   cloudwatch.ListMetricsInput
		want int
	}{
		// Invocations, Errors, Duration: account, a's three levels, b's
		// function level; Throttles: account, c; ConcurrentExecutions:
		// account, a's function and resource, b; Unreserved: account.
		{"everything", cloudwatch.ListMetricsInput{}, 3*5 + 2 + 4 + 1},
		{"by name", cloudwatch.ListMetricsInput{MetricName: aws.String("Invocations")}, 1 + 3 + 1},
		{"function a", cloudwatch.ListMetricsInput{Dimensions: dims(DimFunctionName, "a")}, 3*3 + 2},
		{"any resource", cloudwatch.ListMetricsInput{Dimensions: dims(DimResource, "")}, 2*3 + 1},
		{"executed version 2", cloudwatch.ListMetricsInput{Dimensions: dims(DimFunctionName, "a", DimExecutedVersion, "2"), MetricName: aws.String("Duration")}, 1},
		{"other namespace", cloudwatch.ListMetricsInput{Namespace: aws.String("AWS/SQS")}, 0},
		{"throttles", cloudwatch.ListMetricsInput{Namespace: aws.String(Namespace), MetricName: aws.String("Throttles")}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := client.ListMetrics(t.Context(), &tt.in)
			if err != nil {
				t.Fatalf("ListMetrics: %v", err)
			}
			if len(out.Metrics) != tt.want {
				for _, m := range out.Metrics {
					t.Logf("%s %v", aws.ToString(m.MetricName), m.Dimensions)
				}
				t.Fatalf("%d metrics, want %d", len(out.Metrics), tt.want)
			}
			for _, m := range out.Metrics {
				if aws.ToString(m.Namespace) != Namespace {
					t.Fatalf("namespace %q", aws.ToString(m.Namespace))
				}
			}
		})
	}
}

func TestAPIErrors(t *testing.T) {
	r, _ := openTest(t)
	client, _ := newTestClient(t, r)
	start, end := aws.Time(t0), aws.Time(t0.Add(time.Hour))
	stats := []types.Statistic{types.StatisticSum}
	gms := func(f func(*cloudwatch.GetMetricStatisticsInput)) func() error {
		in := &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String(Namespace), MetricName: aws.String("Invocations"),
			StartTime: start, EndTime: end, Period: aws.Int32(60), Statistics: stats}
		f(in)
		return func() error { _, err := client.GetMetricStatistics(t.Context(), in); return err }
	}
	gmd := func(q types.MetricDataQuery, f func(*cloudwatch.GetMetricDataInput)) func() error {
		in := &cloudwatch.GetMetricDataInput{StartTime: start, EndTime: end, MetricDataQueries: []types.MetricDataQuery{q}}
		f(in)
		return func() error { _, err := client.GetMetricData(t.Context(), in); return err }
	}
	ok := types.MetricDataQuery{Id: aws.String("q"), MetricStat: metricStat("fn", "Invocations", "Sum", 60)}
	tests := []struct {
		name, code string
		call       func() error
	}{
		{"bad period", "InvalidParameterValue", gms(func(in *cloudwatch.GetMetricStatisticsInput) { in.Period = aws.Int32(90) })},
		{"start equals end", "InvalidParameterValue", gms(func(in *cloudwatch.GetMetricStatisticsInput) { in.EndTime = start })},
		{"start after end", "InvalidParameterValue", gms(func(in *cloudwatch.GetMetricStatisticsInput) { in.StartTime, in.EndTime = end, start })},
		{"too many datapoints", "InvalidParameterCombination", gms(func(in *cloudwatch.GetMetricStatisticsInput) {
			in.EndTime = aws.Time(t0.Add(25 * time.Hour))
		})},
		{"no statistics", "MissingParameter", gms(func(in *cloudwatch.GetMetricStatisticsInput) { in.Statistics = nil })},
		{"percentile", "InvalidParameterValue", gms(func(in *cloudwatch.GetMetricStatisticsInput) {
			in.Statistics, in.ExtendedStatistics = nil, []string{"p99"}
		})},
		{"bad query id", "InvalidParameterValue", gms(func(*cloudwatch.GetMetricStatisticsInput) {})},
		{"duplicate ids", "InvalidParameterValue", gmd(ok, func(in *cloudwatch.GetMetricDataInput) {
			in.MetricDataQueries = append(in.MetricDataQueries, ok)
		})},
		{"uppercase id", "InvalidParameterValue", gmd(types.MetricDataQuery{Id: aws.String("Q"), MetricStat: ok.MetricStat}, func(*cloudwatch.GetMetricDataInput) {})},
		{"unknown stat", "InvalidParameterValue", gmd(types.MetricDataQuery{Id: aws.String("q"), MetricStat: metricStat("fn", "Errors", "Median", 60)}, func(*cloudwatch.GetMetricDataInput) {})},
		{"expression", "InvalidParameterValue", gmd(types.MetricDataQuery{Id: aws.String("q"), Expression: aws.String("m1*2")}, func(*cloudwatch.GetMetricDataInput) {})},
		{"next token", "InvalidNextToken", gmd(ok, func(in *cloudwatch.GetMetricDataInput) { in.NextToken = aws.String("x") })},
		{"list next token", "InvalidNextToken", func() error {
			_, err := client.ListMetrics(t.Context(), &cloudwatch.ListMetricsInput{NextToken: aws.String("nope")})
			return err
		}},
	}
	tests[6].call = gmd(types.MetricDataQuery{Id: aws.String("1q"), MetricStat: ok.MetricStat}, func(*cloudwatch.GetMetricDataInput) {})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var ae smithy.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want API error %s", err, tt.code)
			}
			if ae.ErrorCode() != tt.code || ae.ErrorFault() != smithy.FaultClient || ae.ErrorMessage() == "" {
				t.Fatalf("code %q fault %v message %q, want %s", ae.ErrorCode(), ae.ErrorFault(), ae.ErrorMessage(), tt.code)
			}
		})
	}
	// The SDK maps the query code onto the modelled error type too.
	err := gms(func(in *cloudwatch.GetMetricStatisticsInput) { in.Period = aws.Int32(0) })()
	var ipv *types.InvalidParameterValueException
	if !errors.As(err, &ipv) {
		t.Fatalf("err = %T %v, want *types.InvalidParameterValueException", err, err)
	}
}
