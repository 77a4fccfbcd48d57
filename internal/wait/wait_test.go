package wait

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

var fast = Backoff{Initial: time.Microsecond, Max: 4 * time.Microsecond}

func TestBackoffNext(t *testing.T) {
	b := Backoff{Initial: 2 * time.Millisecond, Max: 10 * time.Millisecond}
	ms := time.Millisecond
	want := []time.Duration{2 * ms, 4 * ms, 8 * ms, 10 * ms, 10 * ms}
	var d time.Duration
	for i, w := range want {
		d = b.next(d)
		if d != w {
			t.Fatalf("step %d: got %v, want %v", i, d, w)
		}
	}
}

func TestUntilDoneAfterPolls(t *testing.T) {
	calls := 0
	err := Until(context.Background(), fast, func(context.Context) (bool, string, error) {
		calls++
		return calls == 4, "polling", nil
	})
	if err != nil || calls != 4 {
		t.Fatalf("err=%v calls=%d, want nil and 4", err, calls)
	}
}

func TestUntilStopsOnError(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	err := Until(context.Background(), fast, func(context.Context) (bool, string, error) {
		calls++
		return false, "", boom
	})
	if !errors.Is(err, boom) || calls != 1 {
		t.Fatalf("err=%v calls=%d, want boom after 1 call", err, calls)
	}
}

func TestUntilTimeoutReportsLastStatus(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := Until(ctx, fast, func(context.Context) (bool, string, error) {
		calls++
		if calls == 3 {
			cancel()
		}
		return false, "Pending", nil
	})
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err=%v, want ErrTimeout wrapping context.Canceled", err)
	}
	if got := err.Error(); !strings.Contains(got, "Pending") {
		t.Fatalf("error %q does not mention the last status", got)
	}
}

func TestRetry(t *testing.T) {
	transient := errors.New("transient")
	fatal := errors.New("fatal")
	tests := []struct {
		name      string
		errs      []error
		wantErr   error
		wantCalls int
	}{
		{"succeeds first time", []error{nil}, nil, 1},
		{"retries transient then succeeds", []error{transient, transient, nil}, nil, 3},
		{"stops on non-retryable", []error{transient, fatal, nil}, fatal, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			err := Retry(context.Background(), fast, func(context.Context) error {
				err := tt.errs[calls]
				calls++
				return err
			}, func(err error) bool { return errors.Is(err, transient) })
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) || calls != tt.wantCalls {
				t.Fatalf("err=%v calls=%d, want %v and %d", err, calls, tt.wantErr, tt.wantCalls)
			}
		})
	}
}

func TestRetryTimeoutWrapsLastError(t *testing.T) {
	transient := errors.New("transient")
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := Retry(ctx, fast, func(context.Context) error {
		calls++
		if calls == 2 {
			cancel()
		}
		return transient
	}, func(error) bool { return true })
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, transient) {
		t.Fatalf("err=%v, want ErrTimeout wrapping transient", err)
	}
}
