package runtimes

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// bootCase drives one bootstrap process: it delivers events in order (or,
// with none, expects an init error and a non-zero exit) and checks what the
// process posted and printed.
type bootCase struct {
	name    string
	handler string
	files   map[string]string
	env     []string
	events  []invocation
	check   func(t *testing.T, got []outcome, out string, exit error)
}

func runCases(t *testing.T, runtime string, cases []bootCase) {
	reg := newTestRegistry(t)
	requireRuntime(t, reg, runtime)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := start(t, reg, runtime, tc.handler, tc.files, tc.env...)
			var got []outcome
			var exit error
			for _, ev := range tc.events {
				got = append(got, s.invoke(ev))
			}
			if len(tc.events) == 0 {
				got = append(got, s.await())
				exit = s.wait()
			}
			tc.check(t, got, s.stop(), exit)
		})
	}
}

func ev(i int, payload string, headers ...string) invocation {
	h := map[string]string{}
	for j := 0; j+1 < len(headers); j += 2 {
		h[headers[j]] = headers[j+1]
	}
	return invocation{id: reqID(i), payload: payload, headers: h}
}

// decode unmarshals an outcome body, failing the test on invalid JSON.
func decode(t *testing.T, o outcome) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(o.body), &m); err != nil {
		t.Fatalf("%s body %q: %v", o.kind, o.body, err)
	}
	return m
}

func wantKind(t *testing.T, o outcome, kind string, id string) {
	t.Helper()
	if o.kind != kind || o.id != id {
		t.Fatalf("got %s for %q (body %s), want %s for %q", o.kind, o.id, o.body, kind, id)
	}
}

func wantJSON(t *testing.T, o outcome, want string) {
	t.Helper()
	var a, b any
	if err := json.Unmarshal([]byte(o.body), &a); err != nil {
		t.Fatalf("body %q: %v", o.body, err)
	}
	if err := json.Unmarshal([]byte(want), &b); err != nil {
		t.Fatal(err)
	}
	ga, _ := json.Marshal(a)
	gb, _ := json.Marshal(b)
	if string(ga) != string(gb) {
		t.Errorf("body = %s, want %s", o.body, want)
	}
}

// wantFields checks selected top-level fields of a JSON body.
func wantFields(t *testing.T, o outcome, want map[string]any) {
	t.Helper()
	m := decode(t, o)
	for k, v := range want {
		gb, _ := json.Marshal(m[k])
		wb, _ := json.Marshal(v)
		if string(gb) != string(wb) {
			t.Errorf("%s = %s, want %s (body %s)", k, gb, wb, o.body)
		}
	}
}

// wantInitError checks an init error's type, message and the failed exit.
func wantInitError(errorType, message string) func(*testing.T, []outcome, string, error) {
	return func(t *testing.T, got []outcome, out string, exit error) {
		wantKind(t, got[0], "init", "")
		m := decode(t, got[0])
		if m["errorType"] != errorType || !strings.HasPrefix(m["errorMessage"].(string), message) {
			t.Errorf("init error = %s, want %s: %s…", got[0].body, errorType, message)
		}
		if h := got[0].header.Get("Lambda-Runtime-Function-Error-Type"); h != errorType {
			t.Errorf("error type header = %q, want %q", h, errorType)
		}
		if exit == nil {
			t.Errorf("bootstrap exited 0 after an init error; output:\n%s", out)
		}
	}
}

// wantLine fails unless some output line matches re.
func wantLine(t *testing.T, out string, re string) {
	t.Helper()
	rx := regexp.MustCompile(re)
	for _, line := range strings.Split(out, "\n") {
		if rx.MatchString(line) {
			return
		}
	}
	t.Errorf("no output line matches %q; output:\n%s", re, out)
}

// logRecord finds the JSON log record whose message is msg.
func logRecord(t *testing.T, out, msg string) map[string]any {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["message"] == msg {
			return m
		}
	}
	t.Fatalf("no JSON record with message %q; output:\n%s", msg, out)
	return nil
}
