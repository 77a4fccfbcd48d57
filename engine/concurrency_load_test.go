package engine_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// Hundreds of concurrent callers against a reserved limit of K: exactly
// K run, every other call is throttled at once, at most K environments
// ever start, and none survives the engine.
func TestReservedLimitUnderLoad(t *testing.T) {
	requirePython(t)
	const callers, reserved = 200, 3
	dir := t.TempDir()
	h := startEngine(t, dir, engine.Config{})
	createHolder(t, h, "burst")
	putReserved(t, h, "burst", reserved)

	for round := range 2 { // the second round runs on the warm environments
		ok, throttled, _ := tally(t, burst(t, h, "burst", "", callers), types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded)
		if ok != reserved || throttled != callers-reserved {
			t.Fatalf("round %d: %d ran and %d were throttled, want %d and %d", round, ok, throttled, reserved, callers-reserved)
		}
		if live := runtimeProcesses(t, dir); len(live) > reserved {
			t.Fatalf("round %d: %d runtime processes alive, want at most %d", round, len(live), reserved)
		}
	}
	stats := h.engine.ConcurrencyStats()
	if stats.Throttles != 2*(callers-reserved) || stats.InFlight != 0 {
		t.Errorf("ConcurrencyStats = %+v", stats)
	}
	// CloudWatch shows the same counts AWS would publish.
	for metric, want := range map[string]float64{"Invocations": 2 * reserved, "Throttles": 2 * (callers - reserved), "Errors": 0} {
		if got, err := metricSum(h, "burst", metric); err != nil || got != want {
			t.Errorf("%s Sum = %v (%v), want %v", metric, got, err, want)
		}
	}
	h.stop()
	if live := runtimeProcesses(t, dir); len(live) != 0 {
		t.Fatalf("runtime processes %v outlived the engine", live)
	}
}

// Without reservations the account limit throttles, with AWS's other
// reason.
func TestAccountLimitUnderLoad(t *testing.T) {
	requirePython(t)
	const callers, limit = 60, 4
	dir := t.TempDir()
	h := startEngine(t, dir, engine.Config{ConcurrencyLimit: limit})
	createHolder(t, h, "acct")
	ok, throttled, _ := tally(t, burst(t, h, "acct", "", callers), types.ThrottleReasonConcurrentInvocationLimitExceeded)
	if ok != limit || throttled != callers-limit {
		t.Fatalf("%d ran and %d were throttled, want %d and %d", ok, throttled, limit, callers-limit)
	}
	h.stop()
	if live := runtimeProcesses(t, dir); len(live) != 0 {
		t.Fatalf("runtime processes %v outlived the engine", live)
	}
}
