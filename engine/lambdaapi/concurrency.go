package lambdaapi

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/lambdaform/terraform-provider-lambda/engine/auth"
	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// Reserved concurrency (Put/Get/DeleteFunctionConcurrency) and the account
// figures GetAccountSettings reports. Messages and shapes were recorded
// against AWS in LocalStack's test_lambda_api snapshots.

type concurrencyBody struct {
	ReservedConcurrentExecutions *int `json:"ReservedConcurrentExecutions,omitempty"`
}

func (a *API) concurrencyRoutes() {
	const fns = "/{FunctionName}/concurrency"
	a.handle("PUT /2017-10-31/functions"+fns, "PutFunctionConcurrency", shaped(a.putFunctionConcurrency))
	a.handle("GET /2019-09-30/functions"+fns, "GetFunctionConcurrency", shaped(a.getFunctionConcurrency))
	a.handle("DELETE /2017-10-31/functions"+fns, "DeleteFunctionConcurrency", shaped(a.deleteFunctionConcurrency))
	const pc = "/2019-09-30/functions/{FunctionName}/provisioned-concurrency"
	a.handle("PUT "+pc, "PutProvisionedConcurrencyConfig", shaped(a.putProvisioned))
	// ListProvisionedConcurrencyConfigs is the same path with ?List=ALL.
	a.handle("GET "+pc, "GetProvisionedConcurrencyConfig", shaped(a.getOrListProvisioned))
	a.handle("DELETE "+pc, "DeleteProvisionedConcurrencyConfig", shaped(a.deleteProvisioned))
}

// unqualifiedRef resolves FunctionName for the operations AWS allows only
// on the function itself.
func (a *API) unqualifiedRef(r *http.Request) (string, error) {
	ref, apiErr := parseFunctionRef(r.PathValue("FunctionName"), opOther, a.cfg.Region, a.cfg.AccountID)
	if apiErr != nil {
		return "", apiErr
	}
	noteFunction(r, ref.Name)
	if ref.Qualifier != "" {
		return "", userErr(http.StatusBadRequest, "InvalidParameterValueException",
			"This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
	}
	return ref.Name, nil
}

func (a *API) putFunctionConcurrency(w http.ResponseWriter, r *http.Request) error {
	var req concurrencyBody
	if apiErr := decodeBody(r, "PutFunctionConcurrency", &req); apiErr != nil {
		return apiErr
	}
	switch n := req.ReservedConcurrentExecutions; {
	case n == nil:
		return validationErrors("Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null")
	case *n < 0:
		return validationErrors(violation(*n, "reservedConcurrentExecutions", "Member must have value greater than or equal to 0"))
	}
	name, err := a.unqualifiedRef(r)
	if err != nil {
		return err
	}
	n := *req.ReservedConcurrentExecutions
	err = a.cfg.Store.Update(func(tx *store.Tx) error {
		if _, err := tx.Function(name); isNotFound(err) {
			return a.functionNotFound(name, store.LatestVersion)
		} else if err != nil {
			return err
		}
		acct, err := readAccount(tx)
		if err != nil {
			return err
		}
		f, limit := acct.fnShareOf(name), a.concurrencyLimit()
		if limit-(acct.carved-f.share()+n) < invoke.MinUnreserved(limit) {
			return invalidPlain("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].",
				invoke.MinUnreserved(limit))
		}
		if f.provisioned > n {
			return invalidPlain(" ReservedConcurrentExecutions  %d should not be lower than function's total provisioned concurrency [%d].", n, f.provisioned)
		}
		return tx.PutReservedConcurrency(name, n)
	})
	if err != nil {
		return err
	}
	a.reconcileConcurrency()
	writeJSON(w, http.StatusOK, concurrencyBody{ReservedConcurrentExecutions: &n})
	return nil
}

func (a *API) getFunctionConcurrency(w http.ResponseWriter, r *http.Request) error {
	name, err := a.unqualifiedRef(r)
	if err != nil {
		return err
	}
	n, err := a.reservedOf(name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, concurrencyBody{ReservedConcurrentExecutions: n})
	return nil
}

func (a *API) deleteFunctionConcurrency(w http.ResponseWriter, r *http.Request) error {
	name, err := a.unqualifiedRef(r)
	if err != nil {
		return err
	}
	err = a.cfg.Store.Update(func(tx *store.Tx) error {
		if err := a.existingFunction(tx, name); err != nil {
			return err
		}
		return tx.DeleteReservedConcurrency(name)
	})
	if err != nil {
		return err
	}
	a.reconcileConcurrency()
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// reservedOf returns a function's reserved concurrency, nil when it has
// none; GetFunction reports it as Concurrency.
func (a *API) reservedOf(name string) (*int, error) {
	var n *int
	err := a.cfg.Store.View(func(tx *store.Tx) error {
		if err := a.existingFunction(tx, name); err != nil {
			return err
		}
		v, err := tx.ReservedConcurrency(name)
		if err == nil {
			n = &v
		}
		if isNotFound(err) {
			return nil
		}
		return err
	})
	return n, err
}

// fnShare is what one function takes out of the account's concurrency.
type fnShare struct {
	reserved    int // -1: none
	provisioned int // Σ requested provisioned concurrency
}

func (f fnShare) share() int {
	if f.reserved >= 0 {
		return f.reserved
	}
	return f.provisioned
}

// account is the stored concurrency settings of every function.
type account struct {
	fns    map[string]fnShare
	carved int
}

// readAccount sums the reservations: reserved concurrency, or for a
// function without it, its provisioned concurrency (see invoke/gate.go).
func readAccount(tx *store.Tx) (account, error) {
	acct := account{fns: map[string]fnShare{}}
	get := func(name string) fnShare {
		f, ok := acct.fns[name]
		if !ok {
			f.reserved = -1
		}
		return f
	}
	err := tx.ForEachReservedConcurrency(func(name string, n int) error {
		f := get(name)
		f.reserved = n
		acct.fns[name] = f
		return nil
	})
	if err == nil {
		err = tx.ForEachProvisionedConfig(func(c store.ProvisionedConfig) error {
			f := get(c.FunctionName)
			f.provisioned += c.Requested
			acct.fns[c.FunctionName] = f
			return nil
		})
	}
	for _, f := range acct.fns {
		acct.carved += f.share()
	}
	return acct, err
}

// fnShareOf is name's entry, with no reservation when it has none.
func (acct account) fnShareOf(name string) fnShare {
	if f, ok := acct.fns[name]; ok {
		return f
	}
	return fnShare{reserved: -1}
}

func (a *API) concurrencyLimit() int {
	if a.cfg.ConcurrencyLimit > 0 {
		return a.cfg.ConcurrencyLimit
	}
	return invoke.DefaultConcurrencyLimit
}

// accountConcurrency returns AccountLimit's ConcurrentExecutions and
// UnreservedConcurrentExecutions.
func (a *API) accountConcurrency() (limit, unreserved int32, apiErr *APIError) {
	var acct account
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		acct, err = readAccount(tx)
		return err
	})
	if err != nil {
		return 0, 0, serviceError("%v", err)
	}
	l := a.concurrencyLimit()
	return int32(l), int32(l - acct.carved), nil //nolint:gosec // limits are far below 2^31
}

