package invoke

import (
	"time"
)

func keyOf(fn Function) poolKey {
	return poolKey{name: fn.Name, version: fn.Version, codeKey: fn.CodeKey, revision: fn.RevisionID}
}

// acquire returns a warm idle environment of fn's configuration, or a
// freshly started one (cold) when all are busy. wantProv asks for an idle
// provisioned environment first; on-demand invocations never take one.
func (m *Manager) acquire(fn Function, wantProv bool) (e *env, cold bool, err error) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil, false, ErrClosed
	}
	p := m.poolLocked(keyOf(fn))
	if wantProv {
		if e = m.takeLocked(p, &p.provIdle); e != nil {
			m.mu.Unlock()
			return e, false, nil
		}
	}
	if e = m.takeLocked(p, &p.idle); e != nil {
		m.mu.Unlock()
		return e, false, nil
	}
	p.busy++
	m.envs.Add(1)
	m.mu.Unlock()
	return m.startCold(fn, p)
}

// takeLocked pops the most recently used live environment of list and
// marks it busy; dead ones met on the way are stopped.
func (m *Manager) takeLocked(p *pool, list *[]*env) *env {
	for n := len(*list); n > 0; n = len(*list) {
		e := (*list)[n-1]
		(*list)[n-1] = nil
		*list = (*list)[:n-1]
		if e.exited() {
			m.discardLocked(e)
			continue
		}
		p.busy++
		m.busy[e] = struct{}{}
		return e
	}
	return nil
}

// discardLocked stops an environment that left its pool for good.
func (m *Manager) discardLocked(e *env) {
	if e.prov != nil {
		m.lostProvisionedLocked(e)
	}
	go m.stopEnv(e)
}

func (m *Manager) startCold(fn Function, p *pool) (*env, bool, error) {
	e, err := m.startEnv(fn, p, nil)
	m.mu.Lock()
	if err != nil {
		p.busy--
		m.mu.Unlock()
		m.envs.Done()
		return nil, false, err
	}
	if m.closed {
		p.busy--
		m.mu.Unlock()
		m.stopEnv(e)
		return nil, false, ErrClosed
	}
	m.busy[e] = struct{}{}
	m.mu.Unlock()
	return e, true, nil
}

// poolLocked finds or creates the pool for key. A new configuration of a
// function version retires the older ones: their environments must never
// serve stale code or config.
func (m *Manager) poolLocked(key poolKey) *pool {
	if p, ok := m.pools[key]; ok {
		return p
	}
	for k, p := range m.pools {
		if k.name == key.name && k.version == key.version {
			m.retireLocked(k, p)
		}
	}
	p := &pool{name: key.name, version: key.version}
	m.pools[key] = p
	return p
}

// release returns e to its pool, or stops it when it cannot serve again.
func (m *Manager) release(e *env) {
	m.mu.Lock()
	delete(m.busy, e)
	e.pool.busy--
	if e.broken || e.exited() || e.pool.retired || m.closed || (e.prov != nil && e.prov.surplus()) {
		m.discardLocked(e)
		m.mu.Unlock()
		return
	}
	e.lastUsed = time.Now()
	if e.prov != nil {
		e.pool.provIdle = append(e.pool.provIdle, e)
	} else {
		e.pool.idle = append(e.pool.idle, e)
	}
	m.mu.Unlock()
}

// Retire stops the idle environments of every version of the function and
// marks busy ones to stop after their invocation (function updated or
// deleted).
//
// Its reserved and provisioned concurrency go too: they belong to the
// deleted function, not to a new one of the same name.
func (m *Manager) Retire(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, pv := range m.provs {
		if k.name == name {
			m.unprovisionLocked(pv)
		}
	}
	for k, p := range m.pools {
		if k.name == name {
			m.retireLocked(k, p)
		}
	}
	m.gate.setReserved(name, -1)
	m.gate.setProvisioned(name, 0)
}

func (m *Manager) retireLocked(k poolKey, p *pool) {
	p.retired = true
	delete(m.pools, k)
	for _, e := range p.idle {
		go m.stopEnv(e)
	}
	p.idle = nil
	for _, e := range p.provIdle {
		m.discardLocked(e)
	}
	p.provIdle = nil
}

// stopEnv ends an environment and ships what it wrote while idle.
func (m *Manager) stopEnv(e *env) {
	defer m.envs.Done()
	lines, err := e.stop()
	if err != nil {
		m.log.Warn("stopping environment", "function", e.fn.Name, "env", e.id, "error", err)
	}
	m.ship.send(logBatch{group: e.fn.LogGroup, stream: e.stream, events: appendLines(nil, lines)})
}

// reap stops environments idle for longer than KeepAlive.
func (m *Manager) reap() {
	defer close(m.reaped)
	every := min(max(m.cfg.KeepAlive/4, 10*time.Millisecond), 30*time.Second)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			return
		case now := <-t.C:
			m.reapIdle(now)
		}
	}
}

func (m *Manager) reapIdle(now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, p := range m.pools {
		keep := p.idle[:0]
		for _, e := range p.idle {
			if now.Sub(e.lastUsed) >= m.cfg.KeepAlive || e.exited() {
				go m.stopEnv(e)
				continue
			}
			keep = append(keep, e)
		}
		clear(p.idle[len(keep):])
		p.idle = keep
		// Provisioned environments are never reaped: they stay warm
		// until their configuration is removed.
		if len(p.idle) == 0 && p.busy == 0 && p.pinned == 0 {
			delete(m.pools, k)
		}
	}
}

// Close kills every environment, waits until all are gone, flushes logs
// and removes the cgroups. No runtime process survives it.
func (m *Manager) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	for k, p := range m.pools {
		m.retireLocked(k, p)
	}
	for e := range m.busy {
		if e.proc != nil {
			e.proc.KillNow() // its invocation ends as a crash; release stops it
		}
	}
	m.mu.Unlock()
	m.cancel() // provisioned environments still initialising give up
	close(m.stop)
	<-m.reaped
	m.envs.Wait()
	m.ship.close()
	return m.mem.Close()
}
