package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestApplyEnv(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantDir string
		wantReg string
		wantErr bool
	}{
		{"defaults", nil, nil, ".lambdaform", "us-east-1", false},
		{"env", nil, map[string]string{"LAMBDAFORM_DATA_DIR": "/d", "LAMBDAFORM_REGION": "eu-west-1"}, "/d", "eu-west-1", false},
		{"flag beats env", []string{"--data-dir", "/flag"}, map[string]string{"LAMBDAFORM_DATA_DIR": "/env"}, "/flag", "us-east-1", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cmd := newServeCmd()
			if err := cmd.ParseFlags(tc.args); err != nil {
				t.Fatal(err)
			}
			err := applyEnv(cmd.Flags(), func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
			if (err != nil) != tc.wantErr {
				t.Fatalf("applyEnv: %v", err)
			}
			dir, _ := cmd.Flags().GetString("data-dir")
			reg, _ := cmd.Flags().GetString("region")
			if dir != tc.wantDir || reg != tc.wantReg {
				t.Fatalf("data-dir %q region %q", dir, reg)
			}
		})
	}
}

func TestNewLogger(t *testing.T) {
	tests := []struct {
		level, format string
		ok            bool
	}{
		{"info", "text", true},
		{"debug", "json", true},
		{"loud", "text", false},
		{"info", "xml", false},
	}
	for _, tc := range tests {
		_, err := newLogger(io.Discard, tc.level, tc.format)
		if (err == nil) != tc.ok {
			t.Errorf("newLogger(%q,%q): %v", tc.level, tc.format, err)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	var out bytes.Buffer
	root := newRootCmd()
	root.SetOut(&out)
	root.SetArgs([]string{"version"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(out.String()) != version {
		t.Fatalf("version printed %q", out.String())
	}
}

// TestServeShutsDownOnCancel runs `serve` as the binary would and checks it
// answers /healthz and returns cleanly when its context ends (which is what
// SIGINT/SIGTERM do via signal.NotifyContext in main).
func TestServeShutsDownOnCancel(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	root := newRootCmd()
	root.SetErr(io.Discard)
	root.SetArgs([]string{"serve", "--addr", addr, "--data-dir", t.TempDir(), "--log-format", "json"})
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()

	var resp *http.Response
	for resp == nil {
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v", err)
		default:
		}
		resp, _ = http.Get("http://" + addr + "/healthz")
		if resp == nil {
			time.Sleep(10 * time.Millisecond) // polling for start-up, not asserting on time
		}
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != `{"status":"ok"}` {
		t.Fatalf("healthz: %d %s", resp.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve after cancel: %v", err)
	}
}
