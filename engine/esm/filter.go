package esm

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// ErrInvalidPattern is returned for a filter pattern Lambda would reject.
var ErrInvalidPattern = errors.New("invalid filter pattern")

// Pattern is a compiled event filter pattern in Lambda's filter rule syntax
// (a subset of EventBridge's): objects nest by field, arrays list the
// values a field may have (OR), and objects inside arrays are operators
// (prefix, suffix, equals-ignore-case, anything-but, numeric, exists).
// Fields of one object must all match (AND); "$or" lists alternatives.
type Pattern struct{ root fields }

// fields is one object level of a pattern.
type fields struct {
	leaves map[string][]matcher
	nested map[string]fields
	or     [][]fields // each "$or" entry: one of its patterns must match
}

// matcher tests one value of an event field.
type matcher interface {
	match(v any) bool
}

// CompilePattern parses a filter pattern. It fails with ErrInvalidPattern
// where Lambda answers that the filter pattern definition is invalid.
func CompilePattern(src string) (*Pattern, error) {
	var raw any
	dec := json.NewDecoder(strings.NewReader(src))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil || dec.More() {
		return nil, fmt.Errorf("%w: not a JSON object", ErrInvalidPattern)
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: not a JSON object", ErrInvalidPattern)
	}
	root, err := compileFields(obj)
	if err != nil {
		return nil, err
	}
	return &Pattern{root: root}, nil
}

func compileFields(obj map[string]any) (fields, error) {
	f := fields{leaves: map[string][]matcher{}, nested: map[string]fields{}}
	for key, v := range obj {
		switch v := v.(type) {
		case map[string]any:
			sub, err := compileFields(v)
			if err != nil {
				return f, err
			}
			f.nested[key] = sub
		case []any:
			if key == "$or" {
				alts, err := compileOr(v)
				if err != nil {
					return f, err
				}
				f.or = append(f.or, alts)
				continue
			}
			ms, err := compileLeaf(key, v)
			if err != nil {
				return f, err
			}
			f.leaves[key] = ms
		default:
			return f, fmt.Errorf("%w: %q must be an array or an object", ErrInvalidPattern, key)
		}
	}
	return f, nil
}

func compileOr(alts []any) ([]fields, error) {
	if len(alts) < 2 {
		return nil, fmt.Errorf("%w: $or needs at least two patterns", ErrInvalidPattern)
	}
	out := make([]fields, 0, len(alts))
	for _, a := range alts {
		obj, ok := a.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: $or entries must be objects", ErrInvalidPattern)
		}
		f, err := compileFields(obj)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func compileLeaf(key string, values []any) ([]matcher, error) {
	if len(values) == 0 {
		return nil, fmt.Errorf("%w: %q has an empty array", ErrInvalidPattern, key)
	}
	out := make([]matcher, 0, len(values))
	for _, v := range values {
		m, err := compileMatcher(v)
		if err != nil {
			return nil, fmt.Errorf("%w (field %q)", err, key)
		}
		out = append(out, m)
	}
	return out, nil
}

func compileMatcher(v any) (matcher, error) {
	op, ok := v.(map[string]any)
	if !ok {
		return compileEquals(v)
	}
	if len(op) != 1 {
		return nil, fmt.Errorf("%w: an operator object has exactly one key", ErrInvalidPattern)
	}
	for name, arg := range op {
		switch name {
		case "prefix", "suffix", "equals-ignore-case":
			s, ok := arg.(string)
			if !ok {
				return nil, fmt.Errorf("%w: %s takes a string", ErrInvalidPattern, name)
			}
			return stringOp{op: name, arg: s}, nil
		case "exists":
			b, ok := arg.(bool)
			if !ok {
				return nil, fmt.Errorf("%w: exists takes true or false", ErrInvalidPattern)
			}
			return existsOp(b), nil
		case "numeric":
			return compileNumeric(arg)
		case "anything-but":
			return compileAnythingBut(arg)
		}
		return nil, fmt.Errorf("%w: unknown operator %q", ErrInvalidPattern, name)
	}
	panic("unreachable")
}

// compileEquals: a string, number, boolean or null to equal.
func compileEquals(v any) (matcher, error) {
	switch v := v.(type) {
	case string, bool, nil:
		return equals{v}, nil
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return nil, fmt.Errorf("%w: bad number %s", ErrInvalidPattern, v)
		}
		return equals{f}, nil
	}
	return nil, fmt.Errorf("%w: arrays cannot nest", ErrInvalidPattern)
}

