package lambdaapi

import (
	"errors"

	"github.com/lambdaform/terraform-provider-lambda/engine/esm"
)

// MappingResolver is what the event source pollers resolve functions with.
func (a *API) MappingResolver() esm.Resolver { return mappingResolver{a} }

type mappingResolver struct{ a *API }

// errFunctionPending: a function still being created cannot be invoked
// yet; the poller leaves the batch for a later attempt.
var errFunctionPending = errors.New("function is Pending")

// Target resolves the function as it is now; an alias is routed by its
// weights for every batch, as for any invocation through it.
func (r mappingResolver) Target(function, qualifier string) (esm.Target, error) {
	_, v, err := r.a.resolve(function, orLatest(qualifier), weighted)
	if isNotFound(err) {
		return esm.Target{}, esm.ErrFunctionNotFound
	}
	if err != nil {
		return esm.Target{}, err
	}
	if v.State == statePending {
		return esm.Target{}, errFunctionPending
	}
	fn, apiErr := r.a.invokeFunction(v, r.a.qualifiedARN(function, qualifier))
	if apiErr != nil {
		return esm.Target{}, apiErr
	}
	return esm.Target{Function: fn, Role: v.Role}, nil
}
