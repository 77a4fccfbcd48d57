package bench

import (
	"context"
	"fmt"
	"time"
)

// latencyTarget is one thing warm latency is measured against, through
// both clients.
type latencyTarget struct {
	label string // key and table label, e.g. "goecho", "rie-goecho", "echo-floor"
	http  invoker
	sdk   invoker
}

// target addresses function name under base, labelled label.
func (r *Runner) target(base, label, name string) latencyTarget {
	return latencyTarget{
		label: label,
		http:  httpInvoker{client: r.hc, url: invocationsURL(base, name), payload: echoPayload},
		sdk:   newSDKInvoker(r.hc, base, name),
	}
}

// floorTarget is the echo server, which answers on any path.
func (r *Runner) floorTarget(base string) latencyTarget { return r.target(base, "echo-floor", "echo") }

// rieTarget addresses RIE's single function, which it always calls "function".
func (r *Runner) rieTarget(base string) latencyTarget {
	return r.target(base, "rie-goecho", "function")
}

// engineTargets creates one trivial function per runtime on the engine.
func (r *Runner) engineTargets(ctx context.Context, base string) ([]latencyTarget, error) {
	api := controlAPI{base: base, client: r.hc}
	var out []latencyTarget
	for _, spec := range r.specs {
		name := "warm-" + sanitize(spec.Label)
		if err := api.create(ctx, name, spec); err != nil {
			return nil, err
		}
		out = append(out, r.target(base, spec.Label, name))
	}
	return out, nil
}

// warmSection measures p50/p99 of every target through both clients. The
// targets take turns within each repeat, so load from others on shared
// cores falls on all of them alike; figures are medians over repeats. A
// target that fails is reported as skipped and dropped.
func (r *Runner) warmSection(ctx context.Context, targets []latencyTarget) {
	p50, p99 := map[string][]float64{}, map[string][]float64{}
	failed := map[string]bool{}
	for range r.Opt.Repeats {
		for _, t := range targets {
			for client, inv := range map[string]invoker{"http": t.http, "sdk": t.sdk} {
				if failed[t.label] {
					continue
				}
				lat, err := latencies(ctx, inv, r.Opt.Warmup, r.Opt.Invocations)
				if err != nil {
					failed[t.label] = true
					r.Res.Skip("warm latency "+t.label+" via "+client, err)
					continue
				}
				p50[t.label+"|"+client] = append(p50[t.label+"|"+client], ms(percentile(lat, 0.50)))
				p99[t.label+"|"+client] = append(p99[t.label+"|"+client], ms(percentile(lat, 0.99)))
			}
		}
	}
	for _, t := range targets {
		for _, client := range []string{"http", "sdk"} {
			if !failed[t.label] {
				r.recordWarm(t.label, client, p50[t.label+"|"+client], p99[t.label+"|"+client])
			}
		}
	}
}

func (r *Runner) recordWarm(label, client string, p50s, p99s []float64) {
	section := fmt.Sprintf("1-3. Warm invoke latency (1 caller, %d invocations per run)", r.Opt.Invocations)
	via := map[string]string{"http": "net/http", "sdk": "aws-sdk-go-v2"}[client]
	for _, q := range []struct {
		name string
		v    []float64
	}{{"p50", p50s}, {"p99", p99s}} {
		r.Res.Add(Figure{
			Key: "warm." + client + "." + label + "." + q.name, Section: section,
			Name: fmt.Sprintf("%s %s (%s)", label, q.name, via), Value: median(q.v), Unit: "ms", Runs: len(q.v),
		})
	}
}

// sanitize turns a label into a valid function name part.
func sanitize(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '.' {
			b[i] = '-'
		}
	}
	return string(b)
}

// since returns the time elapsed since t0 in milliseconds.
func since(t0 time.Time) float64 { return ms(time.Since(t0)) }
