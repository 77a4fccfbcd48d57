package lambdaapi

import (
	"context"
	"strings"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/async"
	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// enqueueEvent durably queues an Event invocation of the function invoked
// as arn; the caller answers 202 only after it returns nil. The version is
// resolved again at each attempt (see asyncResolver), so an alias routes
// every attempt by its weights and $LATEST runs its newest code.
func (a *API) enqueueEvent(ctx context.Context, fn store.Function, arn string, req invoke.Request) *APIError {
	if a.cfg.Async == nil {
		return serviceError("asynchronous invocation is not available")
	}
	ev := async.Event{
		RequestID: req.RequestID, Function: fn.Name, InvokedARN: arn,
		Qualifier:  strings.TrimPrefix(strings.TrimPrefix(arn, a.functionARN(fn.Name)), ":"),
		Generation: fn.CreatedAt, Payload: req.Payload, ClientContext: req.ClientContext,
	}
	if ev.RequestID == "" {
		ev.RequestID = newUUID()
	}
	if err := a.cfg.Async.Enqueue(ctx, ev); err != nil {
		return serviceError("queue event for %s: %v", arn, err)
	}
	return nil
}

// AsyncResolver is what the asynchronous queue resolves events with.
func (a *API) AsyncResolver() async.Resolver { return asyncResolver{a} }

type asyncResolver struct{ a *API }

// Target resolves the event's function as it is now. An event of a deleted
// (or deleted and re-created) function, or of a deleted version or alias,
// is gone.
func (r asyncResolver) Target(ev *async.Event) (async.Target, error) {
	version := ev.Qualifier
	if version == "" {
		version = store.LatestVersion
	}
	f, v, err := r.a.resolve(ev.Function, version, weighted)
	if isNotFound(err) || (err == nil && !f.CreatedAt.Equal(ev.Generation)) {
		return async.Target{}, async.ErrGone
	}
	if err != nil {
		return async.Target{}, err
	}
	fn, apiErr := r.a.invokeFunction(v, ev.InvokedARN)
	if apiErr != nil {
		return async.Target{}, apiErr
	}
	return async.Target{Function: fn, DeadLetterARN: v.DeadLetterTarget}, nil
}

// Destination makes the event that delivers a record to a function
// destination: an asynchronous invocation of that function.
func (r asyncResolver) Destination(arn string, payload []byte) (async.Event, error) {
	ref, apiErr := parseFunctionRef(arn, opOther, r.a.cfg.Region, r.a.cfg.AccountID)
	if apiErr != nil {
		return async.Event{}, apiErr
	}
	var created time.Time
	err := r.a.cfg.Store.View(func(tx *store.Tx) error {
		f, err := tx.Function(ref.Name)
		if err == nil && ref.Qualifier != "" {
			_, err = qualifiedVersion(tx, ref.Name, ref.Qualifier)
		}
		if isNotFound(err) {
			return async.ErrGone
		}
		created = f.CreatedAt
		return err
	})
	if err != nil {
		return async.Event{}, err
	}
	return async.Event{
		RequestID: newUUID(), Function: ref.Name, Qualifier: ref.Qualifier,
		InvokedARN: r.a.qualifiedARN(ref.Name, ref.Qualifier), Generation: created, Payload: payload,
	}, nil
}
