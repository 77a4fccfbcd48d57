package lambdaapi

import (
	"net/http"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

func (a *API) addPermission(w http.ResponseWriter, r *http.Request) *APIError {
	function, qualifier, apiErr := a.policyRef(r)
	if apiErr != nil {
		return apiErr
	}
	var req addPermissionRequest
	if apiErr := decodeBody(r, "AddPermission", &req); apiErr != nil {
		return apiErr
	}
	if v := req.violations(); len(v) > 0 {
		return validationErrors(v...)
	}
	if qualifier == store.LatestVersion {
		return invalidParam("We currently do not support adding policies for $LATEST.")
	}
	var stmt store.Statement
	err := a.cfg.Store.Update(func(tx *store.Tx) error {
		if err := a.existingQualified(tx, function, qualifier); err != nil {
			return err
		}
		t, err := a.resolveTarget(tx, function, qualifier)
		if err != nil {
			return err
		}
		p, err := loadPolicy(tx, t)
		if err != nil {
			return err
		}
		if apiErr := a.checkNewStatement(p, t, &req); apiErr != nil {
			return apiErr
		}
		stmt = newStatement(&req, t.arn)
		p.Statements = append(p.Statements, stmt)
		return commitPolicy(tx, p, t)
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	writeJSON(w, http.StatusCreated, addPermissionResponse{Statement: render(a.statementObject(stmt))})
	return nil
}

// existingQualified fails with "Function not found" (naming the qualified
// ARN when there is a qualifier) when the function does not exist.
func (a *API) existingQualified(tx *store.Tx, function, qualifier string) error {
	_, err := tx.Function(function)
	if isNotFound(err) {
		return a.functionNotFound(function, qualifier)
	}
	return err
}

// checkNewStatement applies AddPermission's checks in AWS's order.
func (a *API) checkNewStatement(p store.Policy, t policyTarget, req *addPermissionRequest) *APIError {
	if apiErr := checkPolicyRevision(p, t, req.RevisionID); apiErr != nil {
		return apiErr
	}
	if statementIndex(p, *req.StatementID) >= 0 {
		return conflict("The statement id (%s) provided already exists. Please provide a new statement id, or remove the existing statement.", *req.StatementID)
	}
	return req.serviceChecks()
}

func newStatement(req *addPermissionRequest, resource string) store.Statement {
	s := store.Statement{Sid: *req.StatementID, Action: *req.Action, Principal: *req.Principal, Resource: resource}
	setIf(&s.SourceArn, req.SourceArn)
	setIf(&s.SourceAccount, req.SourceAccount)
	setIf(&s.EventSourceToken, req.EventSourceToken)
	setIf(&s.PrincipalOrgID, req.PrincipalOrgID)
	setIf(&s.FunctionURLAuthType, req.FunctionURLAuthType)
	setIf(&s.InvokedViaFunctionURL, req.InvokedViaFunctionURL)
	return s
}

func (a *API) removePermission(w http.ResponseWriter, r *http.Request) *APIError {
	function, qualifier, apiErr := a.policyRef(r)
	if apiErr != nil {
		return apiErr
	}
	sid := r.PathValue("StatementId")
	f := field{member: "statementId", value: &sid, re: removeStatementIDRe, pattern: patternRemoveStatementID, maxLen: 100, minLen: 1}
	if v := f.violations(); len(v) > 0 {
		return validationErrors(v...)
	}
	err := a.cfg.Store.Update(func(tx *store.Tx) error {
		if _, err := tx.Function(function); isNotFound(err) {
			return notFound("No policy found for: %s", a.functionARN(function))
		}
		t, err := a.resolveTarget(tx, function, qualifier)
		if err != nil {
			return err
		}
		p, err := tx.Policy(function, t.key())
		if isNotFound(err) {
			return notFound("No policy is associated with the given resource.")
		}
		if err != nil {
			return err
		}
		i := statementIndex(p, sid)
		if i < 0 {
			return notFound("Statement %s is not found in resource policy.", sid)
		}
		if apiErr := checkPolicyRevision(p, t, r.URL.Query().Get("RevisionId")); apiErr != nil {
			return apiErr
		}
		p.Statements = append(p.Statements[:i], p.Statements[i+1:]...)
		return commitPolicy(tx, p, t)
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) getPolicy(w http.ResponseWriter, r *http.Request) *APIError {
	function, qualifier, apiErr := a.policyRef(r)
	if apiErr != nil {
		return apiErr
	}
	t := policyTarget{function: function, qualifier: qualifier}
	var p store.Policy
	err := a.cfg.Store.View(func(tx *store.Tx) (err error) {
		p, err = tx.Policy(function, t.key())
		return err
	})
	// AWS gives one answer for a missing function, version, alias or
	// policy (LocalStack's test_permission_exceptions, recorded against AWS).
	if isNotFound(err) {
		return notFound("The resource you requested does not exist.")
	}
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	writeJSON(w, http.StatusOK, getPolicyResponse{Policy: a.policyDocument(p), RevisionID: p.RevisionID})
	return nil
}
