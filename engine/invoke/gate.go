package invoke

import (
	"errors"
	"strings"
)

// Lambda's concurrency model, as the Manager enforces it:
//   - The account runs at most Config.ConcurrencyLimit invocations at once.
//   - A function with reserved concurrency R runs at most R at once (0
//     throttles everything); its R is carved out of the account, with or
//     without traffic.
//   - Provisioned concurrency of a function without reserved concurrency is
//     carved out of the account too; with reserved concurrency it is part
//     of R.
//   - Every other invocation shares what is left: the unreserved pool.
//
// An invocation over its limit is refused at once (no queueing), as AWS
// answers 429 TooManyRequestsException.

// DefaultConcurrencyLimit is AWS's default account quota of concurrent
// executions per region.
const DefaultConcurrencyLimit = 1000

// Reasons AWS gives in TooManyRequestsException.Reason for a concurrency
// throttle.
const (
	ReasonReservedLimit = "ReservedFunctionConcurrentInvocationLimitExceeded"
	ReasonAccountLimit  = "ConcurrentInvocationLimitExceeded"
)

// ErrThrottled matches (errors.Is) every *ThrottleError.
var ErrThrottled = errors.New("invoke: throttled")

// ThrottleError is Invoke's error for an invocation refused by the
// concurrency limits. Nothing ran; the caller may retry later.
type ThrottleError struct {
	Function string
	Reason   string // ReasonReservedLimit or ReasonAccountLimit
}

func (e *ThrottleError) Error() string {
	return "invoke: " + e.Function + " throttled (" + e.Reason + ")"
}

// Is makes errors.Is(err, ErrThrottled) hold.
func (e *ThrottleError) Is(target error) bool { return target == ErrThrottled }

// MinUnreserved is the concurrency that reservations must leave to the
// unreserved pool. AWS keeps 100 of its default 1000; the engine scales
// that to a tenth of smaller limits (rounded up), so that a small
// --concurrency-limit still leaves room to reserve.
func MinUnreserved(limit int) int { return min(100, (limit+9)/10) }

// fnConc is the concurrency state of one function.
type fnConc struct {
	reserved    int // -1: none, the function draws on the unreserved pool
	provisioned int // provisioned concurrency requested over its versions
	inflight    int
}

// share is what the function takes out of the account.
func (c *fnConc) share() int {
	if c.reserved >= 0 {
		return c.reserved
	}
	return c.provisioned
}

func (c *fnConc) idle() bool { return c.reserved < 0 && c.provisioned == 0 && c.inflight == 0 }

// gate counts running invocations against the limits. The Manager's mutex
// guards it; admission and leave are a few integer operations.
type gate struct {
	limit      int
	carved     int // Σ share over functions
	unreserved int // running invocations that hold a unit of the pool
	fns        map[string]*fnConc
}

// ticket is one admitted invocation's hold on the limits.
type ticket struct {
	name   string
	fn     *fnConc
	pooled bool       // holds a unit of the unreserved pool
	prov   *provision // holds a provisioned slot
}

func (g *gate) entry(name string) *fnConc {
	c := g.fns[name]
	if c == nil {
		c = &fnConc{reserved: -1}
		g.fns[name] = c
	}
	return c
}

func (g *gate) forget(name string, c *fnConc) {
	if c.idle() && g.fns[name] == c {
		delete(g.fns, name)
	}
}

// admit admits one invocation of name, preferring a free provisioned slot
// of pv (which may be nil), or returns the throttle reason.
func (g *gate) admit(name string, pv *provision) (ticket, string) {
	c := g.entry(name)
	t := ticket{name: name, fn: c}
	if pv != nil && pv.inUse < pv.ready {
		t.prov = pv
	}
	switch {
	case c.reserved >= 0:
		if c.inflight >= c.reserved {
			g.forget(name, c)
			return ticket{}, ReasonReservedLimit
		}
	case t.prov == nil:
		if g.unreserved >= g.limit-g.carved {
			g.forget(name, c)
			return ticket{}, ReasonAccountLimit
		}
		g.unreserved++
		t.pooled = true
	}
	c.inflight++
	if t.prov != nil {
		t.prov.inUse++
	}
	return t, ""
}

// leave returns what t held.
func (g *gate) leave(t ticket) {
	t.fn.inflight--
	if t.pooled {
		g.unreserved--
	}
	if t.prov != nil {
		t.prov.inUse--
	}
	g.forget(t.name, t.fn)
}

// setReserved sets (n ≥ 0) or removes (n < 0) a function's reservation.
func (g *gate) setReserved(name string, n int) {
	c := g.entry(name)
	g.carved -= c.share()
	c.reserved = max(n, -1)
	g.carved += c.share()
	g.forget(name, c)
}

// setProvisioned records the provisioned concurrency requested for name.
func (g *gate) setProvisioned(name string, n int) {
	c := g.entry(name)
	g.carved -= c.share()
	c.provisioned = n
	g.carved += c.share()
	g.forget(name, c)
}

// qualifierOf returns the qualifier of an invoked ARN
// (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]), "" if none.
func qualifierOf(arn string) string {
	if strings.Count(arn, ":") < 7 {
		return ""
	}
	return arn[strings.LastIndexByte(arn, ':')+1:]
}
