package lambdaapi

import (
	"errors"
	"net/http"
	"sort"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/esm"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// updateMapping merges the request into the mapping. The state says what
// the pollers still have to do: Enabling or Disabling when Enabled flips,
// Updating otherwise; the Manager settles it.
func (a *API) updateMapping(w http.ResponseWriter, r *http.Request) *APIError {
	var req esmRequest
	if apiErr := decodeBody(r, "UpdateEventSourceMapping", &req); apiErr != nil {
		return apiErr
	}
	// Not members of UpdateEventSourceMapping: ignored like any unknown member.
	req.EventSourceArn, req.StartingPosition, req.StartingPositionTimestamp, req.Tags = nil, nil, nil, nil
	if v := req.violations(); len(v) > 0 {
		return validationErrors(v...)
	}
	cur, apiErr := a.loadMapping(r.PathValue("UUID"))
	if apiErr != nil {
		return apiErr
	}
	if cur.State == esm.StateDeleting {
		return mappingNotFound()
	}
	m := cur
	if req.FunctionName != nil {
		if apiErr := a.applyFunction(r, &m, *req.FunctionName); apiErr != nil {
			return apiErr
		}
	}
	noteFunction(r, m.FunctionName)
	if apiErr := applyMappingRequest(&m, &req); apiErr != nil {
		return apiErr
	}
	if apiErr := a.checkFunction(m); apiErr != nil {
		return apiErr
	}
	switch {
	case m.Enabled && !cur.Enabled:
		m.State = esm.StateEnabling
	case !m.Enabled && cur.Enabled:
		m.State = esm.StateDisabling
	default:
		m.State = esm.StateUpdating
	}
	m.LastModified, m.Revision = time.Now(), newUUID()
	err := a.cfg.Store.Update(func(tx *store.Tx) error {
		now, err := tx.EventSourceMapping(m.UUID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && now.State == esm.StateDeleting) {
			return mappingNotFound()
		}
		if err != nil {
			return err
		}
		if err := a.checkDuplicate(tx, m); err != nil {
			return err
		}
		m.Tags = now.Tags
		return tx.PutEventSourceMapping(m)
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	a.cfg.EventSources.Changed(m.UUID)
	writeJSON(w, http.StatusAccepted, a.mappingReply(m))
	return nil
}

// deleteMapping marks the mapping Deleting; the Manager stops its pollers
// and then removes it.
func (a *API) deleteMapping(w http.ResponseWriter, r *http.Request) *APIError {
	var m store.EventSourceMapping
	err := a.cfg.Store.Update(func(tx *store.Tx) (err error) {
		if m, err = tx.EventSourceMapping(r.PathValue("UUID")); err != nil {
			return err
		}
		m.State, m.Revision = esm.StateDeleting, newUUID()
		return tx.PutEventSourceMapping(m)
	})
	if errors.Is(err, store.ErrNotFound) {
		return mappingNotFound()
	}
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	noteFunction(r, m.FunctionName)
	a.cfg.EventSources.Changed(m.UUID)
	writeJSON(w, http.StatusAccepted, a.mappingReply(m))
	return nil
}

// listMappings filters by EventSourceArn and/or FunctionName (a name
// matches the function's mappings through any qualifier; a qualified name
// or ARN only that qualifier's) and pages in UUID order.
func (a *API) listMappings(w http.ResponseWriter, r *http.Request) *APIError {
	p, apiErr := parsePage(r)
	if apiErr != nil {
		return apiErr
	}
	q := r.URL.Query()
	source := q.Get("EventSourceArn")
	var ref functionRef
	if fn := q.Get("FunctionName"); fn != "" {
		if ref, apiErr = parseFunctionRef(fn, opOther, a.cfg.Region, a.cfg.AccountID); apiErr != nil {
			return apiErr
		}
		noteFunction(r, ref.Name)
	}
	var all []store.EventSourceMapping
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		all, err = tx.EventSourceMappings()
		return err
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	sort.Slice(all, func(i, j int) bool { return all[i].UUID < all[j].UUID })
	out := listEventSourceMappingsResponse{EventSourceMappings: []esmReply{}}
	for _, m := range all {
		switch {
		case m.UUID <= p.marker,
			source != "" && m.EventSourceArn != source,
			ref.Name != "" && (m.FunctionName != ref.Name || (ref.Qualifier != "" && m.Qualifier != ref.Qualifier)):
			continue
		}
		if len(out.EventSourceMappings) == p.maxItems {
			out.NextMarker = encodeMarker(out.EventSourceMappings[p.maxItems-1].UUID)
			break
		}
		out.EventSourceMappings = append(out.EventSourceMappings, a.mappingReply(m))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
