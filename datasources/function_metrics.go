package datasources

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

var _ datasource.DataSourceWithConfigure = &FunctionMetricsDataSource{}

// NewFunctionMetricsDataSource returns the lambda_function_metrics data source.
func NewFunctionMetricsDataSource() datasource.DataSource {
	return &FunctionMetricsDataSource{}
}

// FunctionMetricsDataSource is the lambda_function_metrics data source: one
// AWS/Lambda metric statistic of a function over a time window, read with
// CloudWatch GetMetricData from AWS or from the engine alike.
type FunctionMetricsDataSource struct {
	client *conn.Client
}

type functionMetricsModel struct {
	ID            types.String  `tfsdk:"id"`
	FunctionName  types.String  `tfsdk:"function_name"`
	Qualifier     types.String  `tfsdk:"qualifier"`
	MetricName    types.String  `tfsdk:"metric_name"`
	Statistic     types.String  `tfsdk:"statistic"`
	Since         types.String  `tfsdk:"since"`
	StartTime     types.String  `tfsdk:"start_time"`
	EndTime       types.String  `tfsdk:"end_time"`
	PeriodSeconds types.Int64   `tfsdk:"period_seconds"`
	Value         types.Float64 `tfsdk:"value"`
	Datapoints    types.List    `tfsdk:"datapoints"`
}

var datapointType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"timestamp": types.StringType,
	"value":     types.Float64Type,
}}

// functionMetricNames are the metrics Lambda publishes per function.
var functionMetricNames = []string{
	"Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions", "DeadLetterErrors",
	"DestinationDeliveryFailures", "IteratorAge", "ProvisionedConcurrentExecutions",
	"ProvisionedConcurrencyUtilization", "ProvisionedConcurrencyInvocations",
	"ProvisionedConcurrencySpilloverInvocations", "AsyncEventsReceived", "AsyncEventAge", "AsyncEventsDropped",
}

var (
	statisticNames = []string{"Sum", "Average", "Minimum", "Maximum", "SampleCount"}
	sinceRe        = regexp.MustCompile(`^\d+[smhdw]$`)
	qualifierRe    = regexp.MustCompile(`^(\$LATEST|[0-9]+|[a-zA-Z0-9_-]+)$`)
)

func (d *FunctionMetricsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_function_metrics"
}