// shapedError is an error answer whose body carries more than the message
// APIError renders: AWS's "Type", a throttle's "Reason", or neither (some
// InvalidParameterValueExceptions come without "Type").
type shapedError struct {
	status        int
	code, message string
	extra         map[string]any
}

func (e *shapedError) Error() string { return e.code + ": " + e.message }

// userErr is an error AWS sends with "Type":"User".
func userErr(status int, code, message string) *shapedError {
	return &shapedError{status: status, code: code, message: message, extra: map[string]any{"Type": "User"}}
}

// invalidPlain is an InvalidParameterValueException that AWS sends with
// its message only (no "Type").
func invalidPlain(format string, args ...any) *shapedError {
	e := invalidParam(format, args...)
	return &shapedError{status: e.Status, code: e.Code, message: e.Message}
}

func writeShaped(w http.ResponseWriter, r *http.Request, e *shapedError) {
	c := callFrom(r.Context())
	c.errCode, c.errMsg, c.identity = e.code, e.message, auth.Caller(r.Context())
	body := map[string]any{"message": e.message}
	for k, v := range e.extra {
		body[k] = v
	}
	raw, err := json.Marshal(body)
	if err != nil {
		raw = []byte(`{}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", e.code)
	w.WriteHeader(e.status)
	_, _ = w.Write(raw)
}

// shaped adapts a handler whose errors may be *shapedError or *APIError.
func shaped(h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) *APIError {
	return func(w http.ResponseWriter, r *http.Request) *APIError {
		err := h(w, r)
		var se *shapedError
		if errors.As(err, &se) {
			writeShaped(w, r, se)
			return nil
		}
		return asAPIError(err)
	}
}

// writeThrottled answers an invocation a concurrency limit refused, as AWS
// does (429, "Rate Exceeded.", Reason), and reports whether err was one.
func writeThrottled(w http.ResponseWriter, r *http.Request, err error) bool {
	var te *invoke.ThrottleError
	if !errors.As(err, &te) {
		return false
	}
	writeShaped(w, r, &shapedError{status: http.StatusTooManyRequests, code: "TooManyRequestsException",
		message: "Rate Exceeded.", extra: map[string]any{"Type": "User", "Reason": te.Reason}})
	return true
}
