package lambdaapi

import (
	"net/http"
	"strconv"

	"github.com/lambdaform/terraform-provider-lambda/engine/async"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

func (a *API) listEventInvokeConfigs(w http.ResponseWriter, r *http.Request) *APIError {
	if a.cfg.Async == nil {
		return serviceError("asynchronous invocation is not available")
	}
	ref, apiErr := parseFunctionRef(r.PathValue("FunctionName"), opOther, a.cfg.Region, a.cfg.AccountID)
	if apiErr != nil {
		return apiErr
	}
	noteFunction(r, ref.Name)
	p, apiErr := parsePage(r)
	if apiErr != nil {
		return apiErr
	}
	if p.maxItems > maxEventInvokeConfigListItems && r.URL.Query().Get("MaxItems") != "" {
		return validationErrors(violation(p.maxItems, "maxItems", "Member must have value less than or equal to "+strconv.Itoa(maxEventInvokeConfigListItems)))
	}
	p.maxItems = min(p.maxItems, maxEventInvokeConfigListItems)
	gen, ok, apiErr := a.generation(ref.Name)
	if apiErr != nil || !ok {
		return cmpOr(apiErr, notFound(msgFunctionDoesNotExist))
	}
	configs, err := a.cfg.Async.Configs(ref.Name, gen)
	if err != nil {
		return serviceError("%v", err)
	}
	configs, apiErr = a.liveConfigs(ref.Name, configs)
	if apiErr != nil {
		return apiErr
	}
	writeJSON(w, http.StatusOK, a.configPage(configs, p))
	return nil
}

// liveConfigs leaves out configs of versions or aliases deleted since.
func (a *API) liveConfigs(function string, configs []async.Config) ([]async.Config, *APIError) {
	var live []async.Config
	err := a.cfg.Store.View(func(tx *store.Tx) error {
		for _, c := range configs {
			var err error
			if kindOf(c.Qualifier) == kindAlias {
				_, err = tx.Alias(function, c.Qualifier)
			} else {
				_, err = tx.Version(function, c.Qualifier)
			}
			if err == nil {
				live = append(live, c)
			} else if !isNotFound(err) {
				return err
			}
		}
		return nil
	})
	return live, asAPIError(err)
}

// configPage renders the page after the marker, which holds the qualifier
// of the last config already returned.
func (a *API) configPage(configs []async.Config, p page) listEventInvokeConfigsResponse {
	start := 0
	if p.marker != "" {
		for i, c := range configs {
			start = i + 1
			if c.Qualifier == p.marker {
				break
			}
		}
	}
	end := min(start+p.maxItems, len(configs))
	resp := listEventInvokeConfigsResponse{FunctionEventInvokeConfigs: make([]eventInvokeConfigReply, 0, end-start)}
	for _, c := range configs[start:end] {
		resp.FunctionEventInvokeConfigs = append(resp.FunctionEventInvokeConfigs, a.eventInvokeConfigReply(c))
	}
	if end < len(configs) {
		resp.NextMarker = encodeMarker(configs[end-1].Qualifier)
	}
	return resp
}
