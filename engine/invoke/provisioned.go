package invoke

import (
	"context"
	"time"
)

// Provisioned concurrency: environments started and initialised ahead of
// any invocation (with AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency),
// kept warm (never reaped) and offered to invocations of their version
// first; invocations beyond them spill over to on-demand environments.
// A configuration on an alias provisions the version the alias points to,
// as on AWS, so invocations of that version by any qualifier use them.

// Provisioned-concurrency statuses (AWS's ProvisionedConcurrencyStatusEnum).
const (
	StatusInProgress = "IN_PROGRESS"
	StatusReady      = "READY"
	StatusFailed     = "FAILED"
)

// reasonInitFailure is the StatusReason AWS reports when an environment
// fails its Init phase.
const reasonInitFailure = "FUNCTION_ERROR_INIT_FAILURE"

type provKey struct{ name, version string }

// provision is the provisioned concurrency of one function version. The
// Manager's mutex guards it.
type provision struct {
	key      provKey
	fn       Function  // the configuration its environments run
	stamp    time.Time // the configuration's LastModified: a new one retries after FAILED
	want     int
	ready    int // initialised environments alive (idle or busy)
	starting int
	inUse    int // invocations holding a provisioned slot (see gate)
	failed   bool
	removed  bool
}

// serves reports whether the provisioned environments run fn's code and
// configuration.
func (pv *provision) serves(fn Function) bool {
	return pv.fn.CodeKey == fn.CodeKey && pv.fn.RevisionID == fn.RevisionID
}

// surplus reports whether there are more live environments than wanted
// (the configuration was lowered or removed).
func (pv *provision) surplus() bool { return pv.removed || pv.ready > pv.want }

// ProvisionedStatus is a provisioned-concurrency configuration as it is
// now, in AWS's terms.
type ProvisionedStatus struct {
	Requested, Allocated, Available int
	Status, StatusReason            string
}

// Provision keeps n initialised environments of fn's version. Calling it
// again with the same configuration changes nothing (it is how the desired
// state is re-asserted); a new stamp (the configuration was put again)
// retries a FAILED one; a new code or configuration of the version starts
// over.
func (m *Manager) Provision(fn Function, n int, stamp time.Time) {
	fn = withDefaults(fn)
	key := provKey{fn.Name, fn.Version}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return
	}
	pv := m.provs[key]
	if pv != nil && !pv.serves(fn) {
		m.unprovisionLocked(pv)
		pv = nil
	}
	if pv == nil {
		pv = &provision{key: key, fn: fn}
		m.provs[key] = pv
	}
	if !pv.stamp.Equal(stamp) {
		pv.stamp, pv.failed = stamp, false
	}
	pv.want = n
	m.provisionedTotalLocked(fn.Name)
	m.trimLocked(pv)
	m.fillLocked(pv)
}

// Unprovision removes the provisioned concurrency of a function version;
// its idle environments stop now, busy ones after their invocation.
func (m *Manager) Unprovision(name, version string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if pv := m.provs[provKey{name, withDefaults(Function{Version: version}).Version}]; pv != nil {
		m.unprovisionLocked(pv)
	}
}

// ProvisionedStatus reports a version's provisioned concurrency; false if
// none is configured.
func (m *Manager) ProvisionedStatus(name, version string) (ProvisionedStatus, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	pv := m.provs[provKey{name, version}]
	if pv == nil {
		return ProvisionedStatus{}, false
	}
	st := ProvisionedStatus{Requested: pv.want, Allocated: min(pv.ready, pv.want), Status: StatusInProgress}
	st.Available = st.Allocated
	switch {
	case pv.failed:
		st.Status, st.StatusReason = StatusFailed, reasonInitFailure
	case pv.ready >= pv.want:
		st.Status = StatusReady
	}
	return st, true
}

// SetReservedConcurrency sets a function's reserved concurrency (n ≥ 0)
// or removes it (n < 0).
func (m *Manager) SetReservedConcurrency(name string, n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gate.setReserved(name, n)
}

