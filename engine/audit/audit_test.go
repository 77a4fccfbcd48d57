package audit

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func sample(i int) Entry {
	return Entry{
		Time:         time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("X", 3600)),
		RequestID:    fmt.Sprintf("req-%d", i),
		Operation:    "CreateFunction",
		FunctionName: "fn",
		AccessKeyID:  "AKIDEXAMPLE",
		SourceIP:     "127.0.0.1",
		UserAgent:    "aws-sdk-go-v2/1.0",
		Status:       409,
		ErrorCode:    "ResourceConflictException",
		ErrorMessage: "Function already exist: fn",
	}
}

func TestRecordAndReadAll(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	for round := 0; round < 2; round++ { // reopening appends
		l, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Record(sample(round)); err != nil {
			t.Fatal(err)
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", st.Mode(), err)
	}
	got := readAll(t, path)
	if len(got) != 2 {
		t.Fatalf("read %d entries, want 2", len(got))
	}
	for i, e := range got {
		want := sample(i)
		want.Time = want.Time.UTC()
		if e != want {
			t.Errorf("entry %d = %+v, want %+v", i, e, want)
		}
	}
}

func TestRecordUsesCloudTrailNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Record(sample(0)); err != nil {
		t.Fatal(err)
	}
	_ = l.Close()
	raw, _ := os.ReadFile(path)
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"eventTime": "2026-01-02T02:04:05Z", "requestID": "req-0", "eventName": "CreateFunction",
		"functionName": "fn", "accessKeyId": "AKIDEXAMPLE", "sourceIPAddress": "127.0.0.1",
		"userAgent": "aws-sdk-go-v2/1.0", "httpStatus": float64(409),
		"errorCode": "ResourceConflictException", "errorMessage": "Function already exist: fn",
	}
	if len(fields) != len(want) {
		t.Fatalf("fields = %v", fields)
	}
	for k, v := range want {
		if fields[k] != v {
			t.Errorf("%s = %v, want %v", k, fields[k], v)
		}
	}
}

func TestRecordDefaultsTime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	l, _ := Open(path)
	before := time.Now().Add(-time.Second)
	if err := l.Record(Entry{Operation: "ListFunctions", Status: 200}); err != nil {
		t.Fatal(err)
	}
	_ = l.Close()
	got := readAll(t, path)
	if len(got) != 1 || got[0].Time.Before(before) || got[0].Time.Location() != time.UTC {
		t.Fatalf("entries = %+v", got)
	}
}

func TestConcurrentRecordsStayWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	logs := []*Log{mustOpen(t, path), mustOpen(t, path)} // two descriptors, like two processes
	const per = 200
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				e := sample(w*per + i)
				e.ErrorMessage = strings.Repeat("m", 3000) // long lines expose interleaving
				if err := logs[w%2].Record(e); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	for _, l := range logs {
		_ = l.Close()
	}
	seen := map[string]bool{}
	for _, e := range readAll(t, path) {
		seen[e.RequestID] = true
	}
	if len(seen) != 8*per {
		t.Fatalf("%d distinct entries, want %d", len(seen), 8*per)
	}
}

func TestClose(t *testing.T) {
	l := mustOpen(t, filepath.Join(t.TempDir(), "audit.log"))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Record(sample(0)); !errors.Is(err, ErrClosed) {
		t.Fatalf("Record after Close = %v, want ErrClosed", err)
	}
	if err := l.Close(); !errors.Is(err, ErrClosed) {
		t.Fatalf("second Close = %v, want ErrClosed", err)
	}
}

func TestOpenFails(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "missing", "audit.log")); err == nil {
		t.Fatal("Open in a missing directory succeeded")
	}
}

func TestReadAll(t *testing.T) {
	good := `{"eventName":"GetFunction","httpStatus":200}`
	stop := errors.New("stop")
	tests := []struct {
		name    string
		input   string
		fnErr   error
		wantN   int
		wantErr string
	}{
		{"entries and blank lines", good + "\n\n" + good + "\n", nil, 2, ""},
		{"no trailing newline", good, nil, 1, ""},
		{"malformed line", good + "\n{not json\n" + good + "\n", nil, 1, "audit: line 2:"},
		{"callback error", good + "\n" + good + "\n", stop, 1, "stop"},
		{"overlong line", `{"errorMessage":"` + strings.Repeat("x", maxLine) + `"}`, nil, 0, "audit: read:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			err := ReadAll(strings.NewReader(tt.input), func(e Entry) error {
				n++
				if e.Operation != "GetFunction" || e.Status != 200 {
					t.Errorf("entry = %+v", e)
				}
				return tt.fnErr
			})
			if n != tt.wantN {
				t.Errorf("callback ran %d times, want %d", n, tt.wantN)
			}
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if tt.fnErr != nil && !errors.Is(err, tt.fnErr) {
				t.Fatalf("err = %v, want the callback's error", err)
			}
		})
	}
}

func mustOpen(t *testing.T, path string) *Log {
	t.Helper()
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func readAll(t *testing.T, path string) []Entry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Every line must be a whole record on its own.
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, maxLine)
	var out []Entry
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		out = append(out, e)
	}
	return out
}
