package lambdaapi

import (
	"net/http"
	"slices"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// policyRevisionMismatch is AddPermission/RemovePermission's answer to a
// stale RevisionId (recorded against AWS in LocalStack's
// test_function_revisions_permissions; UpdateAlias and the function
// operations name GetFunction/GetAlias instead).
func policyRevisionMismatch() *APIError {
	return newErr(http.StatusPreconditionFailed, "PreconditionFailedException",
		"The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id")
}

// policyRef resolves the FunctionName path and Qualifier query parameters
// of the permission operations.
func (a *API) policyRef(r *http.Request) (string, string, *APIError) {
	ref, apiErr := parseFunctionRef(r.PathValue("FunctionName"), opGet, a.cfg.Region, a.cfg.AccountID)
	if apiErr != nil {
		return "", "", apiErr
	}
	noteFunction(r, ref.Name)
	qualifier, apiErr := resolveQualifier(ref, r.URL.Query().Get("Qualifier"))
	return ref.Name, qualifier, apiErr
}

// policyTarget is the version or alias a policy belongs to.
type policyTarget struct {
	function, qualifier string // qualifier "" means the unqualified function
	arn                 string
	revision            string // the version's or alias's RevisionId
}

// key is the store key of the target's policy: the unqualified function's
// policy is kept under $LATEST.
func (t policyTarget) key() string {
	if t.qualifier == "" {
		return store.LatestVersion
	}
	return t.qualifier
}

// resolveTarget finds the version or alias named by qualifier, answering
// with AWS's messages when it does not exist.
func (a *API) resolveTarget(tx *store.Tx, function, qualifier string) (policyTarget, error) {
	t := policyTarget{function: function, qualifier: qualifier, arn: a.qualifiedARN(function, qualifier)}
	switch kindOf(t.key()) {
	case kindAlias:
		al, err := tx.Alias(function, qualifier)
		if isNotFound(err) {
			return t, notFound("Cannot find alias arn: %s", t.arn)
		}
		t.revision = al.RevisionID
		return t, err
	case kindVersion:
		v, err := tx.Version(function, t.key())
		if isNotFound(err) {
			return t, notFound("Function not found: %s", t.arn)
		}
		t.revision = v.RevisionID
		return t, err
	}
	return t, notFound("Function not found: %s", t.arn)
}

// setRevision gives the target a new RevisionId: like AWS, a permission
// change is a change of the version or alias it is attached to, and the
// policy's RevisionId equals the target's right after it.
func setRevision(tx *store.Tx, t policyTarget, revision string) error {
	if kindOf(t.qualifier) == kindAlias {
		al, err := tx.Alias(t.function, t.qualifier)
		if err != nil {
			return err
		}
		al.RevisionID = revision
		return tx.PutAlias(al)
	}
	v, err := tx.Version(t.function, t.key())
	if err != nil {
		return err
	}
	v.RevisionID = revision
	return tx.PutVersion(v)
}

// loadPolicy returns the target's policy, empty when it has none.
func loadPolicy(tx *store.Tx, t policyTarget) (store.Policy, error) {
	p, err := tx.Policy(t.function, t.key())
	if isNotFound(err) {
		return store.Policy{FunctionName: t.function, Qualifier: t.key()}, nil
	}
	return p, err
}

// checkPolicyRevision compares a RevisionId with the policy's or, while the
// target has no policy yet, with the target's own. (AWS accepts the
// policy's RevisionId even after publishing has changed $LATEST's:
// test_lambda_permission_fn_versioning.)
func checkPolicyRevision(p store.Policy, t policyTarget, revisionID string) *APIError {
	current := p.RevisionID
	if current == "" {
		current = t.revision
	}
	if revisionID != "" && revisionID != current {
		return policyRevisionMismatch()
	}
	return nil
}

// commitPolicy stores p with a new RevisionId shared with its target.
func commitPolicy(tx *store.Tx, p store.Policy, t policyTarget) error {
	p.RevisionID = newUUID()
	if err := setRevision(tx, t, p.RevisionID); err != nil {
		return err
	}
	return tx.PutPolicy(p)
}

func statementIndex(p store.Policy, sid string) int {
	return slices.IndexFunc(p.Statements, func(s store.Statement) bool { return s.Sid == sid })
}
