package lambdaapi

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/codezip"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

func (a *API) createFunction(w http.ResponseWriter, r *http.Request) *APIError {
	var req createFunctionRequest
	zipField := func() *[]byte {
		if req.Code == nil {
			return nil
		}
		return &req.Code.ZipFile
	}
	if apiErr := a.decodeZipBody(r, "CreateFunction", &req, zipField); apiErr != nil {
		return apiErr
	}
	if req.Code != nil && int64(len(req.Code.ZipFile)) > a.cfg.Limits.MaxZipped {
		// AWS checks the zipped size before anything else.
		return tooLarge("Zipped size must be smaller than %d bytes", a.cfg.Limits.MaxZipped)
	}
	name, apiErr := a.validateCreate(&req)
	if apiErr != nil {
		return apiErr
	}
	noteFunction(r, name)
	info, apiErr := a.inspectZip(req.Code.ZipFile)
	if apiErr != nil {
		return apiErr
	}
	latest := newLatest(name, &req)
	if apiErr := a.sealEnvironment(&latest, req.Environment); apiErr != nil {
		return apiErr
	}
	reply, apiErr := a.storeNewFunction(req, latest, info)
	if apiErr != nil {
		return apiErr
	}
	a.lifecycle.schedule(name, store.LatestVersion)
	if reply.Version != store.LatestVersion {
		a.lifecycle.schedule(name, reply.Version)
	}
	return a.replyConfiguration(w, http.StatusCreated, reply, a.functionARN(name), func(c *functionConfiguration) {
		c.LastUpdateStatus = "" // AWS's CreateFunction answer has none
	})
}

