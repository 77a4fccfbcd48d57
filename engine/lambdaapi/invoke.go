package lambdaapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// Payload quotas of Invoke (Lambda API reference): 6 MB for synchronous
// and 1 MB for asynchronous invocations.
const (
	maxSyncPayload  = 6 * 1024 * 1024
	maxAsyncPayload = 1024 * 1024
	// maxClientContext is AWS's limit on the decoded X-Amz-Client-Context.
	maxClientContext = 3583
)

// Invocation types and log types Invoke accepts.
var (
	invocationTypes = []string{"Event", "RequestResponse", "DryRun"}
	logTypes        = []string{"None", "Tail"}
)

// Invoker runs invocations; engine/invoke's Manager is the implementation.
type Invoker interface {
	Invoke(ctx context.Context, fn invoke.Function, req invoke.Request) (invoke.Result, error)
	Retire(name string)
}

// invokeRequest is an Invoke call after its headers have been validated.
type invokeRequest struct {
	invocationType string
	tail           bool
	clientContext  []byte
	payload        []byte
}

func (a *API) invoke(w http.ResponseWriter, r *http.Request) *APIError {
	in, apiErr := parseInvokeHeaders(r)
	if apiErr != nil {
		return apiErr
	}
	f, v, arn, apiErr := a.lookup(r, opGet, weighted)
	if apiErr != nil {
		return apiErr
	}
	if in.payload, apiErr = readPayload(r, in.invocationType); apiErr != nil {
		return apiErr
	}
	if v.State == statePending {
		return conflict("The operation cannot be performed at this time. The function is currently in the following state: %s", v.State)
	}
	if in.invocationType == "DryRun" {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	fn, apiErr := a.invokeFunction(v, arn)
	if apiErr != nil {
		return apiErr
	}
	req := invoke.Request{RequestID: w.Header().Get("X-Amzn-Requestid"), Payload: in.payload, ClientContext: in.clientContext}
	if in.invocationType == "Event" {
		// Durably queued before the 202: an accepted event is never lost.
		if apiErr := a.enqueueEvent(r.Context(), f, arn, req); apiErr != nil {
			return apiErr
		}
		w.WriteHeader(http.StatusAccepted)
		return nil
	}
	req.WantLogTail = in.tail
	res, err := a.cfg.Invoker.Invoke(r.Context(), fn, req)
	if err != nil {
		if writeThrottled(w, r, err) {
			return nil
		}
		return serviceError("invoke %s: %v", arn, err)
	}
	writeInvokeResult(w, v.Version, res, in.tail)
	return nil
}

func writeInvokeResult(w http.ResponseWriter, version string, res invoke.Result, tail bool) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Amz-Executed-Version", version)
	if res.FunctionError != "" {
		h.Set("X-Amz-Function-Error", res.FunctionError)
	}
	if tail {
		h.Set("X-Amz-Log-Result", base64.StdEncoding.EncodeToString(res.LogTail))
	}
	h.Set("Content-Length", strconv.Itoa(len(res.Payload)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(res.Payload)
	// The caller has its answer now, not after the audit record.
	_ = http.NewResponseController(w).Flush()
}

func parseInvokeHeaders(r *http.Request) (invokeRequest, *APIError) {
	in := invokeRequest{invocationType: r.Header.Get("X-Amz-Invocation-Type")}
	if in.invocationType == "" {
		in.invocationType = "RequestResponse"
	}
	logType := r.Header.Get("X-Amz-Log-Type")
	if logType == "" {
		logType = "None"
	}
	var v []string
	if !slices.Contains(invocationTypes, in.invocationType) {
		v = append(v, violation(in.invocationType, "invocationType", "Member must satisfy enum value set: [Event, RequestResponse, DryRun]"))
	}
	if !slices.Contains(logTypes, logType) {
		v = append(v, violation(logType, "logType", "Member must satisfy enum value set: [Tail, None]"))
	}
	if len(v) > 0 {
		return in, validationErrors(v...)
	}
	in.tail = logType == "Tail" && in.invocationType == "RequestResponse"
	cc, apiErr := decodeClientContext(r.Header.Get("X-Amz-Client-Context"))
	in.clientContext = cc
	return in, apiErr
}

// decodeClientContext turns the base64 X-Amz-Client-Context header into the
// JSON the runtime receives in Lambda-Runtime-Client-Context.
func decodeClientContext(header string) ([]byte, *APIError) {
	if header == "" {
		return nil, nil
	}
	raw, err := base64.StdEncoding.DecodeString(header)
	if err != nil || !json.Valid(raw) {
		return nil, newErr(http.StatusBadRequest, "InvalidRequestContentException", "Client context must be a valid Base64-encoded JSON object.")
	}
	if len(raw) > maxClientContext {
		return nil, newErr(http.StatusBadRequest, "InvalidRequestContentException", "Client context must be smaller than %d bytes.", maxClientContext)
	}
	return raw, nil
}

// readPayload reads the event, enforcing the quota of the invocation type
// and that a non-empty payload is JSON, as AWS does.
func readPayload(r *http.Request, invocationType string) ([]byte, *APIError) {
	limit := int64(maxSyncPayload)
	if invocationType == "Event" {
		limit = maxAsyncPayload
	}
	payload, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, tooLarge("Request must be smaller than %d bytes for the InvokeFunction operation", limit)
	}
	if err != nil {
		return nil, serviceError("read payload: %v", err)
	}
	if len(payload) > 0 && !json.Valid(payload) {
		var probe any
		perr := json.Unmarshal(payload, &probe)
		return nil, newErr(http.StatusBadRequest, "InvalidRequestContentException", "Could not parse request body into json: Could not parse payload into json: %v", perr)
	}
	if len(payload) == 0 {
		// An invocation without a payload delivers an empty object, as on AWS.
		payload = []byte("{}")
	}
	return payload, nil
}

// invokeFunction is the configuration a version runs with. Environment
// variables are opened once per seal (the seal changes whenever they do)
// and cached per version.
func (a *API) invokeFunction(v store.Version, arn string) (invoke.Function, *APIError) {
	env, apiErr := a.invokeEnv(v)
	if apiErr != nil {
		return invoke.Function{}, apiErr
	}
	zipPath, err := a.cfg.Store.BlobPath(v.Code.BlobKey)
	if err != nil {
		return invoke.Function{}, serviceError("code of %s: %v", arn, err)
	}
	return invoke.Function{
		Name: v.FunctionName, Version: v.Version, ARN: arn,
		Runtime: v.Runtime, Handler: v.Handler,
		MemoryMB: int(v.MemorySize), TimeoutSec: int(v.Timeout), EphemeralMB: int(v.EphemeralSize),
		Env: env, CodeKey: v.Code.BlobKey, CodeZipPath: zipPath, RevisionID: v.RevisionID,
		LogGroup: v.Logging.LogGroup, LogFormat: v.Logging.LogFormat,
		Region: a.cfg.Region, AccountID: a.cfg.AccountID,
	}, nil
}

// cachedEnv is a version's opened environment and the seal it came from.
type cachedEnv struct {
	seal string
	vars map[string]string
}

func (a *API) invokeEnv(v store.Version) (map[string]string, *APIError) {
	if !v.HasEnvironment {
		return nil, nil
	}
	id := versionID{v.FunctionName, v.Version}
	if c, ok := a.envCache.Load(id); ok && c.(cachedEnv).seal == string(v.EnvironmentSeal) { //nolint:forcetypeassert // only cachedEnv is stored
		return c.(cachedEnv).vars, nil //nolint:forcetypeassert // as above
	}
	reply, err := a.openEnvironment(v)
	if err != nil {
		return nil, serviceError("%v", err)
	}
	a.envCache.Store(id, cachedEnv{seal: string(v.EnvironmentSeal), vars: reply.Variables})
	return reply.Variables, nil
}
