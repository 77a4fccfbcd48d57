package lambdaapi

import (
	"testing"
)

// A policy as GetPolicy returns it after AddPermission calls with a service
// principal and conditions, an account principal, and "*" with a function
// URL auth type.
const samplePolicy = `{"Version":"2012-10-17","Id":"default","Statement":[
 {"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction",
  "Resource":"arn:aws:lambda:us-east-1:123456789012:function:f",
  "Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"}}},
 {"Sid":"acct","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"lambda:GetFunction",
  "Resource":"arn:aws:lambda:us-east-1:123456789012:function:f:live",
  "Condition":{"stringequals":{"aws:principalorgid":"o-abcdefghij"}}},
 {"Sid":"url","Effect":"Allow","Principal":"*","Action":["lambda:InvokeFunctionUrl"],
  "Resource":["arn:aws:lambda:us-east-1:123456789012:function:f"],
  "Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":["NONE"],"lambda:EventSourceToken":"tok-1"}}}
]}`

func TestParsePolicy(t *testing.T) {
	p, err := ParsePolicy(samplePolicy)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		action, principal, resource       string
		account, arn, token, org, urlAuth string
	}
	tests := map[string]want{
		"s3": {"lambda:InvokeFunction", "s3.amazonaws.com", "arn:aws:lambda:us-east-1:123456789012:function:f",
			"123456789012", "arn:aws:s3:::bucket", "", "", ""},
		"acct": {"lambda:GetFunction", "arn:aws:iam::210987654321:root", "arn:aws:lambda:us-east-1:123456789012:function:f:live",
			"", "", "", "o-abcdefghij", ""},
		"url": {"lambda:InvokeFunctionUrl", "*", "arn:aws:lambda:us-east-1:123456789012:function:f",
			"", "", "tok-1", "", "NONE"},
	}
	for sid, w := range tests {
		s, ok := p.Find(sid)
		if !ok {
			t.Fatalf("statement %s not found", sid)
		}
		got := want{
			s.ActionName(), s.PrincipalName(), s.ResourceARN(),
			s.ConditionValue("StringEquals", CondSourceAccount), s.ConditionValue("ArnLike", CondSourceArn),
			s.ConditionValue("StringEquals", CondEventSourceToken), s.ConditionValue("StringEquals", CondPrincipalOrgID),
			s.ConditionValue("StringEquals", CondFunctionURLAuthType),
		}
		if got != w {
			t.Errorf("statement %s:\n got %+v\nwant %+v", sid, got, w)
		}
	}
	if _, ok := p.Find("missing"); ok {
		t.Error("found a statement that is not there")
	}
	if _, err := ParsePolicy("{not json"); err == nil {
		t.Error("ParsePolicy accepted invalid JSON")
	}
}

func TestPrincipalAccount(t *testing.T) {
	if a, ok := PrincipalAccount("arn:aws:iam::210987654321:root"); !ok || a != "210987654321" {
		t.Errorf("root principal: %q, %v", a, ok)
	}
	for _, p := range []string{"arn:aws:iam::210987654321:role/r", "s3.amazonaws.com", "*", "210987654321"} {
		if _, ok := PrincipalAccount(p); ok {
			t.Errorf("PrincipalAccount(%q) matched", p)
		}
	}
}
