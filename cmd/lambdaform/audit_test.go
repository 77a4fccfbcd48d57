package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/audit"
)

func writeAuditLog(t *testing.T, entries ...audit.Entry) string {
	t.Helper()
	dir := t.TempDir()
	l, err := audit.Open(filepath.Join(dir, auditLogName))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := l.Record(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runAuditCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newAuditCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func TestAuditCommand(t *testing.T) {
	at := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	dir := writeAuditLog(t,
		audit.Entry{Time: at, Operation: "CreateFunction", FunctionName: "a", AccessKeyID: "AKID1", SourceIP: "10.0.0.1", Status: 201},
		audit.Entry{Time: at, Operation: "GetFunction", FunctionName: "b", SourceIP: "10.0.0.2", Status: 404,
			ErrorCode: "ResourceNotFoundException", ErrorMessage: "Function not found: b"},
		audit.Entry{Time: at, Operation: "ListFunctions", SourceIP: "10.0.0.1", Status: 200},
	)
	tests := []struct {
		name  string
		args  []string
		lines []string
	}{
		{"table", []string{"--data-dir", dir}, []string{
			"TIME                  OPERATION       FUNCTION  CALLER  SOURCE    RESULT",
			"2026-05-06T07:08:09Z  CreateFunction  a         AKID1   10.0.0.1  201",
			"2026-05-06T07:08:09Z  GetFunction     b         -       10.0.0.2  404 ResourceNotFoundException: Function not found: b",
			"2026-05-06T07:08:09Z  ListFunctions   -         -       10.0.0.1  200",
		}},
		{"by function", []string{"--data-dir", dir, "--function", "b"}, []string{
			"TIME                  OPERATION    FUNCTION  CALLER  SOURCE    RESULT",
			"2026-05-06T07:08:09Z  GetFunction  b         -       10.0.0.2  404 ResourceNotFoundException: Function not found: b",
		}},
		{"by operation", []string{"--data-dir", dir, "--operation", "ListFunctions", "--json"}, []string{
			`{"eventTime":"2026-05-06T07:08:09Z","requestID":"","eventName":"ListFunctions","sourceIPAddress":"10.0.0.1","httpStatus":200}`,
		}},
		{"no match", []string{"--data-dir", dir, "--function", "zzz"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runAuditCmd(t, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			if s := strings.TrimRight(out, "\n"); s != "" {
				got = strings.Split(s, "\n")
			}
			if strings.Join(got, "\n") != strings.Join(tt.lines, "\n") {
				t.Fatalf("output:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.lines, "\n"))
			}
		})
	}
}

func TestAuditCommandJSONIsEntries(t *testing.T) {
	want := audit.Entry{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), RequestID: "r", Operation: "DeleteFunction",
		FunctionName: "f", Status: 204, UserAgent: "ua"}
	out, err := runAuditCmd(t, "--data-dir", writeAuditLog(t, want), "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got audit.Entry
	if err := json.Unmarshal([]byte(out), &got); err != nil || got != want {
		t.Fatalf("json = %q (%v), want %+v", out, err, want)
	}
}

func TestAuditCommandDataDirFromEnv(t *testing.T) {
	dir := writeAuditLog(t, audit.Entry{Operation: "ListFunctions", Status: 200})
	t.Setenv("LAMBDAFORM_DATA_DIR", dir)
	out, err := runAuditCmd(t)
	if err != nil || !strings.Contains(out, "ListFunctions") {
		t.Fatalf("out %q, err %v", out, err)
	}
}

func TestAuditCommandMissingLog(t *testing.T) {
	_, err := runAuditCmd(t, "--data-dir", t.TempDir())
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
}
