package lambdaapi

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// concurrencyController is what the invoker offers for concurrency;
// engine/invoke's Manager implements it. An invoker without it (a test
// double) enforces nothing.
type concurrencyController interface {
	SetReservedConcurrency(function string, n int)
	Provision(fn invoke.Function, n int, stamp time.Time)
	Unprovision(function, version string)
	ProvisionedStatus(function, version string) (invoke.ProvisionedStatus, bool)
}

// ConcurrencyObserver is told the concurrency settings metrics need, at
// start-up and on every change (engine/metrics implements it).
type ConcurrencyObserver interface {
	ReservedConcurrencyChanged(fn string, reserved bool)
	ProvisionedConcurrencyChanged(fn, qualifier string, allocated int)
}

// reconcileEvery bounds how long a change the API does not see (an alias
// moved to another version, a version's configuration settled, an
// environment lost) takes to reach the provisioned environments.
const reconcileEvery = time.Second

type provTarget struct{ function, version string }

// concState is what reconcileConcurrency last pushed to the invoker.
type concState struct {
	mu          sync.Mutex
	reserved    map[string]int
	provs       map[provTarget]bool
	reportedRes map[string]bool
	reportedPC  map[string]int // function\x00qualifier → allocated
}

func newConcState() *concState {
	return &concState{reserved: map[string]int{}, provs: map[provTarget]bool{},
		reportedRes: map[string]bool{}, reportedPC: map[string]int{}}
}

// runConcurrency re-asserts the stored concurrency settings every
// reconcileEvery until ctx ends.
func (a *API) runConcurrency(ctx context.Context) {
	t := time.NewTicker(reconcileEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.reconcileConcurrency()
		}
	}
}

// wantedProvision is the provisioned concurrency of one version, summed
// over the qualifiers that name it.
type wantedProvision struct {
	v     store.Version
	arn   string
	n     int
	stamp time.Time
	quals []store.ProvisionedConfig
}

// reconcileConcurrency makes the invoker's limits and provisioned
// environments match the store. Handlers call it after each change, so a
// new limit holds before they answer.
func (a *API) reconcileConcurrency() {
	ctl, ok := a.cfg.Invoker.(concurrencyController)
	if !ok {
		return
	}
	// Read and push under one lock: a reconcile that read the store
	// earlier must not push after one that read it later.
	s := a.conc
	s.mu.Lock()
	defer s.mu.Unlock()
	reserved := map[string]int{}
	wanted := map[provTarget]*wantedProvision{}
	err := a.cfg.Store.View(func(tx *store.Tx) error {
		if err := tx.ForEachReservedConcurrency(func(name string, n int) error {
			reserved[name] = n
			return nil
		}); err != nil {
			return err
		}
		return tx.ForEachProvisionedConfig(func(c store.ProvisionedConfig) error {
			v, err := qualifiedVersion(tx, c.FunctionName, c.Qualifier)
			if isNotFound(err) {
				return nil
			}
			if err != nil {
				return err
			}
			k := provTarget{c.FunctionName, v.Version}
			w := wanted[k]
			if w == nil {
				w = &wantedProvision{v: v, arn: a.qualifiedARN(c.FunctionName, c.Qualifier)}
				wanted[k] = w
			}
			w.n += c.Requested
			if c.LastModified.After(w.stamp) {
				w.stamp = c.LastModified
			}
			w.quals = append(w.quals, c)
			return nil
		})
	})
	if err != nil {
		a.log.Error("reading concurrency settings", "error", err)
		return
	}
	a.pushReserved(ctl, reserved)
	a.pushProvisioned(ctl, wanted)
}

// pushReserved sets every stored reservation, changed or not: the invoker
// drops a deleted function's settings (Retire), and a re-created function
// of the same name may reserve the same number again.
func (a *API) pushReserved(ctl concurrencyController, reserved map[string]int) {
	s := a.conc
	for name, n := range reserved {
		ctl.SetReservedConcurrency(name, n)
		a.reportReserved(name, true)
	}
	for name := range s.reserved {
		if _, ok := reserved[name]; !ok {
			ctl.SetReservedConcurrency(name, -1)
			a.reportReserved(name, false)
		}
	}
	s.reserved = reserved
}

func (a *API) pushProvisioned(ctl concurrencyController, wanted map[provTarget]*wantedProvision) {
	s := a.conc
	next := make(map[provTarget]bool, len(wanted))
	seen := map[string]bool{}
	for k, w := range wanted {
		fn, apiErr := a.invokeFunction(w.v, w.arn)
		if apiErr != nil {
			a.log.Error("provisioned concurrency: configuration of version", "function", k.function, "version", k.version, "error", apiErr)
			continue
		}
		ctl.Provision(fn, w.n, w.stamp)
		next[k] = true
		st, _ := ctl.ProvisionedStatus(k.function, k.version)
		for _, c := range w.quals {
			key := c.FunctionName + "\x00" + c.Qualifier
			seen[key] = true
			a.reportProvisioned(c.FunctionName, c.Qualifier, min(st.Allocated, c.Requested))
		}
	}
	for k := range s.provs {
		if !next[k] {
			ctl.Unprovision(k.function, k.version)
		}
	}
	for key := range s.reportedPC {
		if !seen[key] {
			fn, qualifier, _ := strings.Cut(key, "\x00")
			a.reportProvisioned(fn, qualifier, 0)
			delete(s.reportedPC, key)
		}
	}
	s.provs = next
}

func (a *API) reportReserved(name string, reserved bool) {
	s := a.conc
	if old, ok := s.reportedRes[name]; ok && old == reserved {
		return
	}
	s.reportedRes[name] = reserved
	if !reserved {
		delete(s.reportedRes, name)
	}
	if a.cfg.ConcurrencyObserver != nil {
		a.cfg.ConcurrencyObserver.ReservedConcurrencyChanged(name, reserved)
	}
}

func (a *API) reportProvisioned(fn, qualifier string, allocated int) {
	s := a.conc
	key := fn + "\x00" + qualifier
	if old, ok := s.reportedPC[key]; ok && old == allocated {
		return
	}
	s.reportedPC[key] = allocated
	if a.cfg.ConcurrencyObserver != nil {
		a.cfg.ConcurrencyObserver.ProvisionedConcurrencyChanged(fn, qualifier, allocated)
	}
}
