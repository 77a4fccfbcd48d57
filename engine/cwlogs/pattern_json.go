package cwlogs

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// compileJSONPattern parses { expr } where
//
//	expr  := and ("||" and)*
//	and   := unary ("&&" unary)*
//	unary := "(" expr ")" | selector op value | selector IS (TRUE|FALSE|NULL) | selector NOT EXISTS
//
// Values are numbers, "strings", bare words (strings may use * as a
// wildcard) or %regex%. A message that is not a JSON object never matches.
func compileJSONPattern(p string) (matcher, error) {
	toks, err := lexJSONPattern(p)
	if err != nil {
		return nil, err
	}
	ps := &jsonParser{toks: toks}
	if err := ps.expect(tokLBrace, "{"); err != nil {
		return nil, err
	}
	cond, err := ps.or()
	if err != nil {
		return nil, err
	}
	if err := ps.expect(tokRBrace, "}"); err != nil {
		return nil, err
	}
	if ps.peek().kind != tokEOF {
		return nil, patternErr("unexpected %q after the closing brace", ps.peek().text)
	}
	return func(msg string) bool {
		var doc any
		if err := json.Unmarshal([]byte(msg), &doc); err != nil {
			return false
		}
		if _, ok := doc.(map[string]any); !ok {
			return false
		}
		return cond(doc)
	}, nil
}

// cond evaluates against a decoded JSON document.
type cond func(doc any) bool

type jsonParser struct {
	toks []token
	pos  int
}

func (p *jsonParser) peek() token { return p.toks[p.pos] }

func (p *jsonParser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

func (p *jsonParser) expect(k tokKind, text string) error {
	if t := p.next(); t.kind != k {
		return patternErr("expected %q, found %q", text, t.text)
	}
	return nil
}

func (p *jsonParser) or() (cond, error) {
	return p.chain(tokOr, p.and, func(a, b cond) cond { return func(d any) bool { return a(d) || b(d) } })
}

func (p *jsonParser) and() (cond, error) {
	return p.chain(tokAnd, p.unary, func(a, b cond) cond { return func(d any) bool { return a(d) && b(d) } })
}

func (p *jsonParser) chain(op tokKind, sub func() (cond, error), join func(a, b cond) cond) (cond, error) {
	left, err := sub()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == op {
		p.next()
		right, err := sub()
		if err != nil {
			return nil, err
		}
		left = join(left, right)
	}
	return left, nil
}

func (p *jsonParser) unary() (cond, error) {
	if p.peek().kind == tokLParen {
		p.next()
		c, err := p.or()
		if err != nil {
			return nil, err
		}
		return c, p.expect(tokRParen, ")")
	}
	t := p.next()
	if t.kind != tokSelector {
		return nil, patternErr("expected a $ selector, found %q", t.text)
	}
	path, err := parseSelector(t.text)
	if err != nil {
		return nil, err
	}
	return p.comparison(path)
}

func (p *jsonParser) comparison(path []pathStep) (cond, error) {
	t := p.next()
	switch {
	case t.kind == tokWord && strings.EqualFold(t.text, "IS"):
		return p.isCheck(path)
	case t.kind == tokWord && strings.EqualFold(t.text, "NOT"):
		if w := p.next(); w.kind != tokWord || !strings.EqualFold(w.text, "EXISTS") {
			return nil, patternErr("expected EXISTS after NOT, found %q", w.text)
		}
		return func(d any) bool { _, ok := resolve(d, path); return !ok }, nil
	case t.kind == tokOp:
		return p.valueCheck(path, t.text)
	}
	return nil, patternErr("expected a comparison operator, IS or NOT EXISTS, found %q", t.text)
}

func (p *jsonParser) isCheck(path []pathStep) (cond, error) {
	w := p.next()
	var want any
	switch strings.ToUpper(w.text) {
	case "TRUE":
		want = true
	case "FALSE":
		want = false
	case "NULL":
		want = nil
	default:
		return nil, patternErr("expected TRUE, FALSE or NULL after IS, found %q", w.text)
	}
	if w.kind != tokWord {
		return nil, patternErr("expected TRUE, FALSE or NULL after IS, found %q", w.text)
	}
	return func(d any) bool {
		v, ok := resolve(d, path)
		return ok && v == want
	}, nil
}

func (p *jsonParser) valueCheck(path []pathStep, op string) (cond, error) {
	t := p.next()
	test, err := valueTest(t, op)
	if err != nil {
		return nil, err
	}
	return func(d any) bool {
		v, ok := resolve(d, path)
		return ok && test(v)
	}, nil
}

// valueTest builds the comparison of a field value against a literal.
func valueTest(t token, op string) (func(any) bool, error) {
	switch t.kind {
	case tokRegex:
		return regexTest(t.text, op)
	case tokString:
		return stringTest(t.text, op)
	case tokWord:
		if n, err := strconv.ParseFloat(t.text, 64); err == nil {
			return numberTest(n, op), nil
		}
		return stringTest(t.text, op)
	}
	return nil, patternErr("expected a value after %s, found %q", op, t.text)
}

func regexTest(expr, op string) (func(any) bool, error) {
	if op != "=" && op != "!=" {
		return nil, patternErr("operator %s cannot be used with a regular expression", op)
	}
	re, err := compileRegex(expr)
	if err != nil {
		return nil, err
	}
	return func(v any) bool {
		s, ok := scalarString(v)
		return ok && re.MatchString(s) == (op == "=")
	}, nil
}

func stringTest(want, op string) (func(any) bool, error) {
	if op != "=" && op != "!=" {
		return nil, patternErr("operator %s needs a numeric value", op)
	}
	re := globRegexp(want)
	return func(v any) bool {
		s, ok := scalarString(v)
		return ok && re.MatchString(s) == (op == "=")
	}, nil
}

func numberTest(want float64, op string) func(any) bool {
	return func(v any) bool {
		n, ok := v.(float64)
		if !ok {
			return false
		}
		switch op {
		case "=":
			return n == want
		case "!=":
			return n != want
		case "<":
			return n < want
		case "<=":
			return n <= want
		case ">":
			return n > want
		default: // ">="
			return n >= want
		}
	}
}

// scalarString renders strings and numbers for string comparison; objects,
// arrays, booleans and null do not compare as strings.
func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return "", false
}

// globRegexp turns a value with * wildcards into an anchored regexp.
func globRegexp(glob string) *regexp.Regexp {
	parts := strings.Split(glob, "*")
	for i, part := range parts {
		parts[i] = regexp.QuoteMeta(part)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
}
