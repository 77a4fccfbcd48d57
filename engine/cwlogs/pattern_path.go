package cwlogs

import (
	"strconv"
	"strings"
)

// pathStep is one step of a selector: a member name or an array index.
type pathStep struct {
	key   string
	index int // used when key is empty
}

// parseSelector parses $.a.b[0].c (and $ alone for the whole document).
func parseSelector(sel string) ([]pathStep, error) {
	if !strings.HasPrefix(sel, "$") {
		return nil, patternErr("selector %q must start with $", sel)
	}
	var steps []pathStep
	for s := sel[1:]; s != ""; {
		var step pathStep
		var err error
		switch s[0] {
		case '.':
			step, s, err = memberStep(s[1:], sel)
		case '[':
			step, s, err = indexStep(s[1:], sel)
		default:
			err = patternErr("invalid selector %q", sel)
		}
		if err != nil {
			return nil, err
		}
		steps = append(steps, step)
	}
	return steps, nil
}

func memberStep(s, sel string) (pathStep, string, error) {
	end := strings.IndexAny(s, ".[")
	if end < 0 {
		end = len(s)
	}
	if end == 0 || strings.Contains(s[:end], "*") {
		return pathStep{}, "", patternErr("invalid member name in selector %q", sel)
	}
	return pathStep{key: s[:end]}, s[end:], nil
}

func indexStep(s, sel string) (pathStep, string, error) {
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return pathStep{}, "", patternErr("unterminated [ in selector %q", sel)
	}
	n, err := strconv.Atoi(s[:end])
	if err != nil || n < 0 {
		return pathStep{}, "", patternErr("array index in selector %q must be a non-negative integer", sel)
	}
	return pathStep{index: n}, s[end+1:], nil
}

// resolve follows path through a decoded JSON document.
func resolve(doc any, path []pathStep) (any, bool) {
	cur := doc
	for _, st := range path {
		switch node := cur.(type) {
		case map[string]any:
			if st.key == "" {
				return nil, false
			}
			v, ok := node[st.key]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			if st.key != "" || st.index >= len(node) {
				return nil, false
			}
			cur = node[st.index]
		default:
			return nil, false
		}
	}
	return cur, true
}
