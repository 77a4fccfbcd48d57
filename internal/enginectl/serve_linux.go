package enginectl

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// Serve runs an engine on addr with cfg until ctx is done, then shuts it
// down and closes it. It holds cfg.DataDir's lock the whole time and records
// the engine in engine.json and engine.pid, which it removes on the way out.
// When another engine serves the directory it returns a *BusyError without
// touching the engine's state.
func Serve(ctx context.Context, addr string, cfg engine.Config) (err error) {
	if cfg.DataDir == "" {
		return errors.New("enginectl: a data directory is required")
	}
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	lock, err := tryLock(dir)
	if errors.Is(err, errLocked) {
		return busyError(dir)
	}
	if err != nil {
		return err
	}
	defer func() { err = joinErr(err, "releasing the data directory lock", lock.release()) }()

	cfg.DataDir = dir
	e, err := engine.New(cfg)
	if err != nil {
		return err
	}
	defer func() { err = joinErr(err, "closing the engine", e.Close()) }()
	ln, err := e.Listen(addr)
	if err != nil {
		return err
	}
	// Removed before Close and the lock's release (deferred earlier, so
	// run later): a record exists only while its engine holds the lock.
	defer func() { err = joinErr(err, "removing the engine record", removeInfo(dir)) }()
	if err := writeInfo(dir, Info{PID: os.Getpid(), Addr: ln.Addr().String(), Started: time.Now().UTC()}); err != nil {
		ln.Close()
		return err
	}
	return e.Serve(ctx, ln)
}

func busyError(dir string) error {
	be := &BusyError{DataDir: dir, PID: lockHolder(filepath.Join(dir, LockFile))}
	// The record is the holder's unless it is stale from an engine that was
	// killed and the holder has not written its own yet.
	if info, err := ReadInfo(dir); err == nil && (be.PID == 0 || info.PID == be.PID) {
		be.PID, be.Addr = info.PID, info.Addr
	}
	return be
}

func joinErr(err error, what string, err2 error) error {
	switch {
	case err2 == nil:
		return err
	case err == nil:
		return fmt.Errorf("%s: %w", what, err2)
	}
	return fmt.Errorf("%w (and %s: %v)", err, what, err2)
}
