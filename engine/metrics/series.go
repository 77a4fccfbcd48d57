package metrics

import (
	"bytes"
	"math/rand/v2"
	"sync"
)

// seriesKey identifies one time series: a metric under one dimension set.
// Empty fields are absent dimensions, so the zero fields are the
// account-wide series. It is comparable, so map lookups do not allocate.
type seriesKey struct {
	metric                      metricID
	function, resource, version string
}

// Dimension is a CloudWatch dimension.
type Dimension struct {
	Name, Value string
}

func (k seriesKey) dimensions() []Dimension {
	var out []Dimension
	if k.function != "" {
		out = append(out, Dimension{DimFunctionName, k.function})
	}
	if k.resource != "" {
		out = append(out, Dimension{DimResource, k.resource})
	}
	if k.version != "" {
		out = append(out, Dimension{DimExecutedVersion, k.version})
	}
	return out
}

// keyFor returns the series a metric query names, if its dimensions are a
// set Lambda publishes (CloudWatch matches dimension sets exactly).
func keyFor(metric string, dims []Dimension) (seriesKey, bool) {
	id, ok := metricByName[metric]
	if !ok {
		return seriesKey{}, false
	}
	k := seriesKey{metric: id}
	seen := map[string]bool{}
	for _, d := range dims {
		if seen[d.Name] {
			return seriesKey{}, false
		}
		seen[d.Name] = true
		switch d.Name {
		case DimFunctionName:
			k.function = d.Value
		case DimResource:
			k.resource = d.Value
		case DimExecutedVersion:
			k.version = d.Value
		default:
			return seriesKey{}, false
		}
	}
	return k, true
}

// storeKey is the series' bucket name in the file: fields joined by NUL,
// which no function name, qualifier or version contains.
func (k seriesKey) storeKey() []byte {
	var b bytes.Buffer
	b.WriteString(catalog[k.metric].name)
	for _, f := range []string{k.function, k.resource, k.version} {
		b.WriteByte(0)
		b.WriteString(f)
	}
	return b.Bytes()
}

func parseStoreKey(raw []byte) (seriesKey, bool) {
	parts := bytes.Split(raw, []byte{0})
	if len(parts) != 4 {
		return seriesKey{}, false
	}
	id, ok := metricByName[string(parts[0])]
	if !ok {
		return seriesKey{}, false
	}
	return seriesKey{metric: id, function: string(parts[1]), resource: string(parts[2]), version: string(parts[3])}, true
}

// numStripes spreads concurrent writers to one series (the account-wide
// ones see every invocation) over separate locks and cache lines.
const numStripes = 8

type stripe struct {
	mu     sync.Mutex
	minute int64
	cur    Stats   // statistics of minute not yet flushed
	closed []point // earlier minutes not yet flushed
	_      [32]byte
}

// series is the in-memory, not-yet-flushed part of one time series.
type series struct {
	key     seriesKey
	stripes [numStripes]stripe
}

// add records one sample in minute m.
func (s *series) add(m int64, v float64) {
	st := &s.stripes[rand.Uint32()%numStripes]
	st.mu.Lock()
	switch {
	case m == st.minute:
	case st.cur.SampleCount == 0:
		st.minute = m
	default:
		// A new minute (or, after a clock step back, an older one):
		// keep the current one for the flusher.
		st.closed = append(st.closed, point{st.minute, st.cur})
		st.minute, st.cur = m, Stats{}
	}
	st.cur.add(v)
	st.mu.Unlock()
}

// drain hands over everything not yet flushed and forgets it.
func (s *series) drain(into []point) []point {
	for i := range s.stripes {
		st := &s.stripes[i]
		st.mu.Lock()
		into = append(into, st.closed...)
		if st.cur.SampleCount > 0 {
			into = append(into, point{st.minute, st.cur})
		}
		st.closed, st.cur = st.closed[:0], Stats{}
		st.mu.Unlock()
	}
	return into
}

// peek returns what drain would, within [lo, hi), without forgetting it.
func (s *series) peek(lo, hi int64, into []point) []point {
	in := func(m int64) bool { return m >= lo && m < hi }
	for i := range s.stripes {
		st := &s.stripes[i]
		st.mu.Lock()
		for _, p := range st.closed {
			if in(p.minute) {
				into = append(into, p)
			}
		}
		if st.cur.SampleCount > 0 && in(st.minute) {
			into = append(into, point{st.minute, st.cur})
		}
		st.mu.Unlock()
	}
	return into
}
