package bench

import (
	"slices"
	"time"
)

// percentile returns the q-quantile (0..1) of d by nearest rank; d is
// sorted in place. It returns 0 for no samples.
func percentile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[int(q*float64(len(d)-1)+0.5)]
}

// median returns the median of v (sorted in place), or 0 for no values.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// ms converts a duration to fractional milliseconds, the unit of the table.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
