// Package audit keeps an append-only, CloudTrail-like record of every
// control-plane call the engine serves, one JSON object per line.
//
// Field names follow CloudTrail's record fields where a concept matches
// (eventTime, eventName, requestID, sourceIPAddress, userAgent, errorCode,
// errorMessage). CloudTrail nests the caller's key under
// userIdentity.accessKeyId and the function under
// requestParameters.functionName; here they are flattened to accessKeyId
// and functionName so each line stays greppable. httpStatus has no
// CloudTrail counterpart.
package audit

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Entry is one audited call.
type Entry struct {
	Time         time.Time `json:"eventTime"`              // when the call completed, UTC
	RequestID    string    `json:"requestID"`              // x-amzn-RequestId returned to the caller
	Operation    string    `json:"eventName"`              // API operation, e.g. CreateFunction
	FunctionName string    `json:"functionName,omitempty"` // target function, if any
	AccessKeyID  string    `json:"accessKeyId,omitempty"`  // from the SigV4 credential scope
	SourceIP     string    `json:"sourceIPAddress"`
	UserAgent    string    `json:"userAgent,omitempty"`
	Status       int       `json:"httpStatus"`
	ErrorCode    string    `json:"errorCode,omitempty"` // AWS error type, e.g. ResourceNotFoundException
	ErrorMessage string    `json:"errorMessage,omitempty"`
}

// maxLine bounds one record when reading; entries are small, so a longer
// line means the file is not an audit log.
const maxLine = 1 << 20

// ErrClosed is returned by Record after Close.
var ErrClosed = errors.New("audit: log is closed")

// Log appends entries to a file. It is safe for concurrent use.
type Log struct {
	mu sync.Mutex
	f  *os.File
}

// Open opens (creating with mode 0600 if needed) the log at path for
// appending. Several processes may append to the same file: each entry is
// written with one write(2) on an O_APPEND descriptor, so lines never
// interleave.
func Open(path string) (*Log, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit: open %s: %w", path, err)
	}
	return &Log{f: f}, nil
}

// Record appends e as one line. A zero Time is set to now; times are stored
// in UTC.
func (l *Log) Record(e Entry) error {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	e.Time = e.Time.UTC()
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("audit: encode entry: %w", err)
	}
	line = append(line, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return ErrClosed
	}
	if _, err := l.f.Write(line); err != nil {
		return fmt.Errorf("audit: write entry: %w", err)
	}
	return nil
}

// Close flushes the log to stable storage and closes it. Entries already
// written survive a crash without it (they are in the OS page cache); the
// sync covers power loss.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return ErrClosed
	}
	f := l.f
	l.f = nil
	syncErr := f.Sync()
	if err := f.Close(); err != nil {
		return fmt.Errorf("audit: close: %w", err)
	}
	if syncErr != nil {
		return fmt.Errorf("audit: sync: %w", syncErr)
	}
	return nil
}

// ReadAll decodes the log in r line by line, calling fn for each entry in
// file order. Blank lines are skipped; a malformed line stops the read with
// an error naming its line number. An error from fn is returned as is.
func ReadAll(r io.Reader, fn func(Entry) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		var e Entry
		if err := json.Unmarshal(line, &e); err != nil {
			return fmt.Errorf("audit: line %d: %w", n, err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("audit: read: %w", err)
	}
	return nil
}
