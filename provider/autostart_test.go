package provider

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
)

func TestResolveLocal(t *testing.T) {
	cwd, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	block := func(autostart *bool, dataDir string) []localModel {
		m := localModel{Autostart: types.BoolNull(), DataDir: types.StringNull(), LogLevel: types.StringNull()}
		if autostart != nil {
			m.Autostart = types.BoolValue(*autostart)
		}
		if dataDir != "" {
			m.DataDir = types.StringValue(dataDir)
		}
		return []localModel{m}
	}
	yes, no := true, false
	tests := []struct {
		name          string
		blocks        []localModel
		env           map[string]string
		wantAutostart bool
		wantDir       string
		wantErr       string
	}{
		{name: "defaults", env: map[string]string{"HOME": "/home/u"}, wantDir: "/home/u/.lambdaform"},
		{name: "no home directory", wantDir: filepath.Join(cwd, ".lambdaform")},
		{name: "environment", env: map[string]string{"HOME": "/home/u", "LAMBDAFORM_AUTOSTART": "true", "LAMBDAFORM_DATA_DIR": "/srv/lf"},
			wantAutostart: true, wantDir: "/srv/lf"},
		{name: "block wins over environment", blocks: block(&no, "/data"),
			env:     map[string]string{"LAMBDAFORM_AUTOSTART": "1", "LAMBDAFORM_DATA_DIR": "/srv/lf"},
			wantDir: "/data"},
		{name: "empty block", blocks: block(nil, ""), env: map[string]string{"HOME": "/h", "LAMBDAFORM_AUTOSTART": "false"},
			wantDir: "/h/.lambdaform"},
		{name: "home-relative", blocks: block(&yes, "~/engines/a"), env: map[string]string{"HOME": "/h"},
			wantAutostart: true, wantDir: "/h/engines/a"},
		{name: "relative", blocks: block(&yes, "state/engine"), wantAutostart: true, wantDir: filepath.Join(cwd, "state/engine")},
		{name: "bad LAMBDAFORM_AUTOSTART", env: map[string]string{"LAMBDAFORM_AUTOSTART": "sometimes"},
			wantErr: "Invalid LAMBDAFORM_AUTOSTART"},
		{name: "~ without HOME", blocks: block(nil, "~/x"), wantErr: "HOME is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls, diags := resolveLocal(tt.blocks, envOf(tt.env))
			if tt.wantErr != "" {
				if !diags.HasError() || !strings.Contains(diagText(diags.Errors()[0].Summary(), diags.Errors()[0].Detail()), tt.wantErr) {
					t.Fatalf("diags = %v, want an error containing %q", diags, tt.wantErr)
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("unexpected diags: %v", diags)
			}
			if ls.Autostart != tt.wantAutostart || ls.DataDir != tt.wantDir {
				t.Fatalf("got autostart=%v data_dir=%q, want %v %q", ls.Autostart, ls.DataDir, tt.wantAutostart, tt.wantDir)
			}
		})
	}
}

func TestAutostartAddr(t *testing.T) {
	tests := []struct {
		endpoint, want, wantErr string
	}{
		{"http://127.0.0.1:9001", "127.0.0.1:9001", ""},
		{"http://localhost:9001/", "localhost:9001", ""},
		{"http://[::1]:9001", "[::1]:9001", ""},
		{"http://127.0.0.2", "127.0.0.2:80", ""},
		{"http://10.0.0.5:9001", "10.0.0.5:9001", "not a loopback address"},
		{"http://engine.example.com:9001", "engine.example.com:9001", "not a loopback address"},
		{"https://127.0.0.1:9001", "127.0.0.1:9001", "plain http"},
	}
	for _, tt := range tests {
		got, err := autostartAddr(tt.endpoint)
		if got != tt.want || (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("autostartAddr(%q) = %q, %v; want %q and an error containing %q", tt.endpoint, got, err, tt.want, tt.wantErr)
		}
	}
}

// TestEnsureEngineWithoutAutostart: with nothing at the endpoint and
// autostart off, the error gives the exact command to run and the autostart
// setting, and starts nothing.
func TestEnsureEngineWithoutAutostart(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := filepath.Join(t.TempDir(), "my engine")
	s := settings{Backend: conn.BackendLocal, Endpoint: "http://" + addr, Region: "us-east-1",
		Local: localSettings{DataDir: dir}}
	err = ensureEngine(context.Background(), s)
	var notRunning *engineNotRunningError
	if !errors.As(err, &notRunning) {
		t.Fatalf("ensureEngine: %v, want an engineNotRunningError", err)
	}
	for _, want := range []string{
		"No Lambdaform engine is answering at http://" + addr,
		"lambdaform serve --addr " + addr + " --data-dir '" + dir + "'",
		"autostart = true",
		"lambdaform stop --data-dir '" + dir + "'",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%s", want, err)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) > 0 {
		t.Errorf("autostart off, yet %s was populated: %v", dir, m)
	}
}

func TestEngineNotRunningErrorRemote(t *testing.T) {
	down := &engineUnreachableError{endpoint: "http://10.1.2.3:9001", err: errors.New("connection refused")}
	msg := (&engineNotRunningError{probe: down, dataDir: "/d", addr: "10.1.2.3:9001"}).Error()
	if !strings.Contains(msg, "lambdaform serve --addr 10.1.2.3:9001 --data-dir /d") {
		t.Errorf("message lacks the command:\n%s", msg)
	}
	if strings.Contains(msg, "autostart") {
		t.Errorf("a remote endpoint cannot be autostarted, yet the message suggests it:\n%s", msg)
	}
}

// TestEnsureEngineRefusesUnservableEndpoint: autostart never starts an engine
// for an endpoint it could not serve.
func TestEnsureEngineRefusesUnservableEndpoint(t *testing.T) {
	// A loopback endpoint the engine cannot serve: https (the engine serves
	// plain http). The probe fails against the plain-http server behind it.
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer broken.Close()
	dir := t.TempDir()
	s := settings{Backend: conn.BackendLocal, Endpoint: "https://" + strings.TrimPrefix(broken.URL, "http://"), Region: "us-east-1",
		Local: localSettings{Autostart: true, DataDir: dir}}
	err := ensureEngine(context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "cannot start it") || !strings.Contains(err.Error(), "plain http") {
		t.Fatalf("ensureEngine with an https endpoint: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) > 0 {
		t.Errorf("refused, yet %s was populated: %v", dir, m)
	}
}
