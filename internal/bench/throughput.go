package bench

import (
	"context"
	"fmt"
	"time"
)

// loadSource supplies the invoker for one caller count. Most targets hand
// out the same one each time; RIE starts afresh, since it may crash under
// concurrency, and then note says so.
type loadSource func() (inv invoker, note func() string, stop func(), err error)

// loadTarget is a labelled loadSource.
type loadTarget struct {
	label string
	src   loadSource
}

// fixed is the loadSource of a target that lives for the whole section.
func fixed(inv invoker) loadSource {
	return func() (invoker, func() string, func(), error) {
		return inv, func() string { return "" }, func() {}, nil
	}
}

// throughputSection runs closed-loop load on every target at every caller
// count; targets take turns per caller count, so they are measured close
// together in time.
func (r *Runner) throughputSection(ctx context.Context, targets []loadTarget) {
	for _, callers := range r.Opt.Callers {
		for _, t := range targets {
			if err := r.throughputAt(ctx, t, callers); err != nil {
				r.Res.Skip(fmt.Sprintf("throughput %s, %d callers", t.label, callers), err)
			}
		}
	}
}

// throughputAt runs an untimed warm-up (so environments for that many
// callers exist), then Repeats timed runs, and records the median
// invocations/s and error count. Once a target has died, further runs
// would only count refused connections, so they are not made.
func (r *Runner) throughputAt(ctx context.Context, t loadTarget, callers int) error {
	inv, note, stop, err := t.src()
	if err != nil {
		return err
	}
	defer stop()
	load(ctx, inv, callers, min(r.Opt.LoadDuration, time.Second))
	var rates, errs []float64
	var firstErr error
	for range r.Opt.Repeats {
		res := load(ctx, inv, callers, r.Opt.LoadDuration)
		rates = append(rates, res.perSecond())
		errs = append(errs, float64(res.errs))
		if firstErr == nil {
			firstErr = res.firstErr
		}
		if note() != "" {
			break
		}
	}
	r.recordThroughput(t.label, callers, rates, errs, joinNotes(note(), firstErr))
	return nil
}

func (r *Runner) recordThroughput(label string, callers int, rates, errs []float64, note string) {
	section := fmt.Sprintf("4. Throughput (closed loop, %s per run, after a warm-up run)", r.Opt.LoadDuration)
	key := fmt.Sprintf("tput.%s.c%d", label, callers)
	name := fmt.Sprintf("%s, %d callers", label, callers)
	r.Res.Add(Figure{Key: key, Section: section, Name: name, Value: median(rates), Unit: "inv/s", Runs: len(rates)})
	r.Res.Add(Figure{Key: key + ".errors", Section: section, Name: name + ", errors", Value: median(errs),
		Unit: "errors", Runs: len(errs), Note: note})
}

func joinNotes(note string, firstErr error) string {
	if firstErr != nil {
		if note != "" {
			note += "; "
		}
		note += fmt.Sprintf("first error: %.100s", firstErr)
	}
	return note
}
