package invoke

import (
	"errors"
	"testing"
)

func TestMinUnreserved(t *testing.T) {
	for _, tc := range []struct{ limit, want int }{
		{1000, 100}, {3000, 100}, {999, 100}, {500, 50}, {50, 5}, {10, 1}, {5, 1}, {1, 1},
	} {
		if got := MinUnreserved(tc.limit); got != tc.want {
			t.Errorf("MinUnreserved(%d) = %d, want %d", tc.limit, got, tc.want)
		}
	}
}

// admitN admits up to n invocations of name and returns the tickets and
// the reason of the first refusal.
func admitN(g *gate, name string, pv *provision, n int) ([]ticket, string) {
	var ts []ticket
	for range n {
		t, reason := g.admit(name, pv)
		if reason != "" {
			return ts, reason
		}
		ts = append(ts, t)
	}
	return ts, ""
}

func TestGateLimits(t *testing.T) {
	for _, tc := range []struct {
		name       string
		limit      int
		reserved   map[string]int
		fn         string
		calls      int
		wantOK     int
		wantReason string
	}{
		{"account limit", 5, nil, "a", 9, 5, ReasonAccountLimit},
		{"under the limit", 5, nil, "a", 5, 5, ""},
		{"reserved bounds its function", 10, map[string]int{"a": 2}, "a", 9, 2, ReasonReservedLimit},
		{"reservations shrink the pool", 10, map[string]int{"a": 4}, "b", 9, 6, ReasonAccountLimit},
		{"reserved 0 throttles all", 10, map[string]int{"a": 0}, "a", 1, 0, ReasonReservedLimit},
		{"a removed reservation", 10, map[string]int{"a": -1}, "a", 10, 10, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := &gate{limit: tc.limit, fns: map[string]*fnConc{}}
			for name, n := range tc.reserved {
				g.setReserved(name, n)
			}
			ts, reason := admitN(g, tc.fn, nil, tc.calls)
			if len(ts) != tc.wantOK || reason != tc.wantReason {
				t.Fatalf("admitted %d, refused with %q; want %d and %q", len(ts), reason, tc.wantOK, tc.wantReason)
			}
			for _, tk := range ts {
				g.leave(tk)
			}
			if g.unreserved != 0 {
				t.Fatalf("pool still holds %d after every invocation left", g.unreserved)
			}
			if _, again := admitN(g, tc.fn, nil, tc.wantOK); again != "" {
				t.Fatalf("after leaving, admission refused: %s", again)
			}
		})
	}
}

// Provisioned slots of a function without reservation do not draw on the
// pool; beyond them invocations spill over to it.
func TestGateProvisioned(t *testing.T) {
	g := &gate{limit: 10, fns: map[string]*fnConc{}}
	g.setProvisioned("p", 3) // carved out: the pool has 7
	pv := &provision{ready: 2, want: 3}
	ts, reason := admitN(g, "p", pv, 20)
	if len(ts) != 9 || reason != ReasonAccountLimit {
		t.Fatalf("admitted %d (%s), want 2 provisioned + 7 from the pool", len(ts), reason)
	}
	onProv := 0
	for _, tk := range ts {
		if tk.prov != nil {
			onProv++
		}
	}
	if onProv != 2 || pv.inUse != 2 || g.unreserved != 7 {
		t.Fatalf("on provisioned %d, inUse %d, pool %d", onProv, pv.inUse, g.unreserved)
	}
	for _, tk := range ts {
		g.leave(tk)
	}
	g.setProvisioned("p", 0)
	if len(g.fns) != 0 || g.carved != 0 || pv.inUse != 0 {
		t.Fatalf("state left behind: fns %v carved %d inUse %d", g.fns, g.carved, pv.inUse)
	}
}

func TestThrottleErrorIs(t *testing.T) {
	var err error = &ThrottleError{Function: "f", Reason: ReasonReservedLimit}
	if !errors.Is(err, ErrThrottled) {
		t.Fatal("ThrottleError does not match ErrThrottled")
	}
	if qualifierOf("arn:aws:lambda:us-east-1:1:function:f:live") != "live" || qualifierOf("arn:aws:lambda:us-east-1:1:function:f") != "" {
		t.Fatal("qualifierOf")
	}
}
