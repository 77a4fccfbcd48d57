package metrics

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The operations, over the shapes in shapes.go. Namespaces, metric names
// and dimension sets Lambda does not publish are not errors on CloudWatch
// (any metric may exist); they simply have no data.

const (
	maxStatisticsDatapoints = 1440 // GetMetricStatistics' documented limit
	maxQueries              = 500
	listPageSize            = 500
)

var queryID = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]*$`)

func (a *api) getMetricStatistics(_ context.Context, in *getMetricStatisticsIn) (any, error) {
	ns, err := requireString(in.Namespace, "Namespace")
	if err != nil {
		return nil, err
	}
	name, err := requireString(in.MetricName, "MetricName")
	if err != nil {
		return nil, err
	}
	dims, err := dimensions(in.Dimensions, "Dimensions", true)
	if err != nil {
		return nil, err
	}
	w, err := newWindow(in.StartTime, in.EndTime, in.Period, "Period")
	if err != nil {
		return nil, err
	}
	if err := checkStatistics(in.Statistics, in.ExtendedStatistics); err != nil {
		return nil, err
	}
	if n := w.datapoints(); n > maxStatisticsDatapoints {
		return nil, errCombination("You have requested up to %d datapoints, which exceeds the limit of %d. "+
			"You may reduce the datapoints requested by increasing Period, or decreasing the time range.", n, maxStatisticsDatapoints)
	}
	out := &getMetricStatisticsOut{Label: name, Datapoints: []datapointOut{}}
	k, ok := keyFor(name, dims)
	if !ok || ns != Namespace || !unitMatches(k, in.Unit) {
		return out, nil
	}
	lo, hi := w.minutes()
	pts, err := a.rec.read([]seriesKey{k}, lo, hi)
	if err != nil {
		return nil, err
	}
	for _, b := range w.aggregate(pts[0]) {
		dp := datapointOut{Timestamp: b.time(), Unit: catalog[k.metric].unit}
		for _, stat := range in.Statistics {
			v := b.stats.value(stat)
			switch stat {
			case StatSum:
				dp.Sum = &v
			case StatAverage:
				dp.Average = &v
			case StatMinimum:
				dp.Minimum = &v
			case StatMaximum:
				dp.Maximum = &v
			case StatSampleCount:
				dp.SampleCount = &v
			}
		}
		out.Datapoints = append(out.Datapoints, dp)
	}
	return out, nil
}

func checkStatistics(stats, extended []string) error {
	switch {
	case len(stats) == 0 && len(extended) == 0:
		return errMissing("Statistics or ExtendedStatistics")
	case len(stats) > 5:
		return errInvalidValue("The collection Statistics must not have a size greater than 5.")
	case len(extended) > 0:
		return percentilesUnsupported()
	}
	for i, s := range stats {
		if !statistics[s] {
			return errInvalidValue("The value %s for parameter Statistics.member.%d is not a valid statistic; "+
				"valid values are SampleCount, Average, Sum, Minimum and Maximum.", s, i+1)
		}
	}
	return nil
}

// percentilesUnsupported: the engine keeps statistic sets, not samples, so
// it cannot compute percentiles; saying so beats a wrong number.
func percentilesUnsupported() error {
	return errInvalidValue("Percentile and other extended statistics are not available from the Lambdaform engine, " +
		"which keeps statistic sets (SampleCount, Sum, Minimum, Maximum) per minute.")
}

func unitMatches(k seriesKey, unit *string) bool {
	return unit == nil || *unit == "" || *unit == catalog[k.metric].unit
}

// dataQuery is a validated GetMetricData query.
type dataQuery struct {
	id, label, stat string
	key             seriesKey
	hasData         bool // a series Lambda publishes, in the right unit
	win             window
	returnData      bool
}

func (a *api) getMetricData(_ context.Context, in *getMetricDataIn) (any, error) {
	qs, err := validateQueries(in)
	if err != nil {
		return nil, err
	}
	if in.NextToken != nil && *in.NextToken != "" {
		return nil, errNextToken() // this engine never pages GetMetricData
	}
	descending := true
	if in.ScanBy != nil {
		switch *in.ScanBy {
		case "TimestampDescending":
		case "TimestampAscending":
			descending = false
		default:
			return nil, errInvalidValue("The value %s for parameter ScanBy is not valid.", *in.ScanBy)
		}
	}
	var keys []seriesKey
	lo, hi := int64(1<<62), int64(0)
	for _, q := range qs {
		if q.hasData {
			keys = append(keys, q.key)
			l, h := q.win.minutes()
			lo, hi = min(lo, l), max(hi, h)
		}
	}
	pts, err := a.rec.read(keys, lo, hi)
	if err != nil {
		return nil, err
	}
	out := &getMetricDataOut{MetricDataResults: []metricDataResultOut{}}
	i := 0
	for _, q := range qs {
		var mine []point
		if q.hasData {
			mine, i = pts[i], i+1
		}
		if !q.returnData {
			continue
		}
		out.MetricDataResults = append(out.MetricDataResults, q.result(mine, descending))
	}
	return out, nil
}

func (q dataQuery) result(pts []point, descending bool) metricDataResultOut {
	res := metricDataResultOut{ID: q.id, Label: q.label, StatusCode: "Complete", Timestamps: []timestamp{}, Values: []float64{}}
	buckets := q.win.aggregate(pts)
	if descending {
		slices.Reverse(buckets)
	}
	for _, b := range buckets {
		v := b.stats.value(q.stat)
		res.Timestamps = append(res.Timestamps, b.time())
		res.Values = append(res.Values, v)
	}
	return res
}

func validateQueries(in *getMetricDataIn) ([]dataQuery, error) {
	switch n := len(in.MetricDataQueries); {
	case n == 0:
		return nil, errMissing("MetricDataQueries")
	case n > maxQueries:
		return nil, errInvalidValue("The collection MetricDataQueries must not have a size greater than %d.", maxQueries)
	}
	seen := map[string]bool{}
	out := make([]dataQuery, 0, len(in.MetricDataQueries))
	for i, mq := range in.MetricDataQueries {
		param := "MetricDataQueries.member." + strconv.Itoa(i+1)
		q, err := validateQuery(in, mq, param)
		if err != nil {
			return nil, err
		}
		if seen[q.id] {
			return nil, errInvalidValue("The value %s for parameter %s.Id is not unique.", q.id, param)
		}
		seen[q.id] = true
		out = append(out, q)
	}
	return out, nil
}

func validateQuery(in *getMetricDataIn, mq metricDataQueryIn, param string) (dataQuery, error) {
	id, err := requireString(mq.ID, param+".Id")
	if err != nil {
		return dataQuery{}, err
	}
	if !queryID.MatchString(id) {
		return dataQuery{}, errInvalidValue("The value %s for parameter %s.Id is not valid: it must start with a lowercase letter "+
			"and contain only letters, numbers and underscores.", id, param)
	}
	switch {
	case mq.Expression != nil && mq.MetricStat != nil:
		return dataQuery{}, errCombination("The parameter %s must contain only one of MetricStat and Expression.", param)
	case mq.Expression != nil:
		return dataQuery{}, errInvalidValue("The parameter %s.Expression is not supported by the Lambdaform engine: "+
			"metric math and Metrics Insights queries are not evaluated; query each metric with MetricStat.", param)
	case mq.MetricStat == nil:
		return dataQuery{}, errCombination("The parameter %s must contain either MetricStat or Expression.", param)
	}
	ms := mq.MetricStat
	if ms.Metric == nil {
		return dataQuery{}, errMissing(param + ".MetricStat.Metric")
	}
	name, err := requireString(ms.Metric.MetricName, param+".MetricStat.Metric.MetricName")
	if err != nil {
		return dataQuery{}, err
	}
	dims, err := dimensions(ms.Metric.Dimensions, param+".MetricStat.Metric.Dimensions", true)
	if err != nil {
		return dataQuery{}, err
	}
	stat, err := requireString(ms.Stat, param+".MetricStat.Stat")
	if err != nil {
		return dataQuery{}, err
	}
	if !statistics[stat] {
		if strings.HasPrefix(strings.ToLower(stat), "p") || strings.Contains(stat, "(") {
			return dataQuery{}, percentilesUnsupported()
		}
		return dataQuery{}, errInvalidValue("The value %s for parameter %s.MetricStat.Stat is not a valid statistic.", stat, param)
	}
	win, err := newWindow(in.StartTime, in.EndTime, ms.Period, param+".MetricStat.Period")
	if err != nil {
		return dataQuery{}, err
	}
	q := dataQuery{id: id, label: name, stat: stat, win: win, returnData: mq.ReturnData == nil || *mq.ReturnData}
	if mq.Label != nil && *mq.Label != "" {
		q.label = *mq.Label
	}
	ns := ""
	if ms.Metric.Namespace != nil {
		ns = *ms.Metric.Namespace
	}
	q.key, q.hasData = keyFor(name, dims)
	q.hasData = q.hasData && ns == Namespace && unitMatches(q.key, ms.Unit)
	return q, nil
}

func (a *api) listMetrics(_ context.Context, in *listMetricsIn) (any, error) {
	filters, err := dimensions(in.Dimensions, "Dimensions", false)
	if err != nil {
		return nil, err
	}
	if len(filters) > 10 {
		return nil, errInvalidValue("The collection Dimensions must not have a size greater than 10.")
	}
	offset := 0
	if in.NextToken != nil && *in.NextToken != "" {
		if offset, err = strconv.Atoi(*in.NextToken); err != nil || offset < 0 {
			return nil, errNextToken()
		}
	}
	recent := false
	if in.RecentlyActive != nil {
		if *in.RecentlyActive != "PT3H" {
			return nil, errInvalidValue("The value %s for parameter RecentlyActive is not valid; the only valid value is PT3H.", *in.RecentlyActive)
		}
		recent = true
	}
	out := &listMetricsOut{Metrics: []metricOut{}}
	if in.Namespace != nil && *in.Namespace != Namespace {
		return out, nil
	}
	keys, err := a.rec.keys()
	if err != nil {
		return nil, err
	}
	keys = slices.DeleteFunc(keys, func(k seriesKey) bool {
		return (in.MetricName != nil && *in.MetricName != catalog[k.metric].name) || !matchesFilters(k, filters)
	})
	if recent {
		if keys, err = a.recentlyActive(keys); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(keys, compareKeys)
	if offset > len(keys) {
		return nil, errNextToken()
	}
	page := keys[offset:]
	if len(page) > listPageSize {
		page = page[:listPageSize]
		next := strconv.Itoa(offset + listPageSize)
		out.NextToken = &next
	}
	for _, k := range page {
		m := metricOut{Namespace: Namespace, MetricName: catalog[k.metric].name, Dimensions: []dimensionOut{}}
		for _, d := range k.dimensions() {
			m.Dimensions = append(m.Dimensions, dimensionOut(d))
		}
		out.Metrics = append(out.Metrics, m)
	}
	return out, nil
}

// matchesFilters: a metric matches when it has every filter's dimension
// (with the filter's value, when one is given); it may have more.
func matchesFilters(k seriesKey, filters []Dimension) bool {
	dims := k.dimensions()
	for _, f := range filters {
		if !slices.ContainsFunc(dims, func(d Dimension) bool { return d.Name == f.Name && (f.Value == "" || d.Value == f.Value) }) {
			return false
		}
	}
	return true
}

func (a *api) recentlyActive(keys []seriesKey) ([]seriesKey, error) {
	hi := a.rec.minute() + 1
	pts, err := a.rec.read(keys, hi-int64((3*time.Hour).Minutes()), hi)
	if err != nil {
		return nil, err
	}
	var out []seriesKey
	for i, k := range keys {
		if len(pts[i]) > 0 {
			out = append(out, k)
		}
	}
	return out, nil
}

func compareKeys(a, b seriesKey) int {
	if a.metric != b.metric {
		return int(a.metric) - int(b.metric)
	}
	return strings.Compare(fmt.Sprint(a.function, "\x00", a.resource, "\x00", a.version),
		fmt.Sprint(b.function, "\x00", b.resource, "\x00", b.version))
}