func compileAnythingBut(arg any) (matcher, error) {
	switch a := arg.(type) {
	case []any:
		if len(a) == 0 {
			return nil, fmt.Errorf("%w: anything-but needs values", ErrInvalidPattern)
		}
		var ms []matcher
		for _, v := range a {
			m, err := compileEquals(v)
			if err != nil {
				return nil, err
			}
			ms = append(ms, m)
		}
		return anythingBut{ms}, nil
	case map[string]any:
		m, err := compileMatcher(a)
		if err != nil {
			return nil, err
		}
		if _, ok := m.(stringOp); !ok {
			return nil, fmt.Errorf("%w: anything-but takes prefix, suffix or equals-ignore-case", ErrInvalidPattern)
		}
		return anythingBut{[]matcher{m}}, nil
	default:
		m, err := compileEquals(a)
		if err != nil {
			return nil, err
		}
		return anythingBut{[]matcher{m}}, nil
	}
}

// compileNumeric parses ["op", n] or ["op", n, "op", n] (a range: one
// lower and one upper bound).
func compileNumeric(arg any) (matcher, error) {
	a, ok := arg.([]any)
	if !ok || (len(a) != 2 && len(a) != 4) {
		return nil, fmt.Errorf("%w: numeric takes one or two comparisons", ErrInvalidPattern)
	}
	var n numeric
	for i := 0; i < len(a); i += 2 {
		op, ok1 := a[i].(string)
		num, ok2 := a[i+1].(json.Number)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%w: numeric comparisons are an operator and a number", ErrInvalidPattern)
		}
		f, err := num.Float64()
		if err != nil || !slices.Contains([]string{"=", "<", "<=", ">", ">="}, op) {
			return nil, fmt.Errorf("%w: bad numeric comparison", ErrInvalidPattern)
		}
		n = append(n, comparison{op, f})
	}
	if len(n) == 2 && (n[0].op == "=" || n[1].op == "=" || strings.HasPrefix(n[0].op, "<") == strings.HasPrefix(n[1].op, "<")) {
		return nil, fmt.Errorf("%w: a numeric range has one lower and one upper bound", ErrInvalidPattern)
	}
	return n, nil
}

type equals struct{ v any }

func (e equals) match(v any) bool {
	if f, ok := e.v.(float64); ok {
		g, ok := number(v)
		return ok && f == g
	}
	return v == e.v
}

type stringOp struct{ op, arg string }

func (s stringOp) match(v any) bool {
	str, ok := v.(string)
	if !ok {
		return false
	}
	switch s.op {
	case "prefix":
		return strings.HasPrefix(str, s.arg)
	case "suffix":
		return strings.HasSuffix(str, s.arg)
	default:
		return strings.EqualFold(str, s.arg)
	}
}

// existsOp is evaluated by the field walk (it is about presence); as a
// value matcher it only says whether a present value satisfies it.
type existsOp bool

func (e existsOp) match(any) bool { return bool(e) }

type anythingBut struct{ not []matcher }

func (a anythingBut) match(v any) bool {
	for _, m := range a.not {
		if m.match(v) {
			return false
		}
	}
	return true
}

type comparison struct {
	op string
	n  float64
}

type numeric []comparison

func (n numeric) match(v any) bool {
	f, ok := number(v)
	if !ok {
		return false
	}
	for _, c := range n {
		var hold bool
		switch c.op {
		case "=":
			hold = f == c.n
		case "<":
			hold = f < c.n
		case "<=":
			hold = f <= c.n
		case ">":
			hold = f > c.n
		default:
			hold = f >= c.n
		}
		if !hold {
			return false
		}
	}
	return true
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, !math.IsNaN(v)
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	}
	return 0, false
}
