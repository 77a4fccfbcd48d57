// Package lambdaapi serves AWS Lambda's control-plane REST API (restJson1,
// API version 2015-03-31) for the local engine: the same paths, JSON shapes,
// defaults, status codes, error types and messages as AWS, so the stock
// aws-sdk-go-v2 Lambda client works against it unchanged.
//
// Function state lives in engine/store; environment variables are sealed
// with engine/secrets before they are stored; every uploaded zip is checked
// with engine/codezip; every call is recorded with engine/audit.
package lambdaapi

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/lambdaform/terraform-provider-lambda/engine/async"
	"github.com/lambdaform/terraform-provider-lambda/engine/audit"
	"github.com/lambdaform/terraform-provider-lambda/engine/codezip"
	"github.com/lambdaform/terraform-provider-lambda/engine/secrets"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// Config wires an API to its dependencies.
type Config struct {
	Region    string
	AccountID string
	Store     *store.Store
	Secrets   *secrets.Box
	Audit     *audit.Log
	Logger    *slog.Logger
	Limits    codezip.Limits
	Invoker   Invoker // runs Invoke calls
	// Async queues Event invocations and keeps EventInvokeConfigs.
	Async *async.Queue
	// ConcurrencyLimit is the account's concurrent-execution quota
	// (default invoke.DefaultConcurrencyLimit); ConcurrencyObserver, if
	// set, is told the concurrency settings (concreconcile.go).
	ConcurrencyLimit    int
	ConcurrencyObserver ConcurrencyObserver
	// EventSources runs the pollers of event source mappings (esm.go).
	EventSources EventSources
}

// API is the Lambda control plane.
type API struct {
	cfg       Config
	log       *slog.Logger
	mux       *http.ServeMux
	ops       map[string]string // ServeMux pattern → AWS operation name
	lifecycle *lifecycle
	codeKey   []byte // signs Code.Location download URLs
	// zipPlaceholder stands in for ZipFile while the rest of a code upload
	// is decoded (see zipbody.go).
	zipPlaceholder zipPlaceholder
	envCache       sync.Map // versionID → cachedEnv
	resolvedCache  sync.Map // resolveKey → *resolved (resolve.go)
	resolvedCount  atomic.Int64
	conc           *concState
	wg             sync.WaitGroup
	bgCtx          context.Context // ends at Close; background work runs under it
	stop           context.CancelFunc
}

// New returns an API and starts the background work that moves functions
// from Pending to Active and updates from InProgress to Successful,
// including transitions left unfinished by a previous run.
func New(cfg Config) (*API, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("generate code URL key: %w", err)
	}
	placeholder, err := newZipPlaceholder()
	if err != nil {
		return nil, fmt.Errorf("generate zip placeholder: %w", err)
	}
	a := &API{cfg: cfg, log: cfg.Logger, mux: http.NewServeMux(), ops: map[string]string{}, codeKey: key,
		conc: newConcState(), zipPlaceholder: placeholder}
	a.routes()
	a.lifecycle = newLifecycle(cfg.Store, cfg.Logger)
	if err := a.lifecycle.resume(); err != nil {
		return nil, err
	}
	a.bgCtx, a.stop = context.WithCancel(context.Background())
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		a.lifecycle.run(a.bgCtx)
	}()
	// Stored limits hold from the first request; provisioned environments
	// start in the background.
	a.reconcileConcurrency()
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		a.runConcurrency(a.bgCtx)
	}()
	return a, nil
}

// Close stops the background work and waits for it to finish.
func (a *API) Close() {
	a.stop()
	a.wg.Wait()
}

func (a *API) handle(pattern, op string, h func(http.ResponseWriter, *http.Request) *APIError) {
	a.ops[pattern] = op
	a.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if apiErr := h(w, r); apiErr != nil {
			writeCallError(w, r, apiErr)
		}
	})
}