// storeNewFunction commits a new function with its $LATEST (and version 1
// when the request asks to publish) and returns the version to answer with.
func (a *API) storeNewFunction(req createFunctionRequest, latest store.Version, info codezip.Info) (store.Version, *APIError) {
	now := time.Now()
	latest.LastModified, latest.RevisionID = now, newUUID()
	reply := latest
	err := a.cfg.Store.UpdateWithBlob(req.Code.ZipFile, func(tx *store.Tx, key string) error {
		if _, err := tx.Function(latest.FunctionName); err == nil {
			return conflict("Function already exist: %s", latest.FunctionName)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		latest.Code = codeRef(key, info)
		fn := store.Function{Name: latest.FunctionName, Tags: req.Tags, CreatedAt: now}
		if err := tx.PutVersion(latest); err != nil {
			return err
		}
		reply = latest
		if req.Publish {
			published, err := publish(tx, &fn, latest, latest.Description)
			if err != nil {
				return err
			}
			reply = published
		}
		return tx.PutFunction(fn)
	})
	return reply, asAPIError(err)
}

// validateCreate checks a CreateFunction request in AWS's order: request
// validation (ValidationException) first, then the service's own checks.
func (a *API) validateCreate(req *createFunctionRequest) (string, *APIError) {
	var v []string
	if req.FunctionName == "" {
		v = append(v, "Value null at 'functionName' failed to satisfy constraint: Member must not be null")
	}
	if req.Role == nil {
		v = append(v, "Value null at 'role' failed to satisfy constraint: Member must not be null")
	}
	if req.Code == nil {
		v = append(v, "Value null at 'code' failed to satisfy constraint: Member must not be null")
	}
	if req.PackageType != "" && req.PackageType != packageTypeZip && req.PackageType != "Image" {
		v = append(v, violation(req.PackageType, "packageType", "Member must satisfy enum value set: [Zip, Image]"))
	}
	v = append(v, req.violations()...)
	if len(v) > 0 {
		return "", validationErrors(v...)
	}
	ref, apiErr := parseFunctionRef(req.FunctionName, opCreate, a.cfg.Region, a.cfg.AccountID)
	if apiErr != nil {
		return "", apiErr
	}
	if req.PackageType == "Image" {
		return "", invalidParam("The local Lambdaform engine supports PackageType Zip only.")
	}
	if apiErr := a.validateCreateService(req); apiErr != nil {
		return "", apiErr
	}
	return ref.Name, nil
}

func (a *API) validateCreateService(req *createFunctionRequest) *APIError {
	if apiErr := rejectUnsupported(req.unsupported); apiErr != nil {
		return apiErr
	}
	if req.Runtime == nil || req.Handler == nil {
		return invalidParam("Runtime and Handler are mandatory parameters for functions created with deployment packages.")
	}
	if apiErr := validateRuntime(*req.Runtime); apiErr != nil {
		return apiErr
	}
	if req.Environment != nil {
		if apiErr := validateEnvironment(req.Environment.Variables); apiErr != nil {
			return apiErr
		}
	}
	if len(req.Tags) > maxTags {
		return invalidParam("Number of tags exceeds resource tag limit.")
	}
	if apiErr := zipOnly(req.Code.S3Bucket, req.Code.S3Key, req.Code.ImageURI); apiErr != nil {
		return apiErr
	}
	if len(req.Code.ZipFile) == 0 {
		return invalidParam("Could not unzip uploaded file. Please check your file, then try to upload again.")
	}
	return nil
}

// asAPIError turns a store transaction's error into the API answer.
func asAPIError(err error) *APIError {
	if err == nil {
		return nil
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	return serviceError("%v", err)
}

func (a *API) replyConfiguration(w http.ResponseWriter, status int, v store.Version, arn string, adjust func(*functionConfiguration)) *APIError {
	c, apiErr := a.configuration(v, arn)
	if apiErr != nil {
		return apiErr
	}
	if adjust != nil {
		adjust(&c)
	}
	writeJSON(w, status, c)
	return nil
}

// lookup resolves the FunctionName path parameter and Qualifier query
// parameter to a stored function and version. A qualifier may name an
// alias: the answer is then the version it points at (chosen by the alias's
// weights when how is weighted) under the alias's ARN, as on AWS.
func (a *API) lookup(r *http.Request, op nameOp, how routing) (store.Function, store.Version, string, *APIError) {
	ref, apiErr := parseFunctionRef(r.PathValue("FunctionName"), op, a.cfg.Region, a.cfg.AccountID)
	if apiErr != nil {
		return store.Function{}, store.Version{}, "", apiErr
	}
	noteFunction(r, ref.Name)
	qualifier, apiErr := resolveQualifier(ref, r.URL.Query().Get("Qualifier"))
	if apiErr != nil {
		return store.Function{}, store.Version{}, "", apiErr
	}
	version := qualifier
	if version == "" {
		version = store.LatestVersion
	}
	fn, v, err := a.resolve(ref.Name, version, how)
	if errors.Is(err, store.ErrNotFound) {
		return fn, v, "", a.functionNotFound(ref.Name, qualifier)
	}
	if err != nil {
		return fn, v, "", serviceError("%v", err)
	}
	return fn, v, a.qualifiedARN(ref.Name, qualifier), nil
}

func (a *API) getFunction(w http.ResponseWriter, r *http.Request) *APIError {
	fn, v, arn, apiErr := a.lookup(r, opGet, primaryOnly)
	if apiErr != nil {
		return apiErr
	}
	c, apiErr := a.configuration(v, arn)
	if apiErr != nil {
		return apiErr
	}
	resp := getFunctionResponse{Configuration: c, Code: a.codeLocation(r, v.Code.BlobKey)}
	if len(fn.Tags) > 0 {
		resp.Tags = fn.Tags
	}
	reserved, err := a.reservedOf(fn.Name)
	if err != nil {
		return asAPIError(err)
	}
	if reserved != nil {
		resp.Concurrency = &concurrencyBody{ReservedConcurrentExecutions: reserved}
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

func (a *API) getFunctionConfiguration(w http.ResponseWriter, r *http.Request) *APIError {
	_, v, arn, apiErr := a.lookup(r, opGet, primaryOnly)
	if apiErr != nil {
		return apiErr
	}
	return a.replyConfiguration(w, http.StatusOK, v, arn, nil)
}

func (a *API) deleteFunction(w http.ResponseWriter, r *http.Request) *APIError {
	ref, apiErr := parseFunctionRef(r.PathValue("FunctionName"), opDelete, a.cfg.Region, a.cfg.AccountID)
	if apiErr != nil {
		return apiErr
	}
	noteFunction(r, ref.Name)
	qualifier, apiErr := resolveQualifier(ref, r.URL.Query().Get("Qualifier"))
	if apiErr != nil {
		return apiErr
	}
	if qualifier == store.LatestVersion {
		return invalidParam("$LATEST version cannot be deleted without deleting the function.")
	}
	if kindOf(qualifier) == kindAlias {
		// Recorded against AWS, even for a function that does not exist.
		return invalidParam("Deletion of aliases is not currently supported.")
	}
	err := a.cfg.Store.Update(func(tx *store.Tx) error {
		if _, err := tx.Function(ref.Name); err != nil {
			return err
		}
		if qualifier == "" {
			return tx.DeleteFunction(ref.Name)
		}
		return deleteVersion(tx, ref.Name, qualifier)
	})
	if errors.Is(err, store.ErrNotFound) {
		return a.functionNotFound(ref.Name, "") // AWS names the unqualified ARN here
	}
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	if qualifier == "" && a.cfg.Invoker != nil {
		// Nothing of a deleted function may keep running. (Updates need
		// no call: the invoker retires a version's environments as soon as
		// it sees a newer configuration.)
		a.cfg.Invoker.Retire(ref.Name)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// deleteVersion deletes one published version unless an alias routes to it.
// Deleting a version that does not exist succeeds (recorded against AWS:
// "delete function on a random qualifier is idempotent").
func deleteVersion(tx *store.Tx, function, version string) error {
	refs, err := aliasesReferencing(tx, function, version)
	if err != nil {
		return err
	}
	if len(refs) > 0 {
		return conflict("Unable to delete version because the following aliases reference it: [%s]", strings.Join(refs, ", "))
	}
	if err := tx.DeleteVersion(function, version); !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}
