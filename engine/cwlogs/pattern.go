package cwlogs

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Filter patterns (FilterLogEvents' filterPattern) follow CloudWatch Logs'
// syntax for unstructured text and for JSON events. Space-delimited
// patterns ("[ip, user, ...]") are not implemented and are rejected with
// InvalidParameterException rather than silently matching wrongly.

// errPattern marks a filter pattern the engine cannot parse or run.
var errPattern = errors.New("invalid filter pattern")

func patternErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errPattern, fmt.Sprintf(format, args...))
}

// matcher reports whether a message matches; nil matches everything.
type matcher func(msg string) bool

// compilePattern parses a filter pattern.
func compilePattern(p string) (matcher, error) {
	p = strings.TrimSpace(p)
	switch {
	case p == "" || p == `""`:
		return nil, nil
	case strings.HasPrefix(p, "{"):
		return compileJSONPattern(p)
	case strings.HasPrefix(p, "["):
		return nil, patternErr("space-delimited filter patterns are not supported by this engine")
	default:
		return compileTerms(p)
	}
}

// termKind says how a term combines with the others.
type termKind int

const (
	termRequired termKind = iota // TERM: must appear
	termOptional                 // ?TERM: at least one optional term must appear
	termExcluded                 // -TERM: must not appear
)

type term struct {
	kind  termKind
	match matcher
}

// compileTerms parses unstructured-text patterns: bare terms, "quoted
// phrases" and %regex% terms, each optionally prefixed with ? or -.
func compileTerms(p string) (matcher, error) {
	var terms []term
	for rest := p; ; {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		t, tail, err := nextTerm(rest)
		if err != nil {
			return nil, err
		}
		terms, rest = append(terms, t), tail
	}
	return combineTerms(terms), nil
}

func nextTerm(s string) (term, string, error) {
	kind := termRequired
	switch s[0] {
	case '?':
		kind, s = termOptional, s[1:]
	case '-':
		kind, s = termExcluded, s[1:]
	}
	if s == "" || unicode.IsSpace(rune(s[0])) {
		return term{}, "", patternErr("operator without a term")
	}
	var m matcher
	var rest string
	var err error
	switch s[0] {
	case '"':
		var phrase string
		phrase, rest, err = quoted(s)
		m = wordMatcher(phrase)
	case '%':
		m, rest, err = regexTerm(s)
	default:
		end := strings.IndexFunc(s, unicode.IsSpace)
		if end < 0 {
			end = len(s)
		}
		word := s[:end]
		if strings.ContainsAny(word, `"{}[]%`) {
			return term{}, "", patternErr("unexpected character in term %q; quote terms that contain symbols", word)
		}
		m, rest = wordMatcher(word), s[end:]
	}
	return term{kind: kind, match: m}, rest, err
}

// quoted reads a double-quoted string with backslash escapes.
func quoted(s string) (string, string, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:], nil
		default:
			b.WriteByte(c)
		}
	}
	return "", "", patternErr("unterminated quoted string")
}

// regexAllowed is what AWS documents for %regex% terms: alphanumerics, a few
// symbols and the operators ^ $ ? [ ] { } | \ * + . — no parentheses.
const regexAllowed = `:_#=@/;,- ^$?[]{}|\*+.`

func regexTerm(s string) (matcher, string, error) {
	end := strings.IndexByte(s[1:], '%')
	if end < 0 {
		return nil, "", patternErr("unterminated %%regex%% term")
	}
	expr := s[1 : end+1]
	re, err := compileRegex(expr)
	if err != nil {
		return nil, "", err
	}
	return re.MatchString, s[end+2:], nil
}

func compileRegex(expr string) (*regexp.Regexp, error) {
	if expr == "" {
		return nil, patternErr("empty regular expression")
	}
	for _, r := range expr {
		allowed := unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(regexAllowed, r)
		if r > unicode.MaxASCII || !allowed {
			return nil, patternErr("character %q is not supported in a regular expression", r)
		}
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, patternErr("regular expression %q: %v", expr, err)
	}
	return re, nil
}

// wordMatcher matches a term as CloudWatch Logs does: case-sensitively and
// on whole words, so ERROR matches "[ERROR] x" but not "ERRORS". A term's
// edge that is not alphanumeric needs no boundary.
func wordMatcher(w string) matcher {
	return func(msg string) bool {
		for from := 0; ; {
			i := strings.Index(msg[from:], w)
			if i < 0 {
				return false
			}
			start := from + i
			if boundaryBefore(msg, start, w) && boundaryAfter(msg, start+len(w), w) {
				return true
			}
			from = start + 1
		}
	}
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func boundaryBefore(msg string, at int, w string) bool {
	return w == "" || !isWordByte(w[0]) || at == 0 || !isWordByte(msg[at-1])
}

func boundaryAfter(msg string, at int, w string) bool {
	return w == "" || !isWordByte(w[len(w)-1]) || at == len(msg) || !isWordByte(msg[at])
}

func combineTerms(terms []term) matcher {
	return func(msg string) bool {
		anyOptional, optionalHit := false, false
		for _, t := range terms {
			hit := t.match(msg)
			switch t.kind {
			case termRequired:
				if !hit {
					return false
				}
			case termExcluded:
				if hit {
					return false
				}
			case termOptional:
				anyOptional = true
				optionalHit = optionalHit || hit
			}
		}
		return !anyOptional || optionalHit
	}
}
