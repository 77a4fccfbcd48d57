package lambdaapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// publish snapshots latest as the function's next version and returns it.
// As on AWS, the new version is Active at once, publishing gives $LATEST a
// new RevisionId, and publishing an unchanged $LATEST returns the most
// recent version instead of creating another. The caller stores fn.
func publish(tx *store.Tx, fn *store.Function, latest store.Version, description string) (store.Version, error) {
	if fn.LastVersion > 0 {
		prev, err := tx.Version(fn.Name, strconv.Itoa(fn.LastVersion))
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return store.Version{}, err
		}
		if err == nil && sameContent(prev, latest) {
			return prev, nil
		}
	}
	fn.LastVersion++
	v := latest
	v.Version = strconv.Itoa(fn.LastVersion)
	if description != "" {
		v.Description = description
	}
	v.State, v.StateReason, v.StateReasonCode = stateActive, "", ""
	v.LastUpdateStatus, v.LastUpdateStatusReason, v.LastUpdateStatusReasonCode = updateSuccessful, "", ""
	v.LastModified, v.RevisionID = time.Now(), newUUID()
	if err := tx.PutVersion(v); err != nil {
		return store.Version{}, err
	}
	latest.RevisionID = newUUID()
	return v, tx.PutVersion(latest)
}

// publishAndSave publishes latest and stores the function record.
func publishAndSave(tx *store.Tx, latest store.Version, description string) (store.Version, error) {
	fn, err := tx.Function(latest.FunctionName)
	if err != nil {
		return store.Version{}, err
	}
	v, err := publish(tx, &fn, latest, description)
	if err != nil {
		return store.Version{}, err
	}
	return v, tx.PutFunction(fn)
}

// sameContent reports whether two versions have the same code and
// configuration (ignoring identity, description and lifecycle).
func sameContent(a, b store.Version) bool {
	norm := func(v store.Version) string {
		v.Version, v.Description, v.RevisionID, v.LastModified = "", "", "", time.Time{}
		v.State, v.StateReason, v.StateReasonCode = "", "", ""
		v.LastUpdateStatus, v.LastUpdateStatusReason, v.LastUpdateStatusReasonCode = "", "", ""
		// Sealed environments compare by ciphertext: a version copies the
		// seal of the $LATEST it was taken from, and updates that re-send
		// equal variables keep the old seal (see sameEnvironment).
		raw, _ := json.Marshal(v)
		return string(raw)
	}
	return norm(a) == norm(b)
}

func (a *API) publishVersion(w http.ResponseWriter, r *http.Request) *APIError {
	name, apiErr := a.latestRef(r)
	if apiErr != nil {
		return apiErr
	}
	var req publishVersionRequest
	if apiErr := decodeBody(r, "PublishVersion", &req); apiErr != nil {
		return apiErr
	}
	if len(req.Description) > 256 {
		return validationErrors(violation(req.Description, "description", "Member must have length less than or equal to 256"))
	}
	var published store.Version
	err := a.cfg.Store.Update(func(tx *store.Tx) error {
		latest, err := tx.Version(name, store.LatestVersion)
		if err != nil {
			return err
		}
		if apiErr := a.checkPublishable(latest, &req); apiErr != nil {
			return apiErr
		}
		published, err = publishAndSave(tx, latest, req.Description)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return a.functionNotFound(name, "")
	}
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	return a.replyConfiguration(w, http.StatusCreated, published, a.qualifiedARN(name, published.Version), nil)
}

func (a *API) checkPublishable(latest store.Version, req *publishVersionRequest) *APIError {
	if req.RevisionID != "" && req.RevisionID != latest.RevisionID {
		return preconditionFailed()
	}
	if req.CodeSha256 != "" && req.CodeSha256 != latest.Code.Sha256 {
		return invalidParam("CodeSHA256 (%s) is different from current CodeSHA256 in $LATEST (%s). Please try again with the CodeSHA256 in $LATEST.", req.CodeSha256, latest.Code.Sha256)
	}
	return a.checkUpdatable(latest)
}

func (a *API) listVersions(w http.ResponseWriter, r *http.Request) *APIError {
	name, apiErr := a.latestRef(r)
	if apiErr != nil {
		return apiErr
	}
	page, apiErr := parsePage(r)
	if apiErr != nil {
		return apiErr
	}
	var versions []store.Version
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		if _, err = tx.Function(name); err != nil {
			return err
		}
		versions, err = tx.Versions(name)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return a.functionNotFound(name, "")
	}
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	items, next, apiErr := a.pageOf(versions, page, true)
	if apiErr != nil {
		return apiErr
	}
	writeJSON(w, http.StatusOK, listVersionsResponse{Versions: items, NextMarker: next})
	return nil
}
