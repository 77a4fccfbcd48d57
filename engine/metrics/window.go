package metrics

import (
	"fmt"
	"time"
)

// window is a validated query time range, aligned as CloudWatch aligns
// it: the start is rounded down to the minute (what CloudWatch does for
// start times less than 15 days ago, all this engine keeps), and periods
// step from there.
type window struct {
	start, end int64 // Unix seconds; start is a whole minute
	period     int64 // seconds
}

func newWindow(start, end *timestamp, period *int32, periodParam string) (window, error) {
	switch {
	case start == nil:
		return window{}, errMissing("StartTime")
	case end == nil:
		return window{}, errMissing("EndTime")
	case period == nil:
		return window{}, errMissing(periodParam)
	}
	if err := checkPeriod(*period, periodParam); err != nil {
		return window{}, err
	}
	s, e := start.Truncate(time.Second), end.Truncate(time.Second)
	switch {
	case s.Equal(e):
		return window{}, errInvalidValue("The parameter StartTime must not equal parameter EndTime.")
	case s.After(e):
		return window{}, errInvalidValue("The parameter StartTime must be less than the parameter EndTime.")
	}
	return window{start: s.Unix() / 60 * 60, end: e.Unix(), period: int64(*period)}, nil
}

// checkPeriod accepts the periods CloudWatch does: 1, 5, 10, 20, 30 (high
// resolution) or a multiple of 60. Lambda's metrics have 1-minute
// resolution, so shorter periods yield one datapoint per minute.
func checkPeriod(p int32, param string) error {
	switch {
	case p <= 0:
		return errInvalidValue("The parameter %s must be greater than 0.", param)
	case p == 1 || p == 5 || p == 10 || p == 20 || p == 30 || p%60 == 0:
		return nil
	}
	return errInvalidValue("The parameter %s must be 1, 5, 10, 20, 30, or a multiple of 60.", param)
}

// minutes is the range of stored minutes the window covers: those that
// start within [start, end).
func (w window) minutes() (lo, hi int64) { return w.start / 60, (w.end + 59) / 60 }

// datapoints is how many periods the window spans.
func (w window) datapoints() int64 { return (w.end - w.start + w.period - 1) / w.period }

// bucket is one period's aggregate; t is the period's start (Unix seconds).
type bucket struct {
	t     int64
	stats Stats
}

// aggregate folds minutes (in time order) into the window's periods and
// returns the periods with data, in time order.
func (w window) aggregate(pts []point) []bucket {
	var out []bucket
	for _, p := range pts {
		sec := p.minute * 60
		if sec < w.start || sec >= w.end {
			continue
		}
		t := w.start + (sec-w.start)/w.period*w.period
		if n := len(out); n > 0 && out[n-1].t == t {
			out[n-1].stats.merge(p.stats)
			continue
		}
		out = append(out, bucket{t: t, stats: p.stats})
	}
	return out
}

func (b bucket) time() timestamp { return timestamp{time.Unix(b.t, 0).UTC()} }

func requireString(v *string, param string) (string, error) {
	if v == nil || *v == "" {
		return "", errMissing(param)
	}
	return *v, nil
}

// dimensions validates a dimension list (a query's or a filter's).
func dimensions(in []dimensionIn, param string, needValue bool) ([]Dimension, error) {
	if len(in) > 30 {
		return nil, errInvalidValue("The collection %s must not have a size greater than 30.", param)
	}
	out := make([]Dimension, 0, len(in))
	for i, d := range in {
		name, err := requireString(d.Name, fmt.Sprintf("%s.member.%d.Name", param, i+1))
		if err != nil {
			return nil, err
		}
		if d.Value == nil && needValue {
			return nil, errMissing(fmt.Sprintf("%s.member.%d.Value", param, i+1))
		}
		dim := Dimension{Name: name}
		if d.Value != nil {
			dim.Value = *d.Value
		}
		out = append(out, dim)
	}
	return out, nil
}
