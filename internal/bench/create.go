package bench

import (
	"context"
	"fmt"
	"time"
)

// createMegabyte times CreateFunction requests carrying a ~1 MB zip. Every
// package differs, so each create stores a new blob; request bodies are
// built before the timing so only the engine's work is measured.
func (r *Runner) createMegabyte(ctx context.Context, base string) error {
	api := controlAPI{base: base, client: r.hc}
	bodies := make([][]byte, r.Opt.Creates)
	size := 0
	for i := range bodies {
		zip, err := megabyteZip(i)
		if err != nil {
			return err
		}
		size = len(zip)
		spec := runtimeSpec{Runtime: "python3.12", Handler: "lambda_function.handler", Zip: zip}
		if bodies[i], err = createBody(fmt.Sprintf("create-1mb-%d", i), spec); err != nil {
			return err
		}
	}
	lat := make([]time.Duration, 0, len(bodies))
	for _, body := range bodies {
		t0 := time.Now()
		if err := api.post(ctx, body); err != nil {
			return err
		}
		lat = append(lat, time.Since(t0))
	}
	section := "7. CreateFunction"
	name := fmt.Sprintf("%.2f MB zip, p50 over %d creates", float64(size)/(1<<20), len(lat))
	r.Res.Add(Figure{Key: "create.1mb.p50", Section: section, Name: name, Value: ms(percentile(lat, 0.5)), Unit: "ms"})
	r.Res.Add(Figure{Key: "create.1mb.p99", Section: section, Name: "same, p99", Value: ms(percentile(lat, 0.99)), Unit: "ms"})
	return nil
}