func (a *API) routes() {
	const fn = "/2015-03-31/functions"
	a.handle("POST "+fn, "CreateFunction", a.createFunction)
	a.handle("GET "+fn, "ListFunctions", a.listFunctions)
	a.handle("GET "+fn+"/{$}", "ListFunctions", a.listFunctions)
	a.handle("GET "+fn+"/{FunctionName}", "GetFunction", a.getFunction)
	a.handle("DELETE "+fn+"/{FunctionName}", "DeleteFunction", a.deleteFunction)
	a.handle("GET "+fn+"/{FunctionName}/configuration", "GetFunctionConfiguration", a.getFunctionConfiguration)
	a.handle("PUT "+fn+"/{FunctionName}/configuration", "UpdateFunctionConfiguration", a.updateFunctionConfiguration)
	a.handle("PUT "+fn+"/{FunctionName}/code", "UpdateFunctionCode", a.updateFunctionCode)
	a.handle("POST "+fn+"/{FunctionName}/versions", "PublishVersion", a.publishVersion)
	a.handle("GET "+fn+"/{FunctionName}/versions", "ListVersionsByFunction", a.listVersions)
	a.handle("POST "+fn+"/{FunctionName}/invocations", "Invoke", a.invoke)
	a.aliasAndPolicyRoutes(fn)
	a.eventInvokeConfigRoutes()
	a.eventSourceMappingRoutes()
	a.concurrencyRoutes()
	const tags = "/2017-03-31/tags/{Resource}"
	a.handle("POST "+tags, "TagResource", a.mappingTags(a.tagResource))
	a.handle("DELETE "+tags, "UntagResource", a.mappingTags(a.untagResource))
	a.handle("GET "+tags, "ListTags", a.mappingTags(a.listTags))
	a.handle("GET /2016-08-19/account-settings", "GetAccountSettings", a.getAccountSettings)
	a.handle("GET /2016-08-19/account-settings/{$}", "GetAccountSettings", a.getAccountSettings)
}

func (a *API) aliasAndPolicyRoutes(fn string) {
	alias := fn + "/{FunctionName}/aliases"
	a.handle("POST "+alias, "CreateAlias", a.createAlias)
	a.handle("GET "+alias, "ListAliases", a.listAliases)
	a.handle("GET "+alias+"/{Name}", "GetAlias", a.getAlias)
	a.handle("PUT "+alias+"/{Name}", "UpdateAlias", a.updateAlias)
	a.handle("DELETE "+alias+"/{Name}", "DeleteAlias", a.deleteAlias)
	policy := fn + "/{FunctionName}/policy"
	a.handle("POST "+policy, "AddPermission", a.addPermission)
	a.handle("GET "+policy, "GetPolicy", a.getPolicy)
	a.handle("DELETE "+policy+"/{StatementId}", "RemovePermission", a.removePermission)
}

// Handler returns the API wrapped in the audit recorder, with wrap (the
// authentication middleware) between the two so that rejected calls are
// audited too.
func (a *API) Handler(wrap func(http.Handler) http.Handler) http.Handler {
	return a.auditCalls(wrap(http.HandlerFunc(a.route)))
}

// route dispatches to the matched operation or answers like AWS does for a
// path or method it does not serve.
func (a *API) route(w http.ResponseWriter, r *http.Request) {
	identify(r)
	_, pattern := a.mux.Handler(r)
	c := callFrom(r.Context())
	c.routed, c.operation = true, a.ops[pattern]
	if pattern == "" {
		writeCallError(w, r, newErr(http.StatusNotFound, "UnknownOperationException", "Unknown operation %s %s", r.Method, r.URL.Path))
		return
	}
	a.mux.ServeHTTP(w, r)
}

// operation names the AWS operation r is routed to, or "" if none.
func (a *API) operation(r *http.Request) string {
	_, pattern := a.mux.Handler(r)
	return a.ops[pattern]
}

// AuthErrorWriter renders authentication failures in Lambda's error shape;
// it is the auth package's ErrorWriter.
func AuthErrorWriter(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	writeCallError(w, r, &APIError{Status: status, Code: code, Message: message})
}
