package esm

import (
	"context"
	"errors"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// reconcile brings a mapping's pollers in line with its stored record and
// then settles its state: Deleting removes it, otherwise it ends Enabled
// or Disabled.
func (m *Manager) reconcile(uuid string) error {
	var mp store.EventSourceMapping
	err := m.opts.Store.View(func(tx *store.Tx) (err error) {
		mp, err = tx.EventSourceMapping(uuid)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		m.stop(uuid)
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case mp.State == StateDeleting:
		m.stop(uuid)
		return m.settle(mp, "")
	case mp.Enabled:
		if err := m.ensure(mp); err != nil {
			return err
		}
		return m.settle(mp, StateEnabled)
	default:
		m.stop(uuid)
		return m.settle(mp, StateDisabled)
	}
}

// settle moves the mapping to state ("" deletes it), unless the record was
// written again meanwhile: that write has its own notification.
func (m *Manager) settle(mp store.EventSourceMapping, state string) error {
	return m.opts.Store.Update(func(tx *store.Tx) error {
		cur, err := tx.EventSourceMapping(mp.UUID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil || cur.Revision != mp.Revision {
			return err
		}
		if state == "" {
			return tx.DeleteEventSourceMapping(mp.UUID)
		}
		if cur.State == state {
			return nil
		}
		cur.State = state
		return tx.PutEventSourceMapping(cur)
	})
}

// ensure runs the pollers of the mapping's current revision, replacing
// those of an earlier one.
func (m *Manager) ensure(mp store.EventSourceMapping) error {
	m.mu.Lock()
	r := m.pollers[mp.UUID]
	m.mu.Unlock()
	if r != nil && r.revision == mp.Revision {
		return nil
	}
	m.stop(mp.UUID)
	run, err := m.newPoller(mp)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(m.ctx)
	r = &running{revision: mp.Revision, stop: cancel, done: make(chan struct{})}
	m.mu.Lock()
	m.pollers[mp.UUID] = r
	m.mu.Unlock()
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		defer close(r.done)
		run(ctx)
	}()
	return nil
}

// stop ends a mapping's pollers and waits until they stopped receiving, so
// that nothing is read from the source once the mapping reports Disabled
// (batches already received still finish).
func (m *Manager) stop(uuid string) {
	m.mu.Lock()
	r := m.pollers[uuid]
	delete(m.pollers, uuid)
	m.mu.Unlock()
	if r == nil {
		return
	}
	r.stop()
	<-r.done
}

// newPoller returns the receive loop of a mapping.
func (m *Manager) newPoller(mp store.EventSourceMapping) (func(context.Context), error) {
	filters, err := CompileFilters(mp.FilterPatterns)
	if err != nil {
		return nil, err
	}
	switch mp.Kind {
	case KindSQS:
		return newSQSPoller(m, mp, filters).run, nil
	case KindKinesis:
		return m.newStreamPoller(mp, filters)
	}
	return nil, errors.New("esm: unknown source kind " + mp.Kind)
}
