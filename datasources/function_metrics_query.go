package datasources

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// metricQuery is one statistic of one function metric over a window.
type metricQuery struct {
	function, qualifier, metric, stat string
	start, end                        time.Time
	period                            time.Duration // 0: one period for the whole window
}

type metricPoint struct {
	time  time.Time
	value float64
}

type metricResult struct {
	value  *float64 // over the whole window; nil without data (except Sum and SampleCount: 0)
	points []metricPoint
}

// readFunctionMetric runs q with GetMetricData. The whole-window value
// needs more than the per-period statistic (an average of averages is not
// the average), so it also asks for what derives it exactly: Sum and
// SampleCount for Average, the statistic itself otherwise.
func readFunctionMetric(ctx context.Context, client *cloudwatch.Client, q metricQuery) (metricResult, error) {
	dims := []cwtypes.Dimension{{Name: aws.String("FunctionName"), Value: aws.String(q.function)}}
	if q.qualifier != "" {
		dims = append(dims, cwtypes.Dimension{Name: aws.String("Resource"), Value: aws.String(q.function + ":" + q.qualifier)})
	}
	// CloudWatch rounds the start down to the minute; a whole-window
	// period must reach the end from there.
	whole := (q.end.Sub(q.start.Truncate(time.Minute)) + time.Minute - 1).Truncate(time.Minute)
	period := q.period
	if period == 0 {
		period = whole
	}
	stat := func(id, stat string, p time.Duration) cwtypes.MetricDataQuery {
		return cwtypes.MetricDataQuery{Id: aws.String(id), MetricStat: &cwtypes.MetricStat{
			Metric: &cwtypes.Metric{Namespace: aws.String("AWS/Lambda"), MetricName: aws.String(q.metric), Dimensions: dims},
			Period: aws.Int32(int32(p / time.Second)), Stat: aws.String(stat),
		}}
	}
	queries := []cwtypes.MetricDataQuery{stat("points", q.stat, period)}
	if q.stat == "Average" {
		queries = append(queries, stat("sum", "Sum", whole), stat("count", "SampleCount", whole))
	} else {
		queries = append(queries, stat("total", q.stat, whole))
	}
	series, err := getMetricData(ctx, client, queries, q.start, q.end)
	if err != nil {
		return metricResult{}, err
	}
	res := metricResult{points: series["points"]}
	switch q.stat {
	case "Average":
		if sum, n := fold(series["sum"], "Sum"), fold(series["count"], "Sum"); n != nil && *n > 0 {
			res.value = aws.Float64(*sum / *n)
		}
	default:
		res.value = fold(series["total"], q.stat)
	}
	if res.value == nil && (q.stat == "Sum" || q.stat == "SampleCount") {
		res.value = aws.Float64(0)
	}
	return res, nil
}

// getMetricData returns each query's points, oldest first.
func getMetricData(ctx context.Context, client *cloudwatch.Client, queries []cwtypes.MetricDataQuery, start, end time.Time) (map[string][]metricPoint, error) {
	out := map[string][]metricPoint{}
	p := cloudwatch.NewGetMetricDataPaginator(client, &cloudwatch.GetMetricDataInput{
		MetricDataQueries: queries, StartTime: aws.Time(start), EndTime: aws.Time(end), ScanBy: cwtypes.ScanByTimestampAscending,
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("GetMetricData: %w", err)
		}
		for _, r := range page.MetricDataResults {
			if len(r.Timestamps) != len(r.Values) {
				return nil, fmt.Errorf("GetMetricData result %s has %d timestamps but %d values", aws.ToString(r.Id), len(r.Timestamps), len(r.Values))
			}
			for i, ts := range r.Timestamps {
				out[aws.ToString(r.Id)] = append(out[aws.ToString(r.Id)], metricPoint{ts, r.Values[i]})
			}
		}
	}
	return out, nil
}

// fold combines per-period values of one statistic (a whole-window
// period can still yield two when the window straddles its alignment).
func fold(points []metricPoint, stat string) *float64 {
	if len(points) == 0 {
		return nil
	}
	v := points[0].value
	for _, p := range points[1:] {
		switch stat {
		case "Maximum":
			v = max(v, p.value)
		case "Minimum":
			v = min(v, p.value)
		default: // Sum, SampleCount
			v += p.value
		}
	}
	return &v
}
