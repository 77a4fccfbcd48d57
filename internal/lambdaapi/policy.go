package lambdaapi

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// Condition keys AddPermission writes into a statement, as GetPolicy reports
// them. IAM condition keys are case-insensitive, so they are matched that way.
const (
	CondSourceAccount       = "AWS:SourceAccount"
	CondSourceArn           = "AWS:SourceArn"
	CondEventSourceToken    = "lambda:EventSourceToken"
	CondPrincipalOrgID      = "aws:PrincipalOrgID"
	CondFunctionURLAuthType = "lambda:FunctionUrlAuthType"
)

// Policy is a function's resource-based policy, the JSON document GetPolicy
// returns in its Policy field.
type Policy struct {
	Version   string            `json:"Version"`
	ID        string            `json:"Id"`
	Statement []PolicyStatement `json:"Statement"`
}

// PolicyStatement is one statement of a Policy. Principal, Action and
// Resource may each be a string or a list, and Principal also an object
// ({"Service": …} or {"AWS": …}), so they are kept raw and read through the
// methods below.
type PolicyStatement struct {
	Sid       string                                `json:"Sid"`
	Effect    string                                `json:"Effect"`
	Principal json.RawMessage                       `json:"Principal"`
	Action    json.RawMessage                       `json:"Action"`
	Resource  json.RawMessage                       `json:"Resource"`
	Condition map[string]map[string]json.RawMessage `json:"Condition"`
}

// ParsePolicy decodes a GetPolicy document.
func ParsePolicy(doc string) (*Policy, error) {
	var p Policy
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, fmt.Errorf("parsing the function's resource-based policy: %w", err)
	}
	return &p, nil
}

// Find returns the statement with the given Sid.
func (p *Policy) Find(sid string) (PolicyStatement, bool) {
	for _, s := range p.Statement {
		if s.Sid == sid {
			return s, true
		}
	}
	return PolicyStatement{}, false
}

// firstString reads a JSON string, or the first string of a JSON list.
func firstString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil && len(list) > 0 {
		return list[0]
	}
	return ""
}

// ActionName returns the statement's action, such as lambda:InvokeFunction.
func (s PolicyStatement) ActionName() string { return firstString(s.Action) }

// ResourceARN returns the ARN the statement applies to (qualified when the
// permission was added to a version or alias).
func (s PolicyStatement) ResourceARN() string { return firstString(s.Resource) }

// PrincipalName returns the principal as AddPermission's Principal would
// name it: "*", a service principal such as s3.amazonaws.com, or the AWS
// principal as stored (AWS stores an account ID as arn:aws:iam::ID:root).
func (s PolicyStatement) PrincipalName() string {
	if p := firstString(s.Principal); p != "" {
		return p
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(s.Principal, &obj) != nil {
		return ""
	}
	for _, key := range []string{"Service", "AWS", "Federated", "CanonicalUser"} {
		if v, ok := obj[key]; ok {
			return firstString(v)
		}
	}
	return ""
}

// ConditionValue returns the value of a condition key under an operator
// (StringEquals, ArnLike…), or "" when absent. Operators and keys match
// case-insensitively, as IAM evaluates them.
func (s PolicyStatement) ConditionValue(operator, key string) string {
	for op, kv := range s.Condition {
		if !strings.EqualFold(op, operator) {
			continue
		}
		for k, v := range kv {
			if strings.EqualFold(k, key) {
				return firstString(v)
			}
		}
	}
	return ""
}

var rootPrincipalRe = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:iam::(\d{12}):root$`)

// PrincipalAccount returns the account ID of an account's root principal
// (arn:aws:iam::123456789012:root), the form AWS stores when AddPermission
// was given a bare account ID.
func PrincipalAccount(principal string) (string, bool) {
	m := rootPrincipalRe.FindStringSubmatch(principal)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// FindPolicyStatement reads the policy of the function (or of its version
// or alias when qualifier is set) and returns the statement sid. A missing
// function, a missing policy and a missing statement all surface as a
// ResourceNotFoundException, for which IsNotFound holds.
func FindPolicyStatement(ctx context.Context, c *lambda.Client, function, qualifier, sid string) (PolicyStatement, error) {
	in := &lambda.GetPolicyInput{FunctionName: aws.String(function)}
	if qualifier != "" {
		in.Qualifier = aws.String(qualifier)
	}
	out, err := c.GetPolicy(ctx, in)
	if err != nil {
		return PolicyStatement{}, err
	}
	p, err := ParsePolicy(aws.ToString(out.Policy))
	if err != nil {
		return PolicyStatement{}, err
	}
	s, ok := p.Find(sid)
	if !ok {
		return PolicyStatement{}, &types.ResourceNotFoundException{
			Message: aws.String(fmt.Sprintf("No statement %s in the policy of %s", sid, qualified(function, qualifier))),
		}
	}
	return s, nil
}

// FindAlias returns GetAlias's answer. A missing alias or function surfaces
// as an error for which IsNotFound holds.
func FindAlias(ctx context.Context, c *lambda.Client, function, name string) (*lambda.GetAliasOutput, error) {
	return c.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: aws.String(function), Name: aws.String(name)})
}

func qualified(function, qualifier string) string {
	if qualifier == "" {
		return function
	}
	return function + ":" + qualifier
}
