package lambdaapi

import (
	"regexp"
	"slices"
)

// AddPermission/RemovePermission member constraints as AWS prints them
// (Lambda service model, botocore lambda/2015-03-31/service-2.json; the
// statementId message is recorded against AWS in LocalStack's
// test_permission_exceptions snapshot).
const (
	patternStatementID       = `([a-zA-Z0-9-_]+)`
	patternRemoveStatementID = `([a-zA-Z0-9-_.]+)`
	patternAction            = `(lambda:[*]|lambda:[a-zA-Z]+|[*])`
	patternPrincipal         = `[^\s]+`
	patternSourceArn         = `arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`
	patternSourceAccount     = `\d{12}`
	patternEventSourceToken  = `[a-zA-Z0-9._\-]+`
	patternPrincipalOrgID    = `o-[a-z0-9]{10,32}`
	actionInvokeFunction     = "lambda:InvokeFunction"
	actionInvokeFunctionURL  = "lambda:InvokeFunctionUrl"
)

var (
	statementIDRe       = regexp.MustCompile(`^[a-zA-Z0-9_\-]+$`)
	removeStatementIDRe = regexp.MustCompile(`^[a-zA-Z0-9_.\-]+$`)
	actionRe            = regexp.MustCompile(`^(?:lambda:\*|lambda:[a-zA-Z]+|\*)$`)
	principalRe         = regexp.MustCompile(`^\S+$`)
	sourceArnRe         = regexp.MustCompile(`^arn:aws[a-zA-Z0-9-]*:[a-zA-Z0-9\-]+:(?:[a-z]{2}(?:-gov)?-[a-z]+-\d)?:(?:\d{12})?:.*$`)
	accountIDRe         = regexp.MustCompile(`^\d{12}$`)
	eventSourceTokenRe  = regexp.MustCompile(`^[a-zA-Z0-9._\-]+$`)
	principalOrgIDRe    = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
)

// field is one string member with its AWS constraints.
type field struct {
	member  string
	value   *string
	re      *regexp.Regexp
	pattern string
	maxLen  int // 0: none
	minLen  int
	require bool
}

func (f field) violations() []string {
	if f.value == nil {
		if f.require {
			return []string{"Value null at '" + f.member + "' failed to satisfy constraint: Member must not be null"}
		}
		return nil
	}
	var v []string
	if f.maxLen > 0 && len(*f.value) > f.maxLen {
		v = append(v, violation(*f.value, f.member, "Member must have length less than or equal to "+itoa(f.maxLen)))
	}
	if len(*f.value) < f.minLen {
		v = append(v, violation(*f.value, f.member, "Member must have length greater than or equal to "+itoa(f.minLen)))
	}
	if !f.re.MatchString(*f.value) {
		v = append(v, violation(*f.value, f.member, "Member must satisfy regular expression pattern: "+f.pattern))
	}
	return v
}

func (req *addPermissionRequest) violations() []string {
	fields := []field{
		{member: "statementId", value: req.StatementID, re: statementIDRe, pattern: patternStatementID, maxLen: 100, minLen: 1, require: true},
		{member: "action", value: req.Action, re: actionRe, pattern: patternAction, require: true},
		{member: "principal", value: req.Principal, re: principalRe, pattern: patternPrincipal, require: true},
		{member: "sourceArn", value: req.SourceArn, re: sourceArnRe, pattern: patternSourceArn},
		{member: "sourceAccount", value: req.SourceAccount, re: accountIDRe, pattern: patternSourceAccount, maxLen: 12},
		{member: "eventSourceToken", value: req.EventSourceToken, re: eventSourceTokenRe, pattern: patternEventSourceToken, maxLen: 256},
		{member: "principalOrgID", value: req.PrincipalOrgID, re: principalOrgIDRe, pattern: patternPrincipalOrgID, maxLen: 34, minLen: 12},
	}
	var v []string
	for _, f := range fields {
		v = append(v, f.violations()...)
	}
	if t := req.FunctionURLAuthType; t != nil && !slices.Contains([]string{"NONE", "AWS_IAM"}, *t) {
		v = append(v, violation(*t, "functionUrlAuthType", "Member must satisfy enum value set: [NONE, AWS_IAM]"))
	}
	return v
}

// serviceChecks are AddPermission's checks beyond request validation.
func (req *addPermissionRequest) serviceChecks() *APIError {
	p := *req.Principal
	if p != "*" && !isServicePrincipal(p) && !accountIDRe.MatchString(p) && !iamARNRe.MatchString(p) {
		return invalidParam("The provided principal was invalid. Please check the principal and try again.")
	}
	if req.FunctionURLAuthType != nil && *req.Action != actionInvokeFunctionURL {
		// Quoted from AWS in LocalStack's test_add_lambda_permission_fields.
		return invalidParam("FunctionUrlAuthType is only supported for lambda:InvokeFunctionUrl action")
	}
	return nil
}

// iamARNRe matches the IAM/STS principals a policy can name.
var iamARNRe = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:(?:iam|sts)::\d{12}:\S+$`)
