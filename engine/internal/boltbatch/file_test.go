package boltbatch

import (
	"errors"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

func TestFileSweepsUntilClose(t *testing.T) {
	f, err := Open(filepath.Join(t.TempDir(), "f.db"), "test", slog.New(slog.DiscardHandler), errClosed)
	if err != nil {
		t.Fatal(err)
	}
	var sweeps atomic.Int32
	swept := make(chan struct{}, 1)
	f.Start(time.Millisecond, func() error {
		sweeps.Add(1)
		select {
		case swept <- struct{}{}:
		default:
		}
		return errors.New("a failed sweep is only logged")
	})
	<-swept
	<-swept // the first failure did not stop the sweeper
	if err := f.Submit(put("a")).Wait(); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	after := sweeps.Load()
	time.Sleep(5 * time.Millisecond)
	if sweeps.Load() != after {
		t.Error("sweeps ran after Close")
	}
	if err := f.Submit(put("late")).Wait(); !errors.Is(err, errClosed) {
		t.Errorf("Submit after Close = %v, want %v", err, errClosed)
	}
	if err := f.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestFileOpenFailsWhileLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	f, err := Open(path, "test", slog.New(slog.DiscardHandler), errClosed)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if _, err := Open(path, "test", slog.New(slog.DiscardHandler), errClosed); err == nil {
		t.Fatal("second Open of a locked file succeeded")
	}
}
