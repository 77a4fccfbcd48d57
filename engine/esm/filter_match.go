package esm

// Match reports whether the event (decoded JSON: maps, slices, strings,
// float64 or json.Number, bools and nil) satisfies the pattern.
func (p *Pattern) Match(event map[string]any) bool { return p.root.match(event) }

func (f fields) match(obj map[string]any) bool {
	for key, ms := range f.leaves {
		v, present := obj[key]
		if !leafMatches(ms, v, present) {
			return false
		}
	}
	for key, sub := range f.nested {
		child, ok := obj[key].(map[string]any)
		if !ok || !sub.match(child) {
			return false
		}
	}
	for _, alts := range f.or {
		if !anyMatches(alts, obj) {
			return false
		}
	}
	return true
}

func anyMatches(alts []fields, obj map[string]any) bool {
	for _, alt := range alts {
		if alt.match(obj) {
			return true
		}
	}
	return false
}

// leafMatches: an absent field matches only {"exists": false}; a present
// one matches when any matcher accepts the value or, for an array value,
// any of its elements.
func leafMatches(ms []matcher, v any, present bool) bool {
	for _, m := range ms {
		if e, ok := m.(existsOp); ok {
			if bool(e) == present {
				return true
			}
			continue
		}
		if !present {
			continue
		}
		if arr, ok := v.([]any); ok {
			for _, el := range arr {
				if m.match(el) {
					return true
				}
			}
			continue
		}
		if m.match(v) {
			return true
		}
	}
	return false
}

// Filters is a mapping's FilterCriteria: an event is processed when any
// pattern matches it, and when there are no patterns at all.
type Filters []*Pattern

// CompileFilters compiles every pattern of a mapping.
func CompileFilters(patterns []string) (Filters, error) {
	out := make(Filters, 0, len(patterns))
	for _, src := range patterns {
		p, err := CompilePattern(src)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Keep reports whether an event passes the filters.
func (fs Filters) Keep(event map[string]any) bool {
	if len(fs) == 0 {
		return true
	}
	for _, p := range fs {
		if p.Match(event) {
			return true
		}
	}
	return false
}
