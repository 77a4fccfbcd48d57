package lambdaapi

import (
	"errors"
	"maps"
	"net/http"
	"regexp"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// mappingARNRe matches an event source mapping ARN (AWS's taggable ARN
// pattern allows them); group 1 is the region, 2 the account, 3 the UUID.
var mappingARNRe = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):event-source-mapping:([0-9a-fA-F-]{36})$`)

// mappingTags serves the tag operations for event source mapping ARNs and
// hands every other resource to next (the function tags).
func (a *API) mappingTags(next func(http.ResponseWriter, *http.Request) *APIError) func(http.ResponseWriter, *http.Request) *APIError {
	return func(w http.ResponseWriter, r *http.Request) *APIError {
		arn := r.PathValue("Resource")
		m := mappingARNRe.FindStringSubmatch(arn)
		if m == nil {
			return next(w, r)
		}
		if m[1] != a.cfg.Region || m[2] != a.cfg.AccountID {
			return notFound("Event source mapping not found: %s", arn)
		}
		switch r.Method {
		case http.MethodPost:
			return a.tagMapping(w, r, m[3], arn)
		case http.MethodDelete:
			return a.untagMapping(w, r, m[3], arn)
		}
		return a.listMappingTags(w, m[3], arn)
	}
}

// editMappingTags applies edit to a mapping's tags; tags change no state.
func (a *API) editMappingTags(uuid, arn string, edit func(map[string]string) *APIError) *APIError {
	err := a.cfg.Store.Update(func(tx *store.Tx) error {
		m, err := tx.EventSourceMapping(uuid)
		if err != nil {
			return err
		}
		if m.Tags == nil {
			m.Tags = map[string]string{}
		}
		if apiErr := edit(m.Tags); apiErr != nil {
			return apiErr
		}
		return tx.PutEventSourceMapping(m)
	})
	if errors.Is(err, store.ErrNotFound) {
		return notFound("Event source mapping not found: %s", arn)
	}
	return asAPIError(err)
}

func (a *API) tagMapping(w http.ResponseWriter, r *http.Request, uuid, arn string) *APIError {
	var req tagResourceRequest
	if apiErr := decodeBody(r, "TagResource", &req); apiErr != nil {
		return apiErr
	}
	if len(req.Tags) == 0 {
		return invalidParam("An error occurred and the request cannot be processed.")
	}
	apiErr := a.editMappingTags(uuid, arn, func(tags map[string]string) *APIError {
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

func (a *API) untagMapping(w http.ResponseWriter, r *http.Request, uuid, arn string) *APIError {
	keys := r.URL.Query()["tagKeys"]
	if len(keys) == 0 {
		return validationErrors("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null")
	}
	apiErr := a.editMappingTags(uuid, arn, func(tags map[string]string) *APIError {
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

func (a *API) listMappingTags(w http.ResponseWriter, uuid, arn string) *APIError {
	var m store.EventSourceMapping
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		m, err = tx.EventSourceMapping(uuid)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return notFound("Event source mapping not found: %s", arn)
	}
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	tags := m.Tags
	if tags == nil {
		tags = map[string]string{}
	}
	writeJSON(w, http.StatusOK, listTagsResponse{Tags: tags})
	return nil
}
