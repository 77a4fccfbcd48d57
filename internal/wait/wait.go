// Package wait polls and retries with exponential backoff bounded only by the
// caller's context. Lambda state transitions take milliseconds against the
// local engine and seconds to minutes against AWS, so polling starts tiny and
// doubles to a cap instead of sleeping a fixed interval.
package wait

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Backoff describes the delays between attempts: Initial, doubling up to Max.
type Backoff struct {
	Initial time.Duration
	Max     time.Duration
}

// Default starts at 2ms (an engine usually finishes before the first poll)
// and caps at 3s (a reasonable poll rate against AWS's control plane).
var Default = Backoff{Initial: 2 * time.Millisecond, Max: 3 * time.Second}

// ErrTimeout is wrapped by the error Until and Retry return when the context
// ends before the condition is met.
var ErrTimeout = errors.New("timed out waiting")

// next returns the delay after d.
func (b Backoff) next(d time.Duration) time.Duration {
	if d <= 0 {
		return b.Initial
	}
	d *= 2
	if b.Max > 0 && d > b.Max {
		return b.Max
	}
	return d
}

// Until calls check until it reports done or returns an error, sleeping with
// backoff in between. It gives up when ctx ends; the returned error then wraps
// ErrTimeout and describes the last observation reported by check.
func Until(ctx context.Context, b Backoff, check func(context.Context) (done bool, status string, err error)) error {
	var delay time.Duration
	for {
		done, status, err := check(ctx)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
		delay = b.next(delay)
		if err := sleep(ctx, delay); err != nil {
			return fmt.Errorf("%w (last status: %s): %w", ErrTimeout, status, err)
		}
	}
}

// Retry calls op until it succeeds, returns an error retryable rejects, or ctx
// ends. On timeout the last error from op is returned wrapped with ErrTimeout.
func Retry(ctx context.Context, b Backoff, op func(context.Context) error, retryable func(error) bool) error {
	var delay time.Duration
	for {
		err := op(ctx)
		if err == nil || !retryable(err) {
			return err
		}
		delay = b.next(delay)
		if serr := sleep(ctx, delay); serr != nil {
			return fmt.Errorf("%w: %w", ErrTimeout, err)
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
