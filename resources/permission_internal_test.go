package resources

import (
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

func TestParsePermissionImportID(t *testing.T) {
	arn := "arn:aws:lambda:us-east-1:123456789012:function:f"
	tests := []struct {
		id, function, qualifier, sid string
		ok                           bool
	}{
		{"f/AllowS3", "f", "", "AllowS3", true},
		{"f:live/AllowS3", "f", "live", "AllowS3", true},
		{arn + "/AllowS3", arn, "", "AllowS3", true},
		{arn + ":7/AllowS3", arn, "7", "AllowS3", true},
		{"123456789012:function:f:live/s", "123456789012:function:f", "live", "s", true},
		{"f", "", "", "", false},
		{"f/", "", "", "", false},
		{"/s", "", "", "", false},
		{"f/bad sid", "", "", "", false},
	}
	for _, tt := range tests {
		fn, q, sid, ok := parsePermissionImportID(tt.id)
		if ok != tt.ok || (ok && (fn != tt.function || q != tt.qualifier || sid != tt.sid)) {
			t.Errorf("parsePermissionImportID(%q) = %q, %q, %q, %v; want %q, %q, %q, %v",
				tt.id, fn, q, sid, ok, tt.function, tt.qualifier, tt.sid, tt.ok)
		}
	}
}

func TestFlattenPrincipal(t *testing.T) {
	tests := []struct{ stored, prior, want string }{
		{"arn:aws:iam::210987654321:root", "210987654321", "210987654321"},
		{"arn:aws:iam::210987654321:root", "", "210987654321"}, // import
		{"arn:aws:iam::210987654321:root", "arn:aws:iam::210987654321:root", "arn:aws:iam::210987654321:root"},
		{"s3.amazonaws.com", "s3.amazonaws.com", "s3.amazonaws.com"},
		{"arn:aws:iam::210987654321:role/r", "", "arn:aws:iam::210987654321:role/r"},
		{"*", "*", "*"},
	}
	for _, tt := range tests {
		if got := flattenPrincipal(tt.stored, tt.prior); got != tt.want {
			t.Errorf("flattenPrincipal(%q, %q) = %q, want %q", tt.stored, tt.prior, got, tt.want)
		}
	}
}

func TestFlattenPermissionMapsConditions(t *testing.T) {
	p, err := lambdaapi.ParsePolicy(`{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s","Effect":"Allow",
		"Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction",
		"Resource":"arn:aws:lambda:us-east-1:123456789012:function:f:live",
		"Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012","lambda:EventSourceToken":"tok",
		"aws:PrincipalOrgID":"o-abcdefghij","lambda:FunctionUrlAuthType":"AWS_IAM"},
		"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::b"}}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := p.Find("s")
	prior := permissionModel{
		FunctionName:      types.StringValue("arn:aws:lambda:us-east-1:123456789012:function:f"),
		Qualifier:         types.StringValue("live"),
		StatementIDPrefix: types.StringNull(),
		SourceARN:         types.StringValue("stale"),
	}
	m := flattenPermission(s, prior)
	want := map[string]types.String{
		"id": types.StringValue("f:live/s"), "statement_id": types.StringValue("s"),
		"action": types.StringValue("lambda:InvokeFunction"), "principal": types.StringValue("s3.amazonaws.com"),
		"source_arn": types.StringValue("arn:aws:s3:::b"), "source_account": types.StringValue("123456789012"),
		"event_source_token": types.StringValue("tok"), "principal_org_id": types.StringValue("o-abcdefghij"),
		"function_url_auth_type": types.StringValue("AWS_IAM"), "function_name": prior.FunctionName,
		"qualifier": prior.Qualifier,
	}
	got := map[string]types.String{
		"id": m.ID, "statement_id": m.StatementID, "action": m.Action, "principal": m.Principal,
		"source_arn": m.SourceARN, "source_account": m.SourceAccount, "event_source_token": m.EventSourceToken,
		"principal_org_id": m.PrincipalOrgID, "function_url_auth_type": m.FunctionURLAuthType,
		"function_name": m.FunctionName, "qualifier": m.Qualifier,
	}
	for k, w := range want {
		if !got[k].Equal(w) {
			t.Errorf("%s = %s, want %s", k, got[k], w)
		}
	}

	// Conditions absent from the statement become null.
	bare, _ := lambdaapi.ParsePolicy(`{"Statement":[{"Sid":"b","Principal":"*","Action":"lambda:InvokeFunction"}]}`)
	b, _ := bare.Find("b")
	m = flattenPermission(b, prior)
	for k, v := range map[string]types.String{"source_arn": m.SourceARN, "source_account": m.SourceAccount,
		"event_source_token": m.EventSourceToken, "principal_org_id": m.PrincipalOrgID, "function_url_auth_type": m.FunctionURLAuthType} {
		if !v.IsNull() {
			t.Errorf("%s = %s, want null", k, v)
		}
	}
}

func TestAddPermissionInputOmitsUnset(t *testing.T) {
	in := addPermissionInput(permissionModel{
		FunctionName: types.StringValue("f"), StatementID: types.StringValue("s"),
		Action: types.StringValue("lambda:InvokeFunction"), Principal: types.StringValue("sns.amazonaws.com"),
		SourceARN: types.StringValue("arn:aws:sns:us-east-1:123456789012:t"), Qualifier: types.StringNull(),
		SourceAccount: types.StringNull(), EventSourceToken: types.StringNull(), PrincipalOrgID: types.StringNull(),
		FunctionURLAuthType: types.StringNull(),
	})
	if in.Qualifier != nil || in.SourceAccount != nil || in.EventSourceToken != nil || in.PrincipalOrgID != nil || in.FunctionUrlAuthType != "" {
		t.Errorf("unset arguments were sent: %+v", in)
	}
	if aws.ToString(in.SourceArn) != "arn:aws:sns:us-east-1:123456789012:t" || aws.ToString(in.StatementId) != "s" {
		t.Errorf("set arguments were not sent: %+v", in)
	}
}

func TestUniqueStatementID(t *testing.T) {
	re := regexp.MustCompile(`^acct-\d{26}$`)
	seen := map[string]bool{}
	for range 1000 {
		id := uniqueStatementID("acct-")
		if !re.MatchString(id) || len(id)-len("acct-") != uniqueSuffixLength {
			t.Fatalf("uniqueStatementID = %q, want acct- and %d digits", id, uniqueSuffixLength)
		}
		if seen[id] {
			t.Fatalf("uniqueStatementID repeated %q", id)
		}
		seen[id] = true
	}
}
