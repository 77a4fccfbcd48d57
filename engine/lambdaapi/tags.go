package lambdaapi

import (
	"errors"
	"maps"
	"net/http"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// taggedFunction resolves the {Resource} of the tag operations to a function
// name. Only unqualified function ARNs can carry tags here.
func (a *API) taggedFunction(r *http.Request) (string, *APIError) {
	arn := r.PathValue("Resource")
	m := taggableRe.FindStringSubmatch(arn)
	if m == nil {
		return "", validationErrors(violation(arn, "resource", "Member must satisfy regular expression pattern: "+patternTaggable))
	}
	name, qualifier := m[4], m[5]
	if name == "" {
		return "", invalidParam("The local Lambdaform engine supports tags on functions only.")
	}
	noteFunction(r, name)
	if qualifier != "" {
		return "", invalidParam("Tags on function aliases and versions are not supported. Please specify a function ARN.")
	}
	if m[2] != a.cfg.Region || m[3] != a.cfg.AccountID {
		return "", notFound("Function not found: %s", arn)
	}
	return name, nil
}

// changeTags applies edit to a function's tags. Like AWS, a tag change gives
// $LATEST a new RevisionId.
func (a *API) changeTags(name string, edit func(map[string]string) *APIError) *APIError {
	err := a.cfg.Store.Update(func(tx *store.Tx) error {
		fn, err := tx.Function(name)
		if err != nil {
			return err
		}
		if fn.Tags == nil {
			fn.Tags = map[string]string{}
		}
		if apiErr := edit(fn.Tags); apiErr != nil {
			return apiErr
		}
		latest, err := tx.Version(name, store.LatestVersion)
		if err != nil {
			return err
		}
		latest.RevisionID = newUUID()
		if err := tx.PutVersion(latest); err != nil {
			return err
		}
		return tx.PutFunction(fn)
	})
	if errors.Is(err, store.ErrNotFound) {
		return a.functionNotFound(name, "")
	}
	return asAPIError(err)
}

func (a *API) tagResource(w http.ResponseWriter, r *http.Request) *APIError {
	name, apiErr := a.taggedFunction(r)
	if apiErr != nil {
		return apiErr
	}
	var req tagResourceRequest
	if apiErr := decodeBody(r, "TagResource", &req); apiErr != nil {
		return apiErr
	}
	if len(req.Tags) == 0 {
		return invalidParam("An error occurred and the request cannot be processed.")
	}
	apiErr = a.changeTags(name, func(tags map[string]string) *APIError {
		merged := maps.Clone(tags)
		maps.Copy(merged, req.Tags)
		if len(merged) > maxTags {
			return invalidParam("Number of tags exceeds resource tag limit.")
		}
		maps.Copy(tags, req.Tags)
		return nil
	})
	if apiErr != nil {
		return apiErr
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) untagResource(w http.ResponseWriter, r *http.Request) *APIError {
	name, apiErr := a.taggedFunction(r)
	if apiErr != nil {
		return apiErr
	}
	keys := r.URL.Query()["tagKeys"]
	if len(keys) == 0 {
		return validationErrors("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null")
	}
	apiErr = a.changeTags(name, func(tags map[string]string) *APIError {
		for _, k := range keys {
			delete(tags, k)
		}
		return nil
	})
	if apiErr != nil {
		return apiErr
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) listTags(w http.ResponseWriter, r *http.Request) *APIError {
	name, apiErr := a.taggedFunction(r)
	if apiErr != nil {
		return apiErr
	}
	var fn store.Function
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		fn, err = tx.Function(name)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return a.functionNotFound(name, "")
	}
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	tags := fn.Tags
	if tags == nil {
		tags = map[string]string{}
	}
	writeJSON(w, http.StatusOK, listTagsResponse{Tags: tags})
	return nil
}

func (a *API) getAccountSettings(w http.ResponseWriter, _ *http.Request) *APIError {
	var count int
	var total int64
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		count, total, err = tx.CodeStats()
		return err
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	limit, unreserved, apiErr := a.accountConcurrency()
	if apiErr != nil {
		return apiErr
	}
	writeJSON(w, http.StatusOK, accountSettingsResponse{
		AccountLimit: accountLimit{
			TotalCodeSize:                  80530636800, // 75 GB
			CodeSizeUnzipped:               a.cfg.Limits.MaxUnzipped,
			CodeSizeZipped:                 a.cfg.Limits.MaxZipped,
			ConcurrentExecutions:           limit,
			UnreservedConcurrentExecutions: unreserved,
		},
		AccountUsage: accountUsage{TotalCodeSize: total, FunctionCount: int64(count)},
	})
	return nil
}
