package engine_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// metricSum reads the Sum of an AWS/Lambda metric for a function over the
// last hour through the engine's CloudWatch API with the real SDK client,
// as a test against AWS would.
func metricSum(h *harness, function, metric string) (float64, error) {
	client := cloudwatch.New(cloudwatch.Options{
		Region: testRegion, BaseEndpoint: aws.String(h.server.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
	})
	now := time.Now()
	out, err := client.GetMetricStatistics(context.Background(), &cloudwatch.GetMetricStatisticsInput{
		Namespace: aws.String("AWS/Lambda"), MetricName: aws.String(metric),
		Dimensions: []cwtypes.Dimension{{Name: aws.String("FunctionName"), Value: aws.String(function)}},
		StartTime:  aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now.Add(time.Minute)),
		Period: aws.Int32(3600), Statistics: []cwtypes.Statistic{cwtypes.StatisticSum},
	})
	if err != nil {
		return 0, err
	}
	var sum float64
	for _, dp := range out.Datapoints {
		sum += aws.ToFloat64(dp.Sum)
	}
	return sum, nil
}

// An engine without metrics still runs functions; it only stops serving
// the metrics endpoints.
func TestEngineWithoutMetrics(t *testing.T) {
	requirePython(t)
	h := startEngine(t, t.TempDir(), engine.Config{DisableMetrics: true})
	h.create("quiet", makeZip(t, map[string]string{"index.py": pythonEcho}))
	h.waitActive("quiet")
	if _, body := invokeJSON(t, h, &lambda.InvokeInput{FunctionName: aws.String("quiet"), Payload: []byte(`{"n":1}`)}); body["function"] != "quiet" {
		t.Fatalf("invoke without metrics: %v", body)
	}
	resp, err := http.Get(h.server.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Fatal("GET /metrics answered 200 with metrics disabled")
	}
	if _, err := metricSum(h, "quiet", "Invocations"); err == nil {
		t.Fatal("the CloudWatch API answered with metrics disabled")
	}
}
