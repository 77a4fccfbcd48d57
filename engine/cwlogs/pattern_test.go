package cwlogs

import (
	"errors"
	"testing"
)

func TestFilterPatterns(t *testing.T) {
	const jsonMsg = `{"level":"ERROR","latency":250,"user":{"id":7,"name":"ana"},"tags":["a","b"],"ok":false,"gone":null,"path":"/api/v1/items"}`
	tests := []struct {
		pattern, msg string
		want         bool
	}{
		{"", "anything", true},
		{`""`, "anything", true},
		{"ERROR", "[ERROR] boom", true},
		{"ERROR", "error lower case", false},
		{"ERROR", "ERRORS are not the word", false},
		{"ERROR", "xERROR", false},
		{"ERROR Exception", "ERROR: NullPointer Exception", true},
		{"ERROR Exception", "ERROR only", false},
		{"?ERROR ?WARN", "WARN disk", true},
		{"?ERROR ?WARN", "INFO fine", false},
		{"ERROR -timeout", "ERROR timeout reached", false},
		{"ERROR -timeout", "ERROR bad input", true},
		{`"Task timed out"`, "2024 Task timed out after 3.00 seconds", true},
		{`"Task timed out"`, "Task has timed out", false},
		{`"user@example.com"`, "login user@example.com ok", true},
		{`-"health check"`, "GET / health check", false},
		{`%[Ee]rror%`, "an error happened", true},
		{`%^START%`, "  START", false},
		{`%^START RequestId%`, "START RequestId: 1", true},
		{"{ $.level = \"ERROR\" }", jsonMsg, true},
		{"{ $.level = ERROR }", jsonMsg, true},
		{"{ $.level = \"WARN\" }", jsonMsg, false},
		{"{ $.level != \"WARN\" }", jsonMsg, true},
		{"{ $.missing != \"WARN\" }", jsonMsg, false},
		{"{ $.latency > 200 }", jsonMsg, true},
		{"{ $.latency >= 250 && $.latency <= 250 }", jsonMsg, true},
		{"{ $.latency < 100 }", jsonMsg, false},
		{"{ $.latency = 250 }", jsonMsg, true},
		{"{ $.user.id = 7 }", jsonMsg, true},
		{"{ $.user.name = \"a*\" }", jsonMsg, true},
		{"{ $.path = \"/api/*/items\" }", jsonMsg, true},
		{"{ $.tags[1] = \"b\" }", jsonMsg, true},
		{"{ $.tags[5] = \"b\" }", jsonMsg, false},
		{"{ $.ok IS FALSE }", jsonMsg, true},
		{"{ $.ok IS TRUE }", jsonMsg, false},
		{"{ $.gone IS NULL }", jsonMsg, true},
		{"{ $.nothing NOT EXISTS }", jsonMsg, true},
		{"{ $.level NOT EXISTS }", jsonMsg, false},
		{"{ $.level = \"WARN\" || $.latency > 200 }", jsonMsg, true},
		{"{ ($.level = \"WARN\" || $.latency > 200) && $.user.id = 8 }", jsonMsg, false},
		{"{ $.level = \"ERROR\" || $.latency > 200 && $.user.id = 8 }", jsonMsg, true},
		{"{ $.level = %ERR.*% }", jsonMsg, true},
		{"{ $.level = \"ERROR\" }", "not json ERROR", false},
		{"{ $.level = \"ERROR\" }", `["ERROR"]`, false},
	}
	for _, tt := range tests {
		m, err := compilePattern(tt.pattern)
		if err != nil {
			t.Errorf("compilePattern(%q): %v", tt.pattern, err)
			continue
		}
		got := m == nil || m(tt.msg)
		if got != tt.want {
			t.Errorf("pattern %q on %q = %v, want %v", tt.pattern, tt.msg, got, tt.want)
		}
	}
}

func TestInvalidFilterPatterns(t *testing.T) {
	for _, p := range []string{
		`"unterminated`,
		`%unterminated`,
		`%(group)%`,
		`? lonely`,
		`[ip, user, status = 404]`,
		`{ $.a = 1`,
		`{ a = 1 }`,
		`{ $.a > "text" }`,
		`{ $.a IS MAYBE }`,
		`{ $.a NOT THERE }`,
		`{ $.a = 1 } trailing`,
		`{ $.a[x] = 1 }`,
		`{ $.a = }`,
	} {
		if _, err := compilePattern(p); !errors.Is(err, errPattern) {
			t.Errorf("compilePattern(%q) = %v, want an invalid-pattern error", p, err)
		}
	}
}
