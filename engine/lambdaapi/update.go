package lambdaapi

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/codezip"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// checkUpdatable refuses changes while a previous one is still being applied,
// as AWS does (clients wait for State/LastUpdateStatus between changes).
func (a *API) checkUpdatable(v store.Version) *APIError {
	if v.State == statePending {
		return conflict("The operation cannot be performed at this time. The function is currently in the following state: %s", v.State)
	}
	if v.LastUpdateStatus == updateInProgress {
		return conflict("The operation cannot be performed at this time. An update is in progress for resource: %s", a.functionARN(v.FunctionName))
	}
	return nil
}

// beginUpdate checks the preconditions of a change to $LATEST and marks it
// in progress.
func (a *API) beginUpdate(v *store.Version, revisionID string) *APIError {
	if revisionID != "" && revisionID != v.RevisionID {
		return preconditionFailed()
	}
	if apiErr := a.checkUpdatable(*v); apiErr != nil {
		return apiErr
	}
	v.LastModified, v.RevisionID = time.Now(), newUUID()
	v.LastUpdateStatus, v.LastUpdateStatusReason, v.LastUpdateStatusReasonCode = updateInProgress, reasonCreating, reasonCodeCreating
	return nil
}

// latestRef resolves an unqualified FunctionName path parameter.
func (a *API) latestRef(r *http.Request) (string, *APIError) {
	ref, apiErr := parseFunctionRef(r.PathValue("FunctionName"), opOther, a.cfg.Region, a.cfg.AccountID)
	if apiErr != nil {
		return "", apiErr
	}
	noteFunction(r, ref.Name)
	return ref.Name, nil
}

func (a *API) validateConfigUpdate(req *updateConfigurationRequest) *APIError {
	if v := req.violations(); len(v) > 0 {
		return validationErrors(v...)
	}
	if apiErr := rejectUnsupported(req.unsupported); apiErr != nil {
		return apiErr
	}
	if req.Runtime != nil {
		if apiErr := validateRuntime(*req.Runtime); apiErr != nil {
			return apiErr
		}
	}
	if req.Environment != nil {
		return validateEnvironment(req.Environment.Variables)
	}
	return nil
}

func (a *API) updateFunctionConfiguration(w http.ResponseWriter, r *http.Request) *APIError {
	name, apiErr := a.latestRef(r)
	if apiErr != nil {
		return apiErr
	}
	var req updateConfigurationRequest
	if apiErr := decodeBody(r, "UpdateFunctionConfiguration", &req); apiErr != nil {
		return apiErr
	}
	if apiErr := a.validateConfigUpdate(&req); apiErr != nil {
		return apiErr
	}
	var sealed store.Version
	if apiErr := a.sealEnvironment(&sealed, req.Environment); apiErr != nil {
		return apiErr
	}
	var latest store.Version
	err := a.cfg.Store.Update(func(tx *store.Tx) (err error) {
		if latest, err = tx.Version(name, store.LatestVersion); err != nil {
			return err
		}
		if apiErr := a.beginUpdate(&latest, req.RevisionID); apiErr != nil {
			return apiErr
		}
		setIf(&latest.Runtime, req.Runtime)
		applySettings(&latest, req.settings)
		if req.Environment != nil && !a.sameEnvironment(latest, req.Environment) {
			latest.HasEnvironment, latest.EnvironmentSeal = sealed.HasEnvironment, sealed.EnvironmentSeal
		}
		return tx.PutVersion(latest)
	})
	if errors.Is(err, store.ErrNotFound) {
		return a.functionNotFound(name, "")
	}
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	a.lifecycle.schedule(name, store.LatestVersion)
	return a.replyConfiguration(w, http.StatusOK, latest, a.functionARN(name), nil)
}

func (a *API) validateCodeUpdate(req *updateCodeRequest) *APIError {
	if int64(len(req.ZipFile)) > a.cfg.Limits.MaxZipped {
		return tooLarge("Zipped size must be smaller than %d bytes", a.cfg.Limits.MaxZipped)
	}
	if v := architectureViolations(req.Architectures); len(v) > 0 {
		return validationErrors(v...)
	}
	if apiErr := zipOnly(req.S3Bucket, req.S3Key, req.ImageURI); apiErr != nil {
		return apiErr
	}
	if len(req.ZipFile) == 0 {
		return invalidParam("Could not unzip uploaded file. Please check your file, then try to upload again.")
	}
	return nil
}

func (a *API) updateFunctionCode(w http.ResponseWriter, r *http.Request) *APIError {
	name, apiErr := a.latestRef(r)
	if apiErr != nil {
		return apiErr
	}
	var req updateCodeRequest
	if apiErr := a.decodeZipBody(r, "UpdateFunctionCode", &req, func() *[]byte { return &req.ZipFile }); apiErr != nil {
		return apiErr
	}
	if apiErr := a.validateCodeUpdate(&req); apiErr != nil {
		return apiErr
	}
	info, apiErr := a.inspectZip(req.ZipFile)
	if apiErr != nil {
		return apiErr
	}
	if req.DryRun {
		return a.dryRunCode(w, name, &req, info.CodeSha256, info.Size)
	}
	reply, apiErr := a.storeCodeUpdate(name, &req, info)
	if apiErr != nil {
		return apiErr
	}
	a.lifecycle.schedule(name, store.LatestVersion)
	a.lifecycle.schedule(name, reply.Version)
	return a.replyConfiguration(w, http.StatusOK, reply, a.functionARN(name), nil)
}

// storeCodeUpdate commits new code to $LATEST, publishing a version when
// asked, and returns the version to answer with.
func (a *API) storeCodeUpdate(name string, req *updateCodeRequest, info codezip.Info) (store.Version, *APIError) {
	var reply store.Version
	err := a.cfg.Store.UpdateWithBlob(req.ZipFile, func(tx *store.Tx, key string) error {
		latest, err := tx.Version(name, store.LatestVersion)
		if err != nil {
			return err
		}
		if apiErr := a.beginUpdate(&latest, req.RevisionID); apiErr != nil {
			return apiErr
		}
		latest.Code = codeRef(key, info)
		if req.Architectures != nil {
			latest.Architectures = slices.Clone(req.Architectures)
		}
		if err := tx.PutVersion(latest); err != nil {
			return err
		}
		reply = latest
		if req.Publish {
			reply, err = publishAndSave(tx, latest, "")
		}
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return reply, a.functionNotFound(name, "")
	}
	return reply, asAPIError(err)
}

// dryRunCode answers an UpdateFunctionCode DryRun: the configuration the
// update would produce, with nothing stored.
func (a *API) dryRunCode(w http.ResponseWriter, name string, req *updateCodeRequest, sha string, size int64) *APIError {
	var latest store.Version
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		latest, err = tx.Version(name, store.LatestVersion)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return a.functionNotFound(name, "")
	}
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	if req.RevisionID != "" && req.RevisionID != latest.RevisionID {
		return preconditionFailed()
	}
	latest.Code.Sha256, latest.Code.Size = sha, size
	if req.Architectures != nil {
		latest.Architectures = req.Architectures
	}
	return a.replyConfiguration(w, http.StatusOK, latest, a.functionARN(name), nil)
}
