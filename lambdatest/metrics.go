package lambdatest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// MetricsClient returns an AWS SDK CloudWatch client pointed at the engine,
// which serves the AWS/Lambda metrics it records through GetMetricData,
// GetMetricStatistics and ListMetrics.
func (e *Engine) MetricsClient(optFns ...func(*cloudwatch.Options)) *cloudwatch.Client {
	base := func(o *cloudwatch.Options) { o.BaseEndpoint = aws.String(e.endpoint) }
	return cloudwatch.NewFromConfig(e.awsConfig(), append([]func(*cloudwatch.Options){base}, optFns...)...)
}

// metricsWindow is how far back Metric looks: longer than any test runs.
const metricsWindow = 24 * time.Hour

// Metric returns one statistic (Sum, Average, Minimum, Maximum or
// SampleCount) of a function metric in namespace AWS/Lambda, such as
// Invocations, Errors, Throttles or Duration (milliseconds), over
// everything the engine recorded in the last day. fn is a function name,
// or NAME:QUALIFIER for one version or alias. The engine's reads include
// what it recorded an instant before, so Metric needs no waiting: after
// three invocations return, Metric(ctx, fn, "Invocations", "Sum") is 3.
// Without data, Sum and SampleCount are 0 and the other statistics an
// error.
func (e *Engine) Metric(ctx context.Context, fn, name, stat string) (float64, error) {
	function, _, qualified := strings.Cut(fn, ":")
	dims := []types.Dimension{{Name: aws.String("FunctionName"), Value: aws.String(function)}}
	if qualified {
		dims = append(dims, types.Dimension{Name: aws.String("Resource"), Value: aws.String(fn)})
	}
	end := time.Now().Truncate(time.Minute).Add(time.Minute)
	start := end.Add(-metricsWindow)
	query := func(id, stat string) types.MetricDataQuery {
		return types.MetricDataQuery{Id: aws.String(id), MetricStat: &types.MetricStat{
			Metric: &types.Metric{Namespace: aws.String("AWS/Lambda"), MetricName: aws.String(name), Dimensions: dims},
			Period: aws.Int32(int32(metricsWindow / time.Second)), Stat: aws.String(stat),
		}}
	}
	// An average over the window is Sum / SampleCount, not a mean of
	// per-period averages.
	queries := []types.MetricDataQuery{query("v", stat)}
	if stat == "Average" {
		queries = []types.MetricDataQuery{query("sum", "Sum"), query("n", "SampleCount")}
	}
	out, err := e.MetricsClient().GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
		MetricDataQueries: queries, StartTime: aws.Time(start), EndTime: aws.Time(end),
	})
	if err != nil {
		return 0, fmt.Errorf("lambdatest: reading %s %s of %s: %w", stat, name, fn, err)
	}
	vals := map[string][]float64{}
	for _, r := range out.MetricDataResults {
		vals[aws.ToString(r.Id)] = r.Values
	}
	if stat == "Average" {
		sum, n := total(vals["sum"], "Sum"), total(vals["n"], "Sum")
		if n == 0 {
			return 0, fmt.Errorf("lambdatest: no %s data for %s", name, fn)
		}
		return sum / n, nil
	}
	if len(vals["v"]) == 0 && stat != "Sum" && stat != "SampleCount" {
		return 0, fmt.Errorf("lambdatest: no %s data for %s", name, fn)
	}
	return total(vals["v"], stat), nil
}

// total folds per-period values of one statistic.
func total(vs []float64, stat string) float64 {
	var t float64
	for i, v := range vs {
		switch {
		case i == 0:
			t = v
		case stat == "Maximum":
			t = max(t, v)
		case stat == "Minimum":
			t = min(t, v)
		default:
			t += v
		}
	}
	return t
}
