package lambdaapi

import (
	"net/http"
	"sort"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// Provisioned concurrency configurations (Put/Get/Delete/
// ListProvisionedConcurrencyConfigs). The configuration is durable; the
// environments are the invoker's, re-provisioned by reconcileConcurrency
// (also after a restart).

// maxProvisionedListItems is MaxProvisionedConcurrencyConfigListItems.
const maxProvisionedListItems = 50

// provisionedTimeLayout is the format of a configuration's LastModified
// (e.g. 2019-12-31T20:28:49+0000).
const provisionedTimeLayout = "2006-01-02T15:04:05-0700"

type putProvisionedRequest struct {
	ProvisionedConcurrentExecutions *int `json:"ProvisionedConcurrentExecutions"`
}

type provisionedConfig struct {
	FunctionArn                              string `json:"FunctionArn,omitempty"`
	RequestedProvisionedConcurrentExecutions int    `json:"RequestedProvisionedConcurrentExecutions"`
	AvailableProvisionedConcurrentExecutions int    `json:"AvailableProvisionedConcurrentExecutions"`
	AllocatedProvisionedConcurrentExecutions int    `json:"AllocatedProvisionedConcurrentExecutions"`
	Status                                   string `json:"Status"`
	StatusReason                             string `json:"StatusReason,omitempty"`
	LastModified                             string `json:"LastModified"`
}

type listProvisionedResponse struct {
	ProvisionedConcurrencyConfigs []provisionedConfig `json:"ProvisionedConcurrencyConfigs"`
	NextMarker                    string              `json:"NextMarker,omitempty"`
}

// provisionedRef resolves FunctionName and the Qualifier of a
// provisioned-concurrency operation. latestErr is the answer for $LATEST.
func (a *API) provisionedRef(r *http.Request, latestErr string) (name, qualifier string, err error) {
	ref, apiErr := parseFunctionRef(r.PathValue("FunctionName"), opOther, a.cfg.Region, a.cfg.AccountID)
	if apiErr != nil {
		return "", "", apiErr
	}
	noteFunction(r, ref.Name)
	qualifier, apiErr = resolveQualifier(ref, r.URL.Query().Get("Qualifier"))
	if apiErr != nil {
		return "", "", apiErr
	}
	if qualifier == "" {
		return "", "", validationErrors("Value null at 'qualifier' failed to satisfy constraint: Member must not be null")
	}
	if qualifier == store.LatestVersion {
		return "", "", userErr(http.StatusBadRequest, "InvalidParameterValueException", latestErr)
	}
	return ref.Name, qualifier, nil
}

// provisionedTarget resolves a qualifier to the version it provisions, with
// AWS's not-found answers: "Cannot find alias arn" for an alias (even of a
// missing function), "Function not found" for a version.
func (a *API) provisionedTarget(tx *store.Tx, name, qualifier string) (store.Version, *store.Alias, error) {
	missing := a.functionNotFound(name, qualifier)
	if kindOf(qualifier) == kindAlias {
		missing = notFound("Cannot find alias arn: %s", a.qualifiedARN(name, qualifier))
	}
	if _, err := tx.Function(name); isNotFound(err) {
		return store.Version{}, nil, missing
	}
	var al *store.Alias
	version := qualifier
	if kindOf(qualifier) == kindAlias {
		found, err := tx.Alias(name, qualifier)
		if isNotFound(err) {
			return store.Version{}, nil, missing
		} else if err != nil {
			return store.Version{}, nil, err
		}
		al, version = &found, found.FunctionVersion
	}
	v, err := tx.Version(name, version)
	if isNotFound(err) {
		return v, nil, missing
	}
	return v, al, err
}

func (a *API) putProvisioned(w http.ResponseWriter, r *http.Request) error {
	var req putProvisionedRequest
	if apiErr := decodeBody(r, "PutProvisionedConcurrencyConfig", &req); apiErr != nil {
		return apiErr
	}
	switch n := req.ProvisionedConcurrentExecutions; {
	case n == nil:
		return validationErrors("Value null at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must not be null")
	case *n < 1:
		return validationErrors(violation(*n, "provisionedConcurrentExecutions", "Member must have value greater than or equal to 1"))
	}
	name, qualifier, err := a.provisionedRef(r, "Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
	if err != nil {
		return err
	}
	cfg := store.ProvisionedConfig{FunctionName: name, Qualifier: qualifier,
		Requested: *req.ProvisionedConcurrentExecutions, LastModified: time.Now().UTC().Truncate(time.Second)}
	err = a.cfg.Store.Update(func(tx *store.Tx) error {
		v, al, err := a.provisionedTarget(tx, name, qualifier)
		if err != nil {
			return err
		}
		if al != nil && al.AdditionalVersion != "" {
			return invalidParam("Alias with weights can not be used with Provisioned Concurrency")
		}
		if err := a.checkProvisionedLimits(tx, cfg); err != nil {
			return err
		}
		if err := checkProvisionedConflicts(tx, v, al); err != nil {
			return err
		}
		return tx.PutProvisionedConfig(cfg)
	})
	if err != nil {
		return err
	}
	a.reconcileConcurrency()
	writeJSON(w, http.StatusAccepted, provisionedConfig{
		RequestedProvisionedConcurrentExecutions: cfg.Requested, Status: invoke.StatusInProgress,
		LastModified: cfg.LastModified.Format(provisionedTimeLayout),
	})
	return nil
}

// checkProvisionedLimits applies AWS's limits: provisioned concurrency is
// part of a function's reserved concurrency when it has one, and comes out
// of the account's unreserved concurrency when it has not.
func (a *API) checkProvisionedLimits(tx *store.Tx, cfg store.ProvisionedConfig) error {
	acct, err := readAccount(tx)
	if err != nil {
		return err
	}
	f := acct.fnShareOf(cfg.FunctionName)
	if old, err := tx.ProvisionedConfig(cfg.FunctionName, cfg.Qualifier); err == nil {
		f.provisioned -= old.Requested // replaced, not added
	}
	if f.reserved >= 0 {
		if f.provisioned+cfg.Requested > f.reserved {
			return userErr(http.StatusBadRequest, "InvalidParameterValueException",
				"Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function")
		}
		return nil
	}
	limit := a.concurrencyLimit()
	unreserved := limit - (acct.carved - acct.fnShareOf(cfg.FunctionName).share() + f.provisioned)
	if cfg.Requested > unreserved {
		return invalidPlain("Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [%d].", unreserved)
	}
	if unreserved-cfg.Requested < invoke.MinUnreserved(limit) {
		return invalidPlain("Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].",
			invoke.MinUnreserved(limit))
	}
	return nil
}

// checkProvisionedConflicts refuses to provision one version twice: by
// an alias and directly.
func checkProvisionedConflicts(tx *store.Tx, v store.Version, al *store.Alias) error {
	if al != nil {
		if _, err := tx.ProvisionedConfig(v.FunctionName, v.Version); err == nil {
			return userErr(http.StatusConflict, "ResourceConflictException",
				"Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version")
		}
		return nil
	}
	aliases, err := tx.Aliases(v.FunctionName)
	if err != nil {
		return err
	}
	for _, other := range aliases {
		if other.FunctionVersion != v.Version {
			continue
		}
		if _, err := tx.ProvisionedConfig(v.FunctionName, other.Name); err == nil {
			return userErr(http.StatusConflict, "ResourceConflictException", "Version is pointed by a Provisioned Concurrency alias")
		}
	}
	return nil
}

const provisionedLatestErr = "The function resource provided must be an alias or a published version."

func (a *API) getOrListProvisioned(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Has("List") {
		return a.listProvisioned(w, r)
	}
	name, qualifier, err := a.provisionedRef(r, provisionedLatestErr)
	if err != nil {
		return err
	}
	var cfg store.ProvisionedConfig
	var v store.Version
	err = a.cfg.Store.View(func(tx *store.Tx) (err error) {
		if v, _, err = a.provisionedTarget(tx, name, qualifier); err != nil {
			return err
		}
		cfg, err = tx.ProvisionedConfig(name, qualifier)
		if isNotFound(err) {
			return userErr(http.StatusNotFound, "ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function")
		}
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a.provisionedReply(cfg, v.Version, ""))
	return nil
}

// provisionedReply renders a configuration with its environments' state.
func (a *API) provisionedReply(cfg store.ProvisionedConfig, version, arn string) provisionedConfig {
	st := invoke.ProvisionedStatus{Status: invoke.StatusInProgress}
	if ctl, ok := a.cfg.Invoker.(concurrencyController); ok {
		if got, ok := ctl.ProvisionedStatus(cfg.FunctionName, version); ok {
			st = got
		}
	}
	allocated := min(st.Allocated, cfg.Requested)
	status := st.Status
	if status == invoke.StatusReady && allocated < cfg.Requested {
		status = invoke.StatusInProgress // another qualifier's share is still starting
	}
	return provisionedConfig{FunctionArn: arn, RequestedProvisionedConcurrentExecutions: cfg.Requested,
		AvailableProvisionedConcurrentExecutions: allocated, AllocatedProvisionedConcurrentExecutions: allocated,
		Status: status, StatusReason: st.StatusReason, LastModified: cfg.LastModified.Format(provisionedTimeLayout)}
}

func (a *API) listProvisioned(w http.ResponseWriter, r *http.Request) error {
	name, apiErr := a.latestRef(r)
	if apiErr != nil {
		return apiErr
	}
	p, apiErr := parsePage(r)
	if apiErr != nil {
		return apiErr
	}
	if p.maxItems > maxProvisionedListItems {
		return validationErrors(violation(p.maxItems, "maxItems", "Member must have value less than or equal to 50"))
	}
	var configs []store.ProvisionedConfig
	versions := map[string]string{} // qualifier → version it provisions
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		if err := a.existingFunction(tx, name); err != nil {
			return err
		}
		if configs, err = tx.ProvisionedConfigs(name); err != nil {
			return err
		}
		for _, c := range configs {
			if v, _, err := a.provisionedTarget(tx, name, c.Qualifier); err == nil {
				versions[c.Qualifier] = v.Version
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	start := sort.Search(len(configs), func(i int) bool { return configs[i].Qualifier > p.marker })
	end := min(start+p.maxItems, len(configs))
	resp := listProvisionedResponse{ProvisionedConcurrencyConfigs: make([]provisionedConfig, 0, end-start)}
	for _, c := range configs[start:end] {
		resp.ProvisionedConcurrencyConfigs = append(resp.ProvisionedConcurrencyConfigs,
			a.provisionedReply(c, versions[c.Qualifier], a.qualifiedARN(name, c.Qualifier)))
	}
	if end < len(configs) {
		resp.NextMarker = encodeMarker(configs[end-1].Qualifier)
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

func (a *API) deleteProvisioned(w http.ResponseWriter, r *http.Request) error {
	name, qualifier, err := a.provisionedRef(r, provisionedLatestErr)
	if err != nil {
		return err
	}
	// Deleting a configuration that does not exist succeeds, as on AWS.
	err = a.cfg.Store.Update(func(tx *store.Tx) error {
		if _, _, err := a.provisionedTarget(tx, name, qualifier); err != nil {
			return err
		}
		return tx.DeleteProvisionedConfig(name, qualifier)
	})
	if err != nil {
		return err
	}
	a.reconcileConcurrency()
	w.WriteHeader(http.StatusNoContent)
	return nil
}