func (m *Manager) unprovisionLocked(pv *provision) {
	pv.removed = true
	if m.provs[pv.key] == pv {
		delete(m.provs, pv.key)
	}
	for _, p := range m.pools {
		if p.name == pv.key.name && p.version == pv.key.version {
			m.trimPoolLocked(p, pv)
		}
	}
	m.provisionedTotalLocked(pv.key.name)
}

// provisionedTotalLocked tells the gate how much provisioned concurrency
// the function has requested over all its versions.
func (m *Manager) provisionedTotalLocked(name string) {
	total := 0
	for k, pv := range m.provs {
		if k.name == name {
			total += pv.want
		}
	}
	m.gate.setProvisioned(name, total)
}

// trimLocked stops idle environments beyond what pv wants.
func (m *Manager) trimLocked(pv *provision) {
	if p, ok := m.pools[keyOf(pv.fn)]; ok {
		m.trimPoolLocked(p, pv)
	}
}

func (m *Manager) trimPoolLocked(p *pool, pv *provision) {
	keep := p.provIdle[:0]
	for _, e := range p.provIdle {
		if e.prov == pv && pv.surplus() {
			m.discardLocked(e)
			continue
		}
		keep = append(keep, e)
	}
	clear(p.provIdle[len(keep):])
	p.provIdle = keep
}

// fillLocked starts environments until pv has what it wants.
func (m *Manager) fillLocked(pv *provision) {
	if m.closed || pv.removed || pv.failed {
		return
	}
	for pv.ready+pv.starting < pv.want {
		p := m.poolLocked(keyOf(pv.fn))
		pv.starting++
		p.pinned++
		m.envs.Add(1)
		go m.startProvisioned(pv, p)
	}
}

// lostProvisionedLocked accounts for a provisioned environment that
// stopped serving, and replaces it while its configuration still wants it
// and its pool is current.
func (m *Manager) lostProvisionedLocked(e *env) {
	pv := e.prov
	pv.ready--
	e.pool.pinned--
	if !e.pool.retired && m.provs[pv.key] == pv {
		m.fillLocked(pv)
	}
}

// startProvisioned starts one environment of pv and runs its Init phase.
func (m *Manager) startProvisioned(pv *provision, p *pool) {
	e, err := m.startEnv(pv.fn, p, pv)
	if err != nil {
		m.log.Warn("starting a provisioned environment", "function", pv.fn.Name, "version", pv.fn.Version, "error", err)
		m.mu.Lock()
		pv.starting--
		p.pinned--
		pv.failed = !pv.removed
		m.mu.Unlock()
		m.envs.Done()
		return
	}
	o, err := e.awaitInit(m.ctx, "", initLimit)
	ok := err == nil && o.ok
	m.shipInit(e, o, err)
	m.mu.Lock()
	pv.starting--
	keep := ok && !m.closed && !p.retired && !pv.removed && pv.ready < pv.want
	if err == nil && !ok && !pv.removed {
		pv.failed = true
		m.log.Warn("provisioned environment failed its Init phase", "function", pv.fn.Name, "version", pv.fn.Version, "error_type", o.typ)
	}
	if !keep {
		p.pinned--
		m.mu.Unlock()
		m.stopEnv(e)
		return
	}
	pv.ready++
	e.lastUsed = time.Now()
	p.provIdle = append(p.provIdle, e)
	m.mu.Unlock()
}

// shipInit logs what a provisioned environment wrote during Init, and the
// INIT_REPORT line when Init failed.
func (m *Manager) shipInit(e *env, o initOutcome, err error) {
	if err != nil {
		return // shutting down; stopEnv ships what is left
	}
	if !o.ok {
		m.ship.send(logBatch{group: e.fn.LogGroup, stream: e.stream, events: initReport(e, o)})
		return
	}
	_ = e.out.Sync(context.Background())
	m.ship.send(logBatch{group: e.fn.LogGroup, stream: e.stream, events: appendLines(nil, e.out.Take(nil))})
}
