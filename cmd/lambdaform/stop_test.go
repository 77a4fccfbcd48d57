package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/internal/enginectl"
)

// TestServeRefusesBusyDataDir: `serve` on a data directory another engine
// serves fails at once and names that engine.
func TestServeRefusesBusyDataDir(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := newRootCmd()
	first.SetErr(io.Discard)
	first.SetArgs([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir})
	done := make(chan error, 1)
	go func() { done <- first.ExecuteContext(ctx) }()

	var info enginectl.Info
	for info.PID == 0 {
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v", err)
		default:
		}
		info, _ = enginectl.ReadInfo(dir)
		time.Sleep(5 * time.Millisecond) // polling for start-up, not asserting on time
	}

	second := newRootCmd()
	second.SetArgs([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir})
	err := second.ExecuteContext(context.Background())
	var busy *enginectl.BusyError
	if !errors.As(err, &busy) || busy.PID != os.Getpid() || busy.Addr != info.Addr {
		t.Fatalf("second serve: %v, want a BusyError naming pid %d at %s", err, os.Getpid(), info.Addr)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("first serve after cancel: %v", err)
	}
	if _, err := enginectl.ReadInfo(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("engine record after serve returned: %v, want none", err)
	}
}

func TestStopCommandWithoutEngine(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	root := newRootCmd()
	root.SetOut(&out)
	root.SetArgs([]string{"stop", "--data-dir", dir})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSpace(out.String()), "no engine is serving "+dir; got != want {
		t.Fatalf("stop printed %q, want %q", got, want)
	}
}
