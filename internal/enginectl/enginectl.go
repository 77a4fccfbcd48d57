// Package enginectl runs a Lambdaform engine as a long-lived server that owns
// its data directory, and starts and stops such servers from other
// processes. Both binaries use it: `lambdaform serve` / `lambdaform stop`,
// and the provider, which starts the engine bundled in its own executable
// (`terraform-provider-lambda engine serve …`) when backend "local" has
// local { autostart = true }.
//
// A serving engine holds an exclusive flock on <data-dir>/engine.lock for
// its whole life, so at most one engine serves a data directory however many
// are started at once; it records itself in <data-dir>/engine.json (pid,
// address, start time) and <data-dir>/engine.pid, and removes both when it
// stops. A second engine on the same directory exits at once with a
// *BusyError. Stop signals the engine only while the lock is held, so a
// stale pid file never gets an unrelated process killed.
//
// The engine runs on Linux only; elsewhere Serve, Start, Stop and Main
// return an error saying so.
package enginectl

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Files in the data directory.
const (
	LockFile = "engine.lock" // flocked by the serving engine
	InfoFile = "engine.json" // Info of the serving engine
	PIDFile  = "engine.pid"  // its pid, for `kill $(cat engine.pid)`
	LogFile  = "engine.log"  // stdout and stderr of engines started by Start
)

// CommandName is the first argument that makes an executable run the
// engine instead of its usual job: `<exe> engine serve --addr … --data-dir …`.
const CommandName = "engine"

// IsCommand reports whether args (os.Args[1:]) ask for the engine.
func IsCommand(args []string) bool { return len(args) > 0 && args[0] == CommandName }

// Info describes the engine serving a data directory.
type Info struct {
	PID     int       `json:"pid"`
	Addr    string    `json:"addr"`
	Started time.Time `json:"started"`
}

// BusyError is returned by Serve when another engine already serves the
// data directory.
type BusyError struct {
	DataDir string
	PID     int    // 0 when it could not be determined
	Addr    string // "" while the other engine is still starting
}

func (e *BusyError) Error() string {
	who := "another engine"
	if e.PID > 0 {
		who = fmt.Sprintf("another engine (pid %d)", e.PID)
	}
	where := "(its address is not recorded yet: it is starting)"
	if e.Addr != "" {
		where = "at " + e.Addr
	}
	return fmt.Sprintf("%s is serving this data directory (%s) %s; stop it with `lambdaform stop --data-dir %s`",
		who, e.DataDir, where, e.DataDir)
}

// ReadInfo returns what the last engine recorded in dataDir. The record may
// be stale (a killed engine cannot remove it); only the lock tells whether an
// engine is serving. It returns an error wrapping fs.ErrNotExist when there
// is no record.
func ReadInfo(dataDir string) (Info, error) {
	var info Info
	b, err := os.ReadFile(filepath.Join(dataDir, InfoFile))
	if err != nil {
		return info, err
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return info, fmt.Errorf("reading %s: %w", filepath.Join(dataDir, InfoFile), err)
	}
	return info, nil
}

// DefaultStartTimeout bounds Start when StartOptions.Timeout is zero.
const DefaultStartTimeout = 30 * time.Second

// StartOptions says which engine Start runs.
type StartOptions struct {
	// Executable bundles the engine: run with `engine serve …` it must call
	// Main. Default: this process's executable.
	Executable string
	Addr       string   // host:port to serve on; required
	DataDir    string   // required; made absolute
	ExtraArgs  []string // more `serve` flags, e.g. --region, --log-level
	Timeout    time.Duration
}

// StartResult says which engine serves the data directory after Start.
type StartResult struct {
	PID     int    // the serving engine's pid, 0 if its record is missing
	Addr    string // the address it answers on
	Spawned bool   // the process this call started became the engine
}

// DefaultStopTimeout bounds Stop when ctx has no deadline: the engine gives
// in-flight requests up to 10 seconds, then ends its execution environments.
const DefaultStopTimeout = 30 * time.Second

// StopResult says what Stop did.
type StopResult struct {
	DataDir string
	// PID and Addr of the engine that was stopped (Stopped), else of a
	// stale record that was removed (PID > 0), else zero.
	PID     int
	Addr    string
	Stopped bool
}

func (r StopResult) String() string {
	switch {
	case r.Stopped && r.Addr != "":
		return fmt.Sprintf("stopped the engine (pid %d) serving %s at %s", r.PID, r.DataDir, r.Addr)
	case r.Stopped:
		return fmt.Sprintf("stopped the engine (pid %d) serving %s", r.PID, r.DataDir)
	case r.PID > 0:
		return fmt.Sprintf("no engine is serving %s; removed the stale record of pid %d (not signalled)", r.DataDir, r.PID)
	}
	return fmt.Sprintf("no engine is serving %s", r.DataDir)
}