func (d *FunctionMetricsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	timeValidators := []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`), "must be an RFC 3339 timestamp")}
	resp.Schema = schema.Schema{
		Description: "Reads one CloudWatch statistic of a function's metric (namespace AWS/Lambda) over a time window, " +
			"from AWS or from the Lambdaform engine, which records the same metrics. Use it to assert, for example, " +
			"that a function was invoked N times without errors. On AWS, metrics arrive a minute or more after the invocations.",
		Attributes: map[string]schema.Attribute{
			"function_name": schema.StringAttribute{
				Required:    true,
				Description: "Name or ARN (without a qualifier) of the function.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 140),
					stringvalidator.RegexMatches(unqualifiedFunctionRefRe, "must be a function name or an unqualified function ARN"),
				},
			},
			"qualifier": schema.StringAttribute{
				Optional:    true,
				Description: "Version or alias: reads the metric's `Resource` dimension (`NAME:QUALIFIER`) instead of the whole function.",
				Validators:  []validator.String{stringvalidator.RegexMatches(qualifierRe, "must be a version number, $LATEST or an alias name")},
			},
			"metric_name": schema.StringAttribute{
				Required:    true,
				Description: "Metric name, such as `Invocations`, `Errors`, `Throttles` or `Duration`.",
				Validators:  []validator.String{stringvalidator.OneOf(functionMetricNames...)},
			},
			"statistic": schema.StringAttribute{
				Optional:    true,
				Computed:    true,
				Description: "Statistic: `Sum` (default), `Average`, `Minimum`, `Maximum` or `SampleCount`.",
				Validators:  []validator.String{stringvalidator.OneOf(statisticNames...)},
			},
			"since": schema.StringAttribute{
				Optional: true,
				Description: "Start of the window relative to now, such as `30m`, `2h` or `1d` (default `1h`). " +
					"Conflicts with `start_time`.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(sinceRe, "must be a number followed by s, m, h, d or w"),
					stringvalidator.ConflictsWith(path.MatchRoot("start_time")),
				},
			},
			"start_time": schema.StringAttribute{
				Optional: true, Validators: timeValidators,
				Description: "Start of the window, RFC 3339. Conflicts with `since`.",
			},
			"end_time": schema.StringAttribute{
				Optional: true, Validators: timeValidators,
				Description: "End of the window, RFC 3339 (default: the end of the current minute, so the latest invocations count).",
			},
			"period_seconds": schema.Int64Attribute{
				Optional: true,
				Description: "Length of each datapoint's period in seconds, a multiple of 60 " +
					"(default: one period spanning the whole window).",
				Validators: []validator.Int64{int64validator.AtLeast(60)},
			},
			"id": str("`FUNCTION_NAME[:QUALIFIER]/METRIC/STATISTIC`."),
			"value": schema.Float64Attribute{
				Computed: true,
				Description: "The statistic over the whole window: for `Sum` and `SampleCount` 0 when there is no data; " +
					"for the others null when there is no data.",
			},
			"datapoints": schema.ListAttribute{
				Computed:    true,
				ElementType: datapointType,
				Description: "The statistic per period with data, oldest first: `timestamp` (RFC 3339, the period's start) and `value`.",
			},
		},
	}
}

func (d *FunctionMetricsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *FunctionMetricsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m functionMetricsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	q, err := m.query(time.Now())
	if err != nil {
		resp.Diagnostics.AddError("Invalid metrics window", err.Error())
		return
	}
	res, err := readFunctionMetric(ctx, d.client.CloudWatch, q)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot read metric %s of function %s", q.metric, q.function), err.Error())
		return
	}
	points := make([]attr.Value, 0, len(res.points))
	for _, p := range res.points {
		points = append(points, types.ObjectValueMust(datapointType.AttrTypes, map[string]attr.Value{
			"timestamp": types.StringValue(p.time.UTC().Format(time.RFC3339)),
			"value":     types.Float64Value(p.value),
		}))
	}
	m.Datapoints = types.ListValueMust(datapointType, points)
	m.Value = types.Float64PointerValue(res.value)
	m.Statistic = types.StringValue(q.stat)
	id := q.function
	if q.qualifier != "" {
		id += ":" + q.qualifier
	}
	m.ID = types.StringValue(id + "/" + q.metric + "/" + q.stat)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// query turns the configuration into a metricQuery at now.
func (m functionMetricsModel) query(now time.Time) (metricQuery, error) {
	q := metricQuery{
		function:  lambdaapi.FunctionName(m.FunctionName.ValueString()),
		qualifier: m.Qualifier.ValueString(),
		metric:    m.MetricName.ValueString(),
		stat:      m.Statistic.ValueString(),
		period:    time.Duration(m.PeriodSeconds.ValueInt64()) * time.Second,
	}
	if q.stat == "" {
		q.stat = "Sum"
	}
	var err error
	if q.end, err = parseTimeOr(m.EndTime, now.Truncate(time.Minute).Add(time.Minute)); err != nil {
		return q, err
	}
	since := m.Since.ValueString()
	if since == "" {
		since = "1h"
	}
	if q.start, err = parseTimeOr(m.StartTime, now.Add(-parseSince(since))); err != nil {
		return q, err
	}
	if !q.start.Before(q.end) {
		return q, fmt.Errorf("the window's start (%s) is not before its end (%s)", q.start.Format(time.RFC3339), q.end.Format(time.RFC3339))
	}
	if q.period%time.Minute != 0 {
		return q, fmt.Errorf("period_seconds %d is not a multiple of 60", m.PeriodSeconds.ValueInt64())
	}
	return q, nil
}

func parseTimeOr(v types.String, def time.Time) (time.Time, error) {
	if v.IsNull() || v.ValueString() == "" {
		return def, nil
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 timestamp: %w", v.ValueString(), err)
	}
	return t, nil
}

// parseSince reads a validated relative time: an amount and one unit.
func parseSince(s string) time.Duration {
	units := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	var n int64
	for i := 0; i < len(s)-1; i++ {
		n = n*10 + int64(s[i]-'0')
	}
	return time.Duration(n) * units[s[len(s)-1]]
}
