package lambdaapi

import (
	"net/http"
	"strings"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// invokeAuth describes an invocation made on behalf of another
// principal, as the function's resource-based policy sees it.
type invokeAuth struct {
	principal     string // service ("sqs.amazonaws.com"), account ID or IAM ARN
	sourceArn     string
	sourceAccount string
}

// Authorize reports whether principal may invoke function (through
// qualifier: "" for the unqualified function, a version or an alias) on
// behalf of the resource sourceArn owned by sourceAccount. The engine's own
// event sources call it before invoking, as AWS services must be granted
// lambda:InvokeFunction by the function's policy; the owner's Invoke calls
// need no statement. It returns nil or an *APIError: ResourceNotFoundException
// for a missing function, AccessDeniedException when no statement allows
// the call. As on AWS, each version and alias has its own policy: a
// statement on the unqualified function does not cover its aliases.
func (a *API) Authorize(function, qualifier, principal, sourceArn, sourceAccount string) error {
	var p store.Policy
	err := a.cfg.Store.View(func(tx *store.Tx) error {
		if _, err := qualifiedVersion(tx, function, orLatest(qualifier)); isNotFound(err) {
			return a.functionNotFound(function, qualifier)
		} else if err != nil {
			return err
		}
		var err error
		p, err = tx.Policy(function, orLatest(qualifier))
		if isNotFound(err) {
			return nil // no policy allows nothing
		}
		return err
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	req := invokeAuth{principal: principal, sourceArn: sourceArn, sourceAccount: sourceAccount}
	if !allows(p.Statements, req) {
		return newErr(http.StatusForbidden, "AccessDeniedException",
			"User: %s is not authorized to perform: %s on resource: %s because no resource-based policy allows the %s action",
			principal, actionInvokeFunction, a.qualifiedARN(function, qualifier), actionInvokeFunction)
	}
	return nil
}

func orLatest(q string) string {
	if q == "" {
		return store.LatestVersion
	}
	return q
}

// allows evaluates Allow statements: one whose action, principal and
// conditions all match grants the invocation. (AddPermission only writes
// Allow statements, so there is no Deny to weigh.)
func allows(stmts []store.Statement, req invokeAuth) bool {
	for _, s := range stmts {
		if actionMatches(s.Action) && principalMatches(s.Principal, req.principal) && conditionsHold(s, req) {
			return true
		}
	}
	return false
}

func actionMatches(action string) bool {
	return action == actionInvokeFunction || action == "lambda:*" || action == "*"
}

// principalMatches: "*" is anyone; a service or IAM ARN must be named
// exactly; an account ID covers the account itself and every IAM/STS
// identity in it.
func principalMatches(granted, caller string) bool {
	switch {
	case granted == "*" || granted == caller:
		return true
	case accountIDRe.MatchString(granted):
		return iamARNRe.MatchString(caller) && arnAccount(caller) == granted
	}
	return false
}

func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}

// conditionsHold evaluates the statement's conditions. A condition on a key
// the request does not carry fails, as in IAM; the engine's event sources
// never present an event source token, an organization or a function URL.
func conditionsHold(s store.Statement, req invokeAuth) bool {
	if s.SourceArn != "" && !arnLike(s.SourceArn, req.sourceArn) {
		return false
	}
	if s.SourceAccount != "" && s.SourceAccount != req.sourceAccount {
		return false
	}
	return s.EventSourceToken == "" && s.PrincipalOrgID == "" && s.FunctionURLAuthType == "" && !s.InvokedViaFunctionURL
}

// arnLike is IAM's ArnLike: each of the six colon-separated components is
// matched on its own, with * and ? wildcards.
func arnLike(pattern, arn string) bool {
	p, v := strings.SplitN(pattern, ":", 6), strings.SplitN(arn, ":", 6)
	if len(p) != 6 || len(v) != 6 {
		return false
	}
	for i := range p {
		if !wildcardMatch(p[i], v[i]) {
			return false
		}
	}
	return true
}

// wildcardMatch matches s against a pattern where * is any run of
// characters and ? any one character.
func wildcardMatch(pattern, s string) bool {
	star, mark := -1, 0
	i, j := 0, 0
	for j < len(s) {
		switch {
		case i < len(pattern) && (pattern[i] == '?' || pattern[i] == s[j]):
			i++
			j++
		case i < len(pattern) && pattern[i] == '*':
			star, mark = i, j
			i++
		case star >= 0:
			i, mark = star+1, mark+1
			j = mark
		default:
			return false
		}
	}
	for i < len(pattern) && pattern[i] == '*' {
		i++
	}
	return i == len(pattern)
}
