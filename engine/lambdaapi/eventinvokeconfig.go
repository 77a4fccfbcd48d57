package lambdaapi

import (
	"errors"
	"net/http"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/async"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// EventInvokeConfig operations (API version 2019-09-25). Configs live in
// the asynchronous queue's file (engine/async) beside the events they
// govern; error texts are AWS's, as recorded in LocalStack's
// test_lambda_eventinvokeconfig_* snapshots.
func (a *API) eventInvokeConfigRoutes() {
	const p = "/2019-09-25/functions/{FunctionName}/event-invoke-config"
	a.handle("PUT "+p, "PutFunctionEventInvokeConfig", a.putEventInvokeConfig)
	a.handle("POST "+p, "UpdateFunctionEventInvokeConfig", a.updateEventInvokeConfig)
	a.handle("GET "+p, "GetFunctionEventInvokeConfig", a.getEventInvokeConfig)
	a.handle("DELETE "+p, "DeleteFunctionEventInvokeConfig", a.deleteEventInvokeConfig)
	a.handle("GET "+p+"/list", "ListFunctionEventInvokeConfigs", a.listEventInvokeConfigs)
}

// configTarget is the function and qualifier a request names, with the
// qualifier defaulted to $LATEST as AWS does.
type configTarget struct {
	function, qualifier string
}

func (a *API) configTarget(r *http.Request) (configTarget, *APIError) {
	if a.cfg.Async == nil {
		return configTarget{}, serviceError("asynchronous invocation is not available")
	}
	ref, apiErr := parseFunctionRef(r.PathValue("FunctionName"), opOther, a.cfg.Region, a.cfg.AccountID)
	if apiErr != nil {
		return configTarget{}, apiErr
	}
	noteFunction(r, ref.Name)
	q, apiErr := resolveQualifier(ref, r.URL.Query().Get("Qualifier"))
	if q == "" {
		q = store.LatestVersion
	}
	return configTarget{ref.Name, q}, apiErr
}

func (a *API) noConfig(t configTarget) *APIError {
	return notFound(msgNoEventInvokeConfigTemplate, a.qualifiedARN(t.function, t.qualifier))
}

// existing returns the generation of t's function, failing with AWS's
// "The function doesn't exist." unless both it and the qualifier exist.
func (a *API) existing(t configTarget) (time.Time, *APIError) {
	var gen time.Time
	err := a.cfg.Store.View(func(tx *store.Tx) error {
		f, err := tx.Function(t.function)
		if err != nil {
			return err
		}
		gen = f.CreatedAt
		if kindOf(t.qualifier) == kindAlias {
			_, err = tx.Alias(t.function, t.qualifier)
		} else {
			_, err = tx.Version(t.function, t.qualifier)
		}
		return err
	})
	if isNotFound(err) {
		return gen, notFound(msgFunctionDoesNotExist)
	}
	return gen, asAPIError(err)
}

// generation is the generation of an existing function, or ok=false.
func (a *API) generation(function string) (time.Time, bool, *APIError) {
	var f store.Function
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		f, err = tx.Function(function)
		return err
	})
	if isNotFound(err) {
		return time.Time{}, false, nil
	}
	return f.CreatedAt, err == nil, asAPIError(err)
}

// parseConfigRequest decodes and validates a Put or Update body.
func parseConfigRequest(r *http.Request, op string) (*eventInvokeConfigRequest, *APIError) {
	var req eventInvokeConfigRequest
	if apiErr := decodeBody(r, op, &req); apiErr != nil {
		return nil, apiErr
	}
	if v := req.violations(); len(v) > 0 {
		return nil, validationErrors(v...)
	}
	if req.empty() {
		return nil, invalidParam(msgSpecifyOne)
	}
	return &req, nil
}

func (a *API) putEventInvokeConfig(w http.ResponseWriter, r *http.Request) *APIError {
	t, apiErr := a.configTarget(r)
	if apiErr != nil {
		return apiErr
	}
	req, apiErr := parseConfigRequest(r, "PutFunctionEventInvokeConfig")
	if apiErr != nil {
		return apiErr
	}
	gen, apiErr := a.existing(t)
	if apiErr != nil {
		return apiErr
	}
	if apiErr := a.checkDestinations(t.function, req.DestinationConfig); apiErr != nil {
		return apiErr
	}
	c := async.Config{Function: t.function, Qualifier: t.qualifier, Generation: gen, LastModified: time.Now()}
	req.apply(&c, true)
	if err := a.cfg.Async.PutConfig(c); err != nil {
		return serviceError("%v", err)
	}
	writeJSON(w, http.StatusOK, a.eventInvokeConfigReply(c))
	return nil
}

func (a *API) updateEventInvokeConfig(w http.ResponseWriter, r *http.Request) *APIError {
	t, apiErr := a.configTarget(r)
	if apiErr != nil {
		return apiErr
	}
	req, apiErr := parseConfigRequest(r, "UpdateFunctionEventInvokeConfig")
	if apiErr != nil {
		return apiErr
	}
	gen, apiErr := a.existing(t)
	if apiErr != nil {
		return apiErr
	}
	if _, err := a.cfg.Async.Config(t.function, t.qualifier, gen); err != nil {
		return a.configError(t, err)
	}
	if apiErr := a.checkDestinations(t.function, req.DestinationConfig); apiErr != nil {
		return apiErr
	}
	c, err := a.cfg.Async.UpdateConfig(t.function, t.qualifier, gen, func(c *async.Config) {
		req.apply(c, false)
		c.LastModified = time.Now()
	})
	if err != nil {
		return a.configError(t, err)
	}
	writeJSON(w, http.StatusOK, a.eventInvokeConfigReply(c))
	return nil
}

func (a *API) configError(t configTarget, err error) *APIError {
	if errors.Is(err, async.ErrNotFound) {
		return a.noConfig(t)
	}
	return serviceError("%v", err)
}

func (a *API) getEventInvokeConfig(w http.ResponseWriter, r *http.Request) *APIError {
	t, apiErr := a.configTarget(r)
	if apiErr != nil {
		return apiErr
	}
	gen, ok, apiErr := a.generation(t.function)
	if apiErr != nil || !ok {
		return cmpOr(apiErr, a.noConfig(t))
	}
	c, err := a.cfg.Async.Config(t.function, t.qualifier, gen)
	if err != nil {
		return a.configError(t, err)
	}
	writeJSON(w, http.StatusOK, a.eventInvokeConfigReply(c))
	return nil
}

func (a *API) deleteEventInvokeConfig(w http.ResponseWriter, r *http.Request) *APIError {
	t, apiErr := a.configTarget(r)
	if apiErr != nil {
		return apiErr
	}
	gen, ok, apiErr := a.generation(t.function)
	if apiErr != nil || !ok {
		return cmpOr(apiErr, a.noConfig(t))
	}
	if err := a.cfg.Async.DeleteConfig(t.function, t.qualifier, gen); err != nil {
		return a.configError(t, err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func cmpOr(errs ...*APIError) *APIError {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
