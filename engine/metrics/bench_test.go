package metrics

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// BenchmarkInvocation measures what the invoke path pays per invocation:
// InvocationStarted plus InvocationFinished, with a live flusher. Compare
// ns/op with the engine's warm-invoke benchmark (make bench): the budget
// is 5% of an invocation.
func BenchmarkInvocation(b *testing.B) {
	for _, fns := range []int{1, 100} {
		b.Run("functions="+strconv.Itoa(fns), func(b *testing.B) {
			r, err := Open(filepath.Join(b.TempDir(), "metrics.db"), Options{FlushInterval: 100 * time.Millisecond})
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			names := make([]string, fns)
			for i := range names {
				names[i] = "fn-" + strconv.Itoa(i)
			}
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					fn := names[i%fns]
					i++
					r.InvocationStarted(fn, "live")
					r.InvocationFinished(fn, "live", "3", 12*time.Millisecond, "", false)
				}
			})
		})
	}
}
