package cwlogs

import (
	"strings"
	"unicode"
)

// Lexer for JSON filter patterns such as
// { ($.level = "ERROR" || $.latency > 100) && $.user.id != 7 }.

type tokKind int

const (
	tokEOF tokKind = iota
	tokLBrace
	tokRBrace
	tokLParen
	tokRParen
	tokAnd
	tokOr
	tokOp       // = != < <= > >=
	tokSelector // $.a.b[0]
	tokString   // "quoted"
	tokRegex    // %regex%
	tokWord     // bare value or keyword (IS, NOT, EXISTS, TRUE, FALSE, NULL)
)

type token struct {
	kind tokKind
	text string
}

func lexJSONPattern(p string) ([]token, error) {
	var toks []token
	for s := p; ; {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			return append(toks, token{kind: tokEOF}), nil
		}
		t, rest, err := lexOne(s)
		if err != nil {
			return nil, err
		}
		toks, s = append(toks, t), rest
	}
}

var punct = []struct {
	text string
	kind tokKind
}{
	{"&&", tokAnd}, {"||", tokOr}, {"!=", tokOp}, {"<=", tokOp}, {">=", tokOp},
	{"=", tokOp}, {"<", tokOp}, {">", tokOp},
	{"{", tokLBrace}, {"}", tokRBrace}, {"(", tokLParen}, {")", tokRParen},
}

func lexOne(s string) (token, string, error) {
	for _, p := range punct {
		if strings.HasPrefix(s, p.text) {
			return token{kind: p.kind, text: p.text}, s[len(p.text):], nil
		}
	}
	switch s[0] {
	case '"':
		str, rest, err := quoted(s)
		return token{kind: tokString, text: str}, rest, err
	case '%':
		end := strings.IndexByte(s[1:], '%')
		if end < 0 {
			return token{}, "", patternErr("unterminated %%regex%% value")
		}
		return token{kind: tokRegex, text: s[1 : end+1]}, s[end+2:], nil
	}
	end := strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`{}()=!<>&|"`, r)
	})
	if end == 0 {
		return token{}, "", patternErr("unexpected character %q", s[0])
	}
	if end < 0 {
		end = len(s)
	}
	word := s[:end]
	if strings.HasPrefix(word, "$") {
		return token{kind: tokSelector, text: word}, s[end:], nil
	}
	return token{kind: tokWord, text: word}, s[end:], nil
}
