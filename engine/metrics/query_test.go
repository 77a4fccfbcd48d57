package metrics

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// postForm sends a query-protocol call as the AWS CLI v1 does and returns
// the status and body.
func postForm(t *testing.T, endpoint string, form url.Values) (int, string) {
	t.Helper()
	resp, err := http.Post(endpoint+"/", "application/x-www-form-urlencoded; charset=utf-8", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/xml" {
		t.Fatalf("Content-Type %q", ct)
	}
	return resp.StatusCode, string(body)
}

func TestQueryGetMetricStatistics(t *testing.T) {
	r, clock := openTest(t)
	recordSample(r, clock)
	_, endpoint := newTestClient(t, r)
	status, body := postForm(t, endpoint, url.Values{
		"Action": {"GetMetricStatistics"}, "Version": {APIVersion},
		"Namespace": {Namespace}, "MetricName": {"Invocations"},
		"Dimensions.member.1.Name": {DimFunctionName}, "Dimensions.member.1.Value": {"fn"},
		"StartTime": {"2026-03-01T12:00:00Z"}, "EndTime": {"2026-03-01T13:00:00Z"}, "Period": {"3600"},
		"Statistics.member.1": {"Sum"}, "Statistics.member.2": {"SampleCount"},
	})
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	var doc struct {
		XMLName xml.Name `xml:"http://monitoring.amazonaws.com/doc/2010-08-01/ GetMetricStatisticsResponse"`
		Label   string   `xml:"GetMetricStatisticsResult>Label"`
		Points  []struct {
			Timestamp   string  `xml:"Timestamp"`
			Sum         float64 `xml:"Sum"`
			SampleCount float64 `xml:"SampleCount"`
			Average     *string `xml:"Average"`
			Unit        string  `xml:"Unit"`
		} `xml:"GetMetricStatisticsResult>Datapoints>member"`
		RequestID string `xml:"ResponseMetadata>RequestId"`
	}
	if err := xml.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("%v in %s", err, body)
	}
	if doc.Label != "Invocations" || len(doc.Points) != 1 || doc.RequestID == "" {
		t.Fatalf("document %+v", doc)
	}
	p := doc.Points[0]
	if p.Timestamp != "2026-03-01T12:00:00.000Z" || p.Sum != 6 || p.SampleCount != 6 || p.Average != nil || p.Unit != "Count" {
		t.Fatalf("datapoint %+v", p)
	}
}

func TestQueryGetMetricDataAndListMetrics(t *testing.T) {
	r, clock := openTest(t)
	recordSample(r, clock)
	_, endpoint := newTestClient(t, r)
	status, body := postForm(t, endpoint, url.Values{
		"Action": {"GetMetricData"}, "Version": {APIVersion},
		"StartTime": {"2026-03-01T12:00:00Z"}, "EndTime": {"2026-03-01T12:10:00Z"}, "ScanBy": {"TimestampAscending"},
		"MetricDataQueries.member.1.Id":                                          {"e"},
		"MetricDataQueries.member.1.MetricStat.Metric.Namespace":                 {Namespace},
		"MetricDataQueries.member.1.MetricStat.Metric.MetricName":                {"Errors"},
		"MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name":  {DimFunctionName},
		"MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value": {"fn"},
		"MetricDataQueries.member.1.MetricStat.Period":                           {"60"},
		"MetricDataQueries.member.1.MetricStat.Stat":                             {"Sum"},
		"MetricDataQueries.member.1.ReturnData":                                  {"true"},
	})
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	var doc struct {
		Results []struct {
			ID         string    `xml:"Id"`
			Timestamps []string  `xml:"Timestamps>member"`
			Values     []float64 `xml:"Values>member"`
			StatusCode string    `xml:"StatusCode"`
		} `xml:"GetMetricDataResult>MetricDataResults>member"`
	}
	if err := xml.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Results) != 1 || doc.Results[0].ID != "e" || strings.Join(doc.Results[0].Timestamps, ",") !=
		"2026-03-01T12:00:00.000Z,2026-03-01T12:01:00.000Z,2026-03-01T12:02:00.000Z" ||
		len(doc.Results[0].Values) != 3 || doc.Results[0].Values[0] != 1 || doc.Results[0].StatusCode != "Complete" {
		t.Fatalf("results %+v in %s", doc.Results, body)
	}

	status, body = postForm(t, endpoint, url.Values{
		"Action": {"ListMetrics"}, "Version": {APIVersion}, "Namespace": {Namespace}, "MetricName": {"Duration"},
		"Dimensions.member.1.Name": {DimFunctionName},
	})
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	var list struct {
		Metrics []struct {
			MetricName string `xml:"MetricName"`
			Dimensions []struct {
				Name, Value string
			} `xml:"Dimensions>member"`
		} `xml:"ListMetricsResult>Metrics>member"`
	}
	if err := xml.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Metrics) != 1 || list.Metrics[0].MetricName != "Duration" || len(list.Metrics[0].Dimensions) != 1 ||
		list.Metrics[0].Dimensions[0].Value != "fn" {
		t.Fatalf("metrics %+v", list.Metrics)
	}
}

func TestQueryErrors(t *testing.T) {
	r, _ := openTest(t)
	_, endpoint := newTestClient(t, r)
	tests := []struct {
		name string
		form url.Values
		code string
	}{
		{"bad period", url.Values{"Action": {"GetMetricStatistics"}, "Version": {APIVersion}, "Namespace": {Namespace},
			"MetricName": {"Errors"}, "StartTime": {"2026-03-01T12:00:00Z"}, "EndTime": {"2026-03-01T13:00:00Z"},
			"Period": {"61"}, "Statistics.member.1": {"Sum"}}, "InvalidParameterValue"},
		{"missing namespace", url.Values{"Action": {"GetMetricStatistics"}, "Version": {APIVersion}}, "MissingParameter"},
		{"unknown action", url.Values{"Action": {"PutMetricAlarm"}, "Version": {APIVersion}}, "InvalidAction"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := postForm(t, endpoint, tt.form)
			var doc struct {
				Type string `xml:"Error>Type"`
				Code string `xml:"Error>Code"`
				Msg  string `xml:"Error>Message"`
			}
			if err := xml.Unmarshal([]byte(body), &doc); err != nil {
				t.Fatal(err)
			}
			if status != http.StatusBadRequest || doc.Code != tt.code || doc.Type != "Sender" || doc.Msg == "" {
				t.Fatalf("status %d, %+v", status, doc)
			}
		})
	}
}

func TestJSONProtocol(t *testing.T) {
	r, clock := openTest(t)
	recordSample(r, clock)
	_, endpoint := newTestClient(t, r)
	body := `{"Namespace":"AWS/Lambda","MetricName":"Invocations","Dimensions":[{"Name":"FunctionName","Value":"fn"}],` +
		`"StartTime":` + itoa(t0.Unix()) + `,"EndTime":` + itoa(t0.Add(time.Hour).Unix()) + `,"Period":3600,"Statistics":["Sum"]}`
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, endpoint+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", TargetPrefix+"GetMetricStatistics")
	if !IsRequest(req) {
		t.Fatal("IsRequest = false for a JSON 1.0 call")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	want := `{"Label":"Invocations","Datapoints":[{"Timestamp":` + itoa(t0.Unix()) + `,"Sum":6,"Unit":"Count"}]}`
	if resp.StatusCode != http.StatusOK || string(raw) != want {
		t.Fatalf("status %d body %s, want %s", resp.StatusCode, raw, want)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
