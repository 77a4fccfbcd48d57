package lambdaapi

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// AWS's lifecycle values (Lambda developer guide, "Lambda function states").
const (
	statePending        = "Pending"
	stateActive         = "Active"
	updateInProgress    = "InProgress"
	updateSuccessful    = "Successful"
	reasonCreating      = "The function is being created."
	reasonCodeCreating  = "Creating"
	lifecycleRetryDelay = 100 * time.Millisecond
)

type versionID struct{ function, version string }

// lifecycle finishes state transitions in the background, as AWS does:
// CreateFunction/PublishVersion answer with State Pending and the updates
// with LastUpdateStatus InProgress; moments later the record is committed
// as Active/Successful with a new RevisionId. The record itself says what is
// unfinished, so pending work survives a restart (see resume).
type lifecycle struct {
	store *store.Store
	log   *slog.Logger

	mu      sync.Mutex
	pending map[versionID]bool
	wake    chan struct{}
}

func newLifecycle(s *store.Store, log *slog.Logger) *lifecycle {
	return &lifecycle{store: s, log: log, pending: map[versionID]bool{}, wake: make(chan struct{}, 1)}
}

// needsTransition reports whether v is in a transient state.
func needsTransition(v store.Version) bool {
	return v.State == statePending || v.LastUpdateStatus == updateInProgress
}

// settle moves v to its settled state and gives it a new revision.
func settle(v *store.Version) {
	if v.State == statePending {
		v.State, v.StateReason, v.StateReasonCode = stateActive, "", ""
	}
	v.LastUpdateStatus = updateSuccessful
	v.LastUpdateStatusReason, v.LastUpdateStatusReasonCode = "", ""
	v.RevisionID = newUUID()
}

// resume schedules every transition a previous run left unfinished.
func (l *lifecycle) resume() error {
	return l.store.View(func(tx *store.Tx) error {
		return tx.ForEachVersion(func(v store.Version) error {
			if needsTransition(v) {
				l.schedule(v.FunctionName, v.Version)
			}
			return nil
		})
	})
}

// schedule asks for a version's transition; call it after the commit that
// put the version in a transient state.
func (l *lifecycle) schedule(function, version string) {
	l.mu.Lock()
	l.pending[versionID{function, version}] = true
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *lifecycle) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		}
		for _, id := range l.take() {
			if err := l.transition(id); err != nil {
				l.log.Error("state transition failed; retrying", "function", id.function, "version", id.version, "error", err)
				l.retryLater(ctx, id)
			}
		}
	}
}

func (l *lifecycle) take() []versionID {
	l.mu.Lock()
	defer l.mu.Unlock()
	ids := make([]versionID, 0, len(l.pending))
	for id := range l.pending {
		ids = append(ids, id)
	}
	clear(l.pending)
	return ids
}

func (l *lifecycle) retryLater(ctx context.Context, id versionID) {
	go func() {
		select {
		case <-ctx.Done():
		case <-time.After(lifecycleRetryDelay):
			l.schedule(id.function, id.version)
		}
	}()
}

// transition commits the settled state of one version, if it still exists
// and is still transient.
func (l *lifecycle) transition(id versionID) error {
	return l.store.Update(func(tx *store.Tx) error {
		v, err := tx.Version(id.function, id.version)
		if errors.Is(err, store.ErrNotFound) {
			return nil // deleted meanwhile
		}
		if err != nil {
			return err
		}
		if !needsTransition(v) {
			return nil
		}
		settle(&v)
		return tx.PutVersion(v)
	})
}
