package lambdaapi

import (
	"net/http"
	"sort"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// aliasRef resolves the FunctionName and Name path parameters of the alias
// operations.
func (a *API) aliasRef(r *http.Request) (string, string, *APIError) {
	function, apiErr := a.latestRef(r)
	if apiErr != nil {
		return "", "", apiErr
	}
	name := r.PathValue("Name")
	if v := aliasNameViolations(&name); len(v) > 0 {
		return "", "", validationErrors(v...)
	}
	return function, name, nil
}

// existingFunction fails with AWS's unqualified "Function not found" when
// function does not exist.
func (a *API) existingFunction(tx *store.Tx, function string) error {
	_, err := tx.Function(function)
	if isNotFound(err) {
		return a.functionNotFound(function, "")
	}
	return err
}

func (a *API) createAlias(w http.ResponseWriter, r *http.Request) *APIError {
	function, apiErr := a.latestRef(r)
	if apiErr != nil {
		return apiErr
	}
	var req aliasRequest
	if apiErr := decodeBody(r, "CreateAlias", &req); apiErr != nil {
		return apiErr
	}
	if v := req.violations(true); len(v) > 0 {
		return validationErrors(v...)
	}
	al := store.Alias{FunctionName: function, Name: *req.Name, FunctionVersion: *req.FunctionVersion, RevisionID: newUUID()}
	setIf(&al.Description, req.Description)
	err := a.cfg.Store.Update(func(tx *store.Tx) error {
		// AWS names the target version in "Function not found" here, even
		// when the function itself is missing.
		target, err := tx.Version(function, al.FunctionVersion)
		if isNotFound(err) {
			return a.functionNotFound(function, al.FunctionVersion)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Alias(function, al.Name); err == nil {
			return conflict("Alias already exists: %s", a.aliasARN(function, al.Name))
		}
		if err := a.withRouting(tx, &al, target, req.RoutingConfig); err != nil {
			return err
		}
		return tx.PutAlias(al)
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	writeJSON(w, http.StatusCreated, a.aliasReply(al))
	return nil
}

// withRouting validates and applies a RoutingConfig to al (nil keeps the
// current one; empty weights clear it).
func (a *API) withRouting(tx *store.Tx, al *store.Alias, target store.Version, rc *routingConfig) error {
	weights := map[string]float64{}
	if rc == nil && al.AdditionalVersion != "" {
		weights[al.AdditionalVersion] = al.AdditionalWeight
	}
	if rc != nil {
		weights = rc.AdditionalVersionWeights
	}
	if err := a.checkRouting(tx, target, weights); err != nil {
		return err
	}
	applyRouting(al, weights)
	return nil
}

func (a *API) getAlias(w http.ResponseWriter, r *http.Request) *APIError {
	function, name, apiErr := a.aliasRef(r)
	if apiErr != nil {
		return apiErr
	}
	var al store.Alias
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		if err := a.existingFunction(tx, function); err != nil {
			return err
		}
		al, err = tx.Alias(function, name)
		if isNotFound(err) {
			return notFound("Cannot find alias arn: %s", a.aliasARN(function, name))
		}
		return err
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	writeJSON(w, http.StatusOK, a.aliasReply(al))
	return nil
}

func (a *API) updateAlias(w http.ResponseWriter, r *http.Request) *APIError {
	function, name, apiErr := a.aliasRef(r)
	if apiErr != nil {
		return apiErr
	}
	var req aliasRequest
	if apiErr := decodeBody(r, "UpdateAlias", &req); apiErr != nil {
		return apiErr
	}
	if v := req.violations(false); len(v) > 0 {
		return validationErrors(v...)
	}
	var al store.Alias
	err := a.cfg.Store.Update(func(tx *store.Tx) (err error) {
		if al, err = a.aliasToUpdate(tx, function, name, req.RevisionID); err != nil {
			return err
		}
		setIf(&al.FunctionVersion, req.FunctionVersion)
		setIf(&al.Description, req.Description)
		target, err := tx.Version(function, al.FunctionVersion)
		if isNotFound(err) {
			return a.functionNotFound(function, al.FunctionVersion)
		}
		if err != nil {
			return err
		}
		if err := a.withRouting(tx, &al, target, req.RoutingConfig); err != nil {
			return err
		}
		// Like AWS, every update issues a new RevisionId, changed or not.
		al.RevisionID = newUUID()
		return tx.PutAlias(al)
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	writeJSON(w, http.StatusOK, a.aliasReply(al))
	return nil
}

func (a *API) aliasToUpdate(tx *store.Tx, function, name, revisionID string) (store.Alias, error) {
	if err := a.existingFunction(tx, function); err != nil {
		return store.Alias{}, err
	}
	al, err := tx.Alias(function, name)
	if isNotFound(err) {
		return al, notFound("Alias not found: %s", a.aliasARN(function, name))
	}
	if err == nil && revisionID != "" && revisionID != al.RevisionID {
		return al, preconditionFailed()
	}
	return al, err
}

func (a *API) deleteAlias(w http.ResponseWriter, r *http.Request) *APIError {
	function, name, apiErr := a.aliasRef(r)
	if apiErr != nil {
		return apiErr
	}
	// Deleting an alias that does not exist succeeds, as on AWS
	// (LocalStack's test_non_existent_alias_deletion, recorded against AWS).
	err := a.cfg.Store.Update(func(tx *store.Tx) error {
		if err := a.existingFunction(tx, function); err != nil {
			return err
		}
		return tx.DeleteAlias(function, name)
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) listAliases(w http.ResponseWriter, r *http.Request) *APIError {
	function, apiErr := a.latestRef(r)
	if apiErr != nil {
		return apiErr
	}
	var filter *string
	if fv := r.URL.Query().Get("FunctionVersion"); fv != "" {
		filter = &fv
	}
	if v := aliasVersionViolations("functionVersion", filter, false); len(v) > 0 {
		return validationErrors(v...)
	}
	p, apiErr := parsePage(r)
	if apiErr != nil {
		return apiErr
	}
	var aliases []store.Alias
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		if err := a.existingFunction(tx, function); err != nil {
			return err
		}
		aliases, err = tx.Aliases(function)
		return err
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	writeJSON(w, http.StatusOK, a.aliasPage(aliases, filter, p))
	return nil
}

// aliasPage renders the page of aliases (in name order) after the marker,
// which holds the name of the last alias already returned.
func (a *API) aliasPage(aliases []store.Alias, filter *string, p page) listAliasesResponse {
	var kept []store.Alias
	for _, al := range aliases {
		if filter == nil || al.FunctionVersion == *filter {
			kept = append(kept, al)
		}
	}
	start := sort.Search(len(kept), func(i int) bool { return kept[i].Name > p.marker })
	end := min(start+p.maxItems, len(kept))
	resp := listAliasesResponse{Aliases: make([]aliasConfiguration, 0, end-start)}
	for _, al := range kept[start:end] {
		resp.Aliases = append(resp.Aliases, a.aliasReply(al))
	}
	if end < len(kept) {
		resp.NextMarker = encodeMarker(kept[end-1].Name)
	}
	return resp
}
