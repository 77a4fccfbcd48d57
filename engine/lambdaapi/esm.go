package lambdaapi

import (
	"errors"
	"net/http"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/esm"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// EventSources is what the event source mapping operations need from the
// pollers (engine/esm's Manager): whether a source exists, and a nudge
// after every write so that the pollers follow and settle the state.
type EventSources interface {
	SourceExists(kind, arn string) bool
	Changed(uuid string)
}

// State transition reasons AWS reports for mappings changed by the user
// (SQS mappings and stream mappings word it differently).
const (
	reasonUserSQS    = "USER_INITIATED"
	reasonUserStream = "User action"
	// noRecordsYet is a new stream mapping's LastProcessingResult.
	noRecordsYet = "No records processed"
)

func (a *API) eventSourceMappingRoutes() {
	const base = "/2015-03-31/event-source-mappings"
	a.handle("POST "+base, "CreateEventSourceMapping", a.createMapping)
	a.handle("POST "+base+"/{$}", "CreateEventSourceMapping", a.createMapping)
	a.handle("GET "+base, "ListEventSourceMappings", a.listMappings)
	a.handle("GET "+base+"/{$}", "ListEventSourceMappings", a.listMappings)
	a.handle("GET "+base+"/{UUID}", "GetEventSourceMapping", a.getMapping)
	a.handle("PUT "+base+"/{UUID}", "UpdateEventSourceMapping", a.updateMapping)
	a.handle("DELETE "+base+"/{UUID}", "DeleteEventSourceMapping", a.deleteMapping)
}

func mappingNotFound() *APIError { return notFound("The resource you requested does not exist.") }

func (a *API) createMapping(w http.ResponseWriter, r *http.Request) *APIError {
	var req esmRequest
	if apiErr := decodeBody(r, "CreateEventSourceMapping", &req); apiErr != nil {
		return apiErr
	}
	v := req.violations()
	if req.FunctionName == nil {
		v = append(v, "Value null at 'functionName' failed to satisfy constraint: Member must not be null")
	}
	if len(v) > 0 {
		return validationErrors(v...)
	}
	if req.EventSourceArn == nil {
		return invalidParam("Unrecognized event source.")
	}
	kind, apiErr := sourceKind(*req.EventSourceArn)
	if apiErr != nil {
		return apiErr
	}
	m := newMapping(*req.EventSourceArn, kind)
	if apiErr := a.applyFunction(r, &m, *req.FunctionName); apiErr != nil {
		return apiErr
	}
	if apiErr := applyCreateOnly(&m, &req); apiErr != nil {
		return apiErr
	}
	if apiErr := applyMappingRequest(&m, &req); apiErr != nil {
		return apiErr
	}
	if apiErr := a.checkFunction(m); apiErr != nil {
		return apiErr
	}
	if !a.cfg.EventSources.SourceExists(kind, m.EventSourceArn) {
		return sourceNotFound(kind, m.EventSourceArn)
	}
	err := a.cfg.Store.Update(func(tx *store.Tx) error {
		if err := a.checkDuplicate(tx, m); err != nil {
			return err
		}
		return tx.PutEventSourceMapping(m)
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	a.cfg.EventSources.Changed(m.UUID)
	writeJSON(w, http.StatusAccepted, a.mappingReply(m))
	return nil
}

// newMapping is a new mapping with AWS's defaults for its source.
func newMapping(arn, kind string) store.EventSourceMapping {
	now := time.Now()
	m := store.EventSourceMapping{
		UUID: newUUID(), EventSourceArn: arn, Kind: kind, Enabled: true, State: esm.StateCreating,
		LastModified: now, Revision: newUUID(), StateTransitionReason: reasonUserSQS, BatchSize: defaultSQSBatch,
	}
	if kind == esm.KindKinesis {
		m.StateTransitionReason, m.BatchSize, m.LastProcessingResult = reasonUserStream, defaultStreamBatch, noRecordsYet
		m.MaximumRecordAgeInSeconds, m.MaximumRetryAttempts, m.ParallelizationFactor = -1, -1, 1
	}
	return m
}

// applyFunction sets the mapping's function from a FunctionName (a name or
// an ARN, possibly qualified).
func (a *API) applyFunction(r *http.Request, m *store.EventSourceMapping, raw string) *APIError {
	ref, apiErr := parseFunctionRef(raw, opOther, a.cfg.Region, a.cfg.AccountID)
	if apiErr != nil {
		return apiErr
	}
	noteFunction(r, ref.Name)
	m.FunctionName, m.Qualifier = ref.Name, ref.Qualifier
	return nil
}

// applyCreateOnly sets what only CreateEventSourceMapping models.
func applyCreateOnly(m *store.EventSourceMapping, req *esmRequest) *APIError {
	setIf(&m.StartingPosition, req.StartingPosition)
	if ts := req.StartingPositionTimestamp; ts != nil {
		t := time.UnixMilli(int64(*ts * 1000)).UTC()
		m.StartingPositionTimestamp = &t
	}
	if len(req.Tags) > maxTags {
		return invalidParam("Number of tags exceeds resource tag limit.")
	}
	m.Tags = req.Tags
	return nil
}

// applyMappingRequest merges the members Create and Update share into m
// and checks the result against the rules of its source. An empty
// FilterCriteria, ScalingConfig, DestinationConfig.OnFailure or
// FunctionResponseTypes clears the setting.
func applyMappingRequest(m *store.EventSourceMapping, req *esmRequest) *APIError {
	setIf(&m.Enabled, req.Enabled)
	setIf(&m.BatchSize, req.BatchSize)
	setIf(&m.MaximumBatchingWindowInSeconds, req.MaximumBatchingWindowInSeconds)
	setIf(&m.ParallelizationFactor, req.ParallelizationFactor)
	setIf(&m.BisectBatchOnFunctionError, req.BisectBatchOnFunctionError)
	setIf(&m.MaximumRetryAttempts, req.MaximumRetryAttempts)
	setIf(&m.MaximumRecordAgeInSeconds, req.MaximumRecordAgeInSeconds)
	setIf(&m.TumblingWindowInSeconds, req.TumblingWindowInSeconds)
	if req.FunctionResponseTypes != nil {
		m.FunctionResponseTypes = *req.FunctionResponseTypes
	}
	if sc := req.ScalingConfig; sc != nil {
		m.MaximumConcurrency = 0
		setIf(&m.MaximumConcurrency, sc.MaximumConcurrency)
	}
	if d := req.DestinationConfig; d != nil && d.OnFailure != nil {
		m.OnFailure = ""
		setIf(&m.OnFailure, d.OnFailure.Destination)
	}
	if req.FilterCriteria != nil {
		patterns, apiErr := checkFilters(req.FilterCriteria)
		if apiErr != nil {
			return apiErr
		}
		m.FilterPatterns = patterns
	}
	return checkKind(m, req)
}

// checkFunction: the mapping's function (and version or alias) must exist.
func (a *API) checkFunction(m store.EventSourceMapping) *APIError {
	err := a.cfg.Store.View(func(tx *store.Tx) error {
		_, err := qualifiedVersion(tx, m.FunctionName, orLatest(m.Qualifier))
		return err
	})
	if isNotFound(err) {
		return invalidParam("Function does not exist")
	}
	return asAPIError(err)
}

func sourceNotFound(kind, arn string) *APIError {
	if kind == esm.KindSQS {
		return invalidParam("Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. " +
			"SQS Error Message: The specified queue does not exist.")
	}
	return invalidParam("Stream not found: %s", arn)
}

// checkDuplicate refuses a second mapping of the same source to the same
// function (and qualifier), naming the existing one as AWS does.
func (a *API) checkDuplicate(tx *store.Tx, m store.EventSourceMapping) error {
	all, err := tx.EventSourceMappings()
	if err != nil {
		return err
	}
	for _, o := range all {
		if o.UUID == m.UUID || o.State == esm.StateDeleting || o.EventSourceArn != m.EventSourceArn ||
			o.FunctionName != m.FunctionName || o.Qualifier != m.Qualifier {
			continue
		}
		if m.Kind == esm.KindSQS {
			return conflict(`An event source mapping with SQS arn (" %s ") and function (" %s ") already exists. `+
				`Please update or delete the existing mapping with UUID %s`, o.EventSourceArn, m.FunctionName, o.UUID)
		}
		return conflict(`The event source arn (" %s ") and function (" %s ") provided mapping already exists. `+
			`Please update or delete the existing mapping with UUID %s`, o.EventSourceArn, m.FunctionName, o.UUID)
	}
	return nil
}

// loadMapping returns a mapping that is not being deleted.
func (a *API) loadMapping(uuid string) (store.EventSourceMapping, *APIError) {
	var m store.EventSourceMapping
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		m, err = tx.EventSourceMapping(uuid)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return m, mappingNotFound()
	}
	return m, asAPIError(err)
}

func (a *API) getMapping(w http.ResponseWriter, r *http.Request) *APIError {
	m, apiErr := a.loadMapping(r.PathValue("UUID"))
	if apiErr != nil {
		return apiErr
	}
	noteFunction(r, m.FunctionName)
	writeJSON(w, http.StatusOK, a.mappingReply(m))
	return nil
}
