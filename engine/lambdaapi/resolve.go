package lambdaapi

import (
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// Every invocation (Invoke, a queued Event, an event source batch) reads
// the same few records; decoding them from the store was a tenth of a warm
// invocation's CPU. They are kept decoded per
// (function, qualifier) for as long as the store has seen no write, so a
// deployment, alias change or deletion is visible to the very next call.

// resolved is a function and what a qualifier of it can route to: one
// version, or an alias with its one or two versions.
type resolved struct {
	gen      uint64
	fn       store.Function
	alias    *store.Alias
	versions map[string]store.Version
}

type resolveKey struct{ function, qualifier string }

// maxResolved bounds the cache; past it the cache starts over, which costs
// one store read per entry.
const maxResolved = 4096

// resolve returns fn and the version qualifier (a version or an alias,
// never empty) routes this call to, choosing by the alias's weights when
// how is weighted. Errors are the store's (store.ErrNotFound included).
func (a *API) resolve(function, qualifier string, how routing) (store.Function, store.Version, error) {
	key := resolveKey{function, qualifier}
	gen := a.cfg.Store.Generation()
	var r *resolved
	if c, ok := a.resolvedCache.Load(key); ok && c.(*resolved).gen == gen { //nolint:forcetypeassert // only *resolved is stored
		r = c.(*resolved) //nolint:forcetypeassert // as above
	} else {
		var err error
		if r, err = a.readResolved(function, qualifier, gen); err != nil {
			return store.Function{}, store.Version{}, err
		}
		if a.resolvedCount.Add(1) > maxResolved {
			a.resolvedCache.Clear()
			a.resolvedCount.Store(1)
		}
		a.resolvedCache.Store(key, r)
	}
	version := qualifier
	if r.alias != nil {
		version = pickVersion(*r.alias, how)
	}
	v, ok := r.versions[version]
	if !ok {
		return r.fn, store.Version{}, store.ErrNotFound
	}
	return r.fn, v, nil
}

// readResolved reads function, qualifier and the versions it routes to in
// one transaction.
func (a *API) readResolved(function, qualifier string, gen uint64) (*resolved, error) {
	r := &resolved{gen: gen, versions: map[string]store.Version{}}
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		if r.fn, err = tx.Function(function); err != nil {
			return err
		}
		targets := []string{qualifier}
		switch kindOf(qualifier) {
		case kindNothing:
			return store.ErrNotFound
		case kindAlias:
			al, err := tx.Alias(function, qualifier)
			if err != nil {
				return err
			}
			r.alias = &al
			targets = []string{al.FunctionVersion}
			if al.AdditionalVersion != "" {
				targets = append(targets, al.AdditionalVersion)
			}
		}
		for _, t := range targets {
			v, err := tx.Version(function, t)
			if err != nil {
				return err
			}
			r.versions[t] = v
		}
		return nil
	})
	return r, err
}
