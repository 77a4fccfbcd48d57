package store

import "fmt"

// Statement is one permission of a resource-based policy, as AddPermission
// received it; the API renders it in AWS's policy language.
type Statement struct {
	Sid                   string `json:"sid"`
	Action                string `json:"action"`
	Principal             string `json:"principal"`
	Resource              string `json:"resource"`
	SourceArn             string `json:"sourceArn,omitempty"`
	SourceAccount         string `json:"sourceAccount,omitempty"`
	EventSourceToken      string `json:"eventSourceToken,omitempty"`
	PrincipalOrgID        string `json:"principalOrgId,omitempty"`
	FunctionURLAuthType   string `json:"functionUrlAuthType,omitempty"`
	InvokedViaFunctionURL bool   `json:"invokedViaFunctionUrl,omitempty"`
}

// Policy is the resource-based policy of one function version or alias
// ($LATEST stands for the unqualified function).
type Policy struct {
	FunctionName string      `json:"functionName"`
	Qualifier    string      `json:"qualifier"`
	RevisionID   string      `json:"revisionId"`
	Statements   []Statement `json:"statements"`
}

// Policy returns the policy of a function version or alias.
func (t *Tx) Policy(function, qualifier string) (Policy, error) {
	var p Policy
	return p, get(t.tx.Bucket(bucketPolicies), childKey(function, qualifier), &p)
}

// PutPolicy stores a policy, or removes it when it has no statements left.
func (t *Tx) PutPolicy(p Policy) error {
	if len(p.Statements) == 0 {
		return t.DeletePolicy(p.FunctionName, p.Qualifier)
	}
	return put(t.tx.Bucket(bucketPolicies), childKey(p.FunctionName, p.Qualifier), p)
}

// DeletePolicy removes a policy; a missing policy is not an error.
func (t *Tx) DeletePolicy(function, qualifier string) error {
	if err := t.tx.Bucket(bucketPolicies).Delete(childKey(function, qualifier)); err != nil {
		return fmt.Errorf("delete policy: %w", err)
	}
	return nil
}
