package metrics

import "math"

// Stats is a statistic set: what CloudWatch keeps per metric per period,
// from which it derives Sum, Average, Minimum, Maximum and SampleCount.
type Stats struct {
	SampleCount, Sum, Minimum, Maximum float64
}

func (s *Stats) add(v float64) {
	if s.SampleCount == 0 {
		s.Minimum, s.Maximum = v, v
	} else {
		s.Minimum, s.Maximum = math.Min(s.Minimum, v), math.Max(s.Maximum, v)
	}
	s.SampleCount++
	s.Sum += v
}

func (s *Stats) merge(o Stats) {
	if o.SampleCount == 0 {
		return
	}
	if s.SampleCount == 0 {
		*s = o
		return
	}
	s.SampleCount += o.SampleCount
	s.Sum += o.Sum
	s.Minimum, s.Maximum = math.Min(s.Minimum, o.Minimum), math.Max(s.Maximum, o.Maximum)
}

// Statistic names CloudWatch accepts (GetMetricStatistics' Statistics and
// GetMetricData's Stat).
const (
	StatSum         = "Sum"
	StatAverage     = "Average"
	StatMinimum     = "Minimum"
	StatMaximum     = "Maximum"
	StatSampleCount = "SampleCount"
)

var statistics = map[string]bool{StatSum: true, StatAverage: true, StatMinimum: true, StatMaximum: true, StatSampleCount: true}

// value returns one statistic of s (a validated name; see statistics).
func (s Stats) value(stat string) float64 {
	switch stat {
	case StatSum:
		return s.Sum
	case StatAverage:
		return s.Sum / s.SampleCount
	case StatMinimum:
		return s.Minimum
	case StatMaximum:
		return s.Maximum
	}
	return s.SampleCount
}

// point is one minute's statistics; minute is Unix seconds / 60.
type point struct {
	minute int64
	stats  Stats
}
