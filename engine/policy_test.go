package engine_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

const (
	invokeAction = "lambda:InvokeFunction"
	bucketARN    = "arn:aws:s3:::test-bucket"
)

func addPermission(t *testing.T, h *harness, in *lambda.AddPermissionInput) string {
	t.Helper()
	out, err := h.client.AddPermission(context.Background(), in)
	if err != nil {
		t.Fatalf("AddPermission %s: %v", aws.ToString(in.StatementId), err)
	}
	return aws.ToString(out.Statement)
}

func s3Permission(fn, sid string) *lambda.AddPermissionInput {
	return &lambda.AddPermissionInput{FunctionName: aws.String(fn), StatementId: aws.String(sid), Action: aws.String(invokeAction),
		Principal: aws.String("s3.amazonaws.com"), SourceArn: aws.String(bucketARN)}
}

func getPolicy(t *testing.T, h *harness, fn, qualifier string) *lambda.GetPolicyOutput {
	t.Helper()
	in := &lambda.GetPolicyInput{FunctionName: aws.String(fn)}
	if qualifier != "" {
		in.Qualifier = aws.String(qualifier)
	}
	out, err := h.client.GetPolicy(context.Background(), in)
	if err != nil {
		t.Fatalf("GetPolicy %s %s: %v", fn, qualifier, err)
	}
	return out
}

func s3Statement(sid, resource string) string {
	return `{"Sid":"` + sid + `","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` + resource +
		`","Condition":{"ArnLike":{"AWS:SourceArn":"` + bucketARN + `"}}}`
}

func policyDoc(statements ...string) string {
	doc := `{"Version":"2012-10-17","Id":"default","Statement":[`
	for i, s := range statements {
		if i > 0 {
			doc += ","
		}
		doc += s
	}
	return doc + "]}"
}

func TestPermissionLifecycle(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("perm", makeZip(t, map[string]string{"index.py": "x"}))
	active := aws.ToString(h.waitActive("perm").Configuration.RevisionId)

	in := s3Permission("perm", "s3")
	in.RevisionId = aws.String(active) // before any policy, the function's RevisionId applies
	if got := addPermission(t, h, in); got != s3Statement("s3", fnARN+"perm") {
		t.Fatalf("Statement = %s", got)
	}
	policy := getPolicy(t, h, "perm", "")
	if aws.ToString(policy.Policy) != policyDoc(s3Statement("s3", fnARN+"perm")) {
		t.Fatalf("Policy = %s", aws.ToString(policy.Policy))
	}
	fn := h.waitActive("perm")
	if rev := aws.ToString(policy.RevisionId); rev == active || rev != aws.ToString(fn.Configuration.RevisionId) {
		t.Fatalf("policy RevisionId %s; function %s before %s", rev, aws.ToString(fn.Configuration.RevisionId), active)
	}

	// Publishing changes $LATEST's RevisionId but not the policy's, and the
	// policy's keeps working as a precondition.
	if _, err := h.client.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("perm")}); err != nil {
		t.Fatal(err)
	}
	if again := getPolicy(t, h, "perm", ""); aws.ToString(again.RevisionId) != aws.ToString(policy.RevisionId) {
		t.Fatal("publishing changed the policy's RevisionId")
	}
	_, err := h.client.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String("perm"), Qualifier: aws.String("1")})
	wantAPIError(t, err, "ResourceNotFoundException", "The resource you requested does not exist.")
	in2 := s3Permission("perm", "s3_2")
	in2.RevisionId = policy.RevisionId
	addPermission(t, h, in2)
	if got := aws.ToString(getPolicy(t, h, "perm", "").Policy); got != policyDoc(s3Statement("s3", fnARN+"perm"), s3Statement("s3_2", fnARN+"perm")) {
		t.Fatalf("Policy after two = %s", got)
	}

	// Versions and aliases have policies of their own, with qualified
	// Resources; the same statement id may be used in each.
	addPermission(t, h, &lambda.AddPermissionInput{FunctionName: aws.String("perm:1"), Qualifier: aws.String("1"), StatementId: aws.String("s3"),
		Action: aws.String(invokeAction), Principal: aws.String("s3.amazonaws.com"), SourceArn: aws.String(bucketARN)})
	if got := aws.ToString(getPolicy(t, h, "perm", "1").Policy); got != policyDoc(s3Statement("s3", fnARN+"perm:1")) {
		t.Fatalf("version policy = %s", got)
	}
	alias := createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("perm"), Name: aws.String("live"), FunctionVersion: aws.String("1")})
	stale := s3Permission("perm", "s3")
	stale.Qualifier, stale.RevisionId = aws.String("live"), aws.String("wrong")
	_, err = h.client.AddPermission(ctx, stale)
	wantAPIError(t, err, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id")
	stale.RevisionId = alias.RevisionId
	addPermission(t, h, stale)
	if got := aws.ToString(getPolicy(t, h, fnARN+"perm:live", "").Policy); got != policyDoc(s3Statement("s3", fnARN+"perm:live")) {
		t.Fatalf("alias policy = %s", got)
	}

	removePermissions(t, h)
}

// removePermissions continues TestPermissionLifecycle: removing statements
// one by one until the policy is gone.
func removePermissions(t *testing.T, h *harness) {
	ctx := context.Background()
	_, err := h.client.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("perm"), StatementId: aws.String("s3"), RevisionId: aws.String("wrong")})
	wantAPIError(t, err, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id")
	before := aws.ToString(h.waitActive("perm").Configuration.RevisionId)
	if _, err := h.client.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("perm"), StatementId: aws.String("s3")}); err != nil {
		t.Fatal(err)
	}
	if after := aws.ToString(h.waitActive("perm").Configuration.RevisionId); after == before {
		t.Error("RemovePermission kept the function's RevisionId")
	}
	_, err = h.client.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("perm"), StatementId: aws.String("s3")})
	wantAPIError(t, err, "ResourceNotFoundException", "Statement s3 is not found in resource policy.")
	if got := aws.ToString(getPolicy(t, h, "perm", "").Policy); got != policyDoc(s3Statement("s3_2", fnARN+"perm")) {
		t.Fatalf("Policy after removal = %s", got)
	}
	if _, err := h.client.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("perm"), StatementId: aws.String("s3_2")}); err != nil {
		t.Fatal(err)
	}
	_, err = h.client.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String("perm")})
	wantAPIError(t, err, "ResourceNotFoundException", "The resource you requested does not exist.")
	_, err = h.client.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("perm"), StatementId: aws.String("s3")})
	wantAPIError(t, err, "ResourceNotFoundException", "No policy is associated with the given resource.")
	// The version's policy is deleted with the version.
	if _, err := h.client.DeleteAlias(ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("perm"), Name: aws.String("live")}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("perm"), Qualifier: aws.String("1")}); err != nil {
		t.Fatal(err)
	}
	_, err = h.client.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String("perm"), Qualifier: aws.String("1")})
	wantAPIError(t, err, "ResourceNotFoundException", "The resource you requested does not exist.")
}

func TestPermissionFields(t *testing.T) {
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("fields", makeZip(t, map[string]string{"index.py": "x"}))
	res := fnARN + "fields"
	tests := []struct {
		name string
		in   lambda.AddPermissionInput
		want string
	}{
		{"wildcard", lambda.AddPermissionInput{StatementId: aws.String("wildcard"), Action: aws.String(invokeAction), Principal: aws.String("*"), SourceAccount: aws.String("111111111111")},
			`{"Sid":"wildcard","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"` + res + `","Condition":{"StringEquals":{"AWS:SourceAccount":"111111111111"}}}`},
		{"account", lambda.AddPermissionInput{StatementId: aws.String("account-id"), Action: aws.String(invokeAction), Principal: aws.String("111111111111")},
			`{"Sid":"account-id","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"lambda:InvokeFunction","Resource":"` + res + `"}`},
		{"user arn", lambda.AddPermissionInput{StatementId: aws.String("user-arn"), Action: aws.String(invokeAction), Principal: aws.String("arn:aws:iam::111111111111:user/u")},
			`{"Sid":"user-arn","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/u"},"Action":"lambda:InvokeFunction","Resource":"` + res + `"}`},
		{"function url", lambda.AddPermissionInput{StatementId: aws.String("urlPermission"), Action: aws.String("lambda:InvokeFunctionUrl"), Principal: aws.String("*"),
			SourceArn: aws.String(bucketARN), SourceAccount: aws.String("111111111111"), PrincipalOrgID: aws.String("o-1234567890"), FunctionUrlAuthType: types.FunctionUrlAuthTypeNone},
			`{"Sid":"urlPermission","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"` + res +
				`","Condition":{"StringEquals":{"AWS:SourceAccount":"111111111111","lambda:FunctionUrlAuthType":"NONE","aws:PrincipalOrgID":"o-1234567890"},"ArnLike":{"AWS:SourceArn":"` + bucketARN + `"}}}`},
		{"alexa", lambda.AddPermissionInput{StatementId: aws.String("alexaSkill"), Action: aws.String(invokeAction), Principal: aws.String("*"), EventSourceToken: aws.String("amzn1.ask.skill.x-y")},
			`{"Sid":"alexaSkill","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"` + res + `","Condition":{"StringEquals":{"lambda:EventSourceToken":"amzn1.ask.skill.x-y"}}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.FunctionName = aws.String("fields")
			if got := addPermission(t, h, &in); got != tc.want {
				t.Fatalf("Statement\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestPermissionErrors(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("fn", makeZip(t, map[string]string{"index.py": "x"}))
	addPermission(t, h, s3Permission("fn", "s3"))
	add := func(mod func(*lambda.AddPermissionInput)) func() error {
		return func() error {
			in := s3Permission("fn", "new")
			mod(in)
			_, err := h.client.AddPermission(ctx, in)
			return err
		}
	}
	tests := []struct {
		name, code, msg string
		call            func() error
	}{
		{"statement id", "ValidationException", "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
			add(func(in *lambda.AddPermissionInput) { in.StatementId = aws.String("example.com") })},
		{"qualifier mismatch", "InvalidParameterValueException", "The derived qualifier from the function name does not match the specified qualifier.",
			add(func(in *lambda.AddPermissionInput) {
				in.FunctionName, in.Qualifier = aws.String("fn:alias-not-42"), aws.String("42")
			})},
		{"$LATEST", "InvalidParameterValueException", "We currently do not support adding policies for $LATEST.",
			add(func(in *lambda.AddPermissionInput) {
				in.FunctionName, in.Qualifier = aws.String("fn:$LATEST"), aws.String("$LATEST")
			})},
		{"principal", "InvalidParameterValueException", "The provided principal was invalid. Please check the principal and try again.",
			add(func(in *lambda.AddPermissionInput) { in.Principal = aws.String("invalid.nonaws.com") })},
		{"missing function", "ResourceNotFoundException", "Function not found: " + fnARN + "doesnotexist",
			add(func(in *lambda.AddPermissionInput) { in.FunctionName = aws.String("doesnotexist") })},
		{"missing alias", "ResourceNotFoundException", "Cannot find alias arn: " + fnARN + "fn:alias-doesnotexist",
			add(func(in *lambda.AddPermissionInput) { in.FunctionName = aws.String("fn:alias-doesnotexist") })},
		{"missing version", "ResourceNotFoundException", "Function not found: " + fnARN + "fn:42",
			add(func(in *lambda.AddPermissionInput) { in.Qualifier = aws.String("42") })},
		{"invalid qualifier", "ValidationException", `1 validation error detected: Value 'invalid-qualifier-with-?-char' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`,
			add(func(in *lambda.AddPermissionInput) { in.Qualifier = aws.String("invalid-qualifier-with-?-char") })},
		{"qualifier naming nothing", "ResourceNotFoundException", "Function not found: " + fnARN + "fn:valid-with-$-but-doesnotexist",
			add(func(in *lambda.AddPermissionInput) { in.Qualifier = aws.String("valid-with-$-but-doesnotexist") })},
		{"duplicate", "ResourceConflictException", "The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.",
			add(func(in *lambda.AddPermissionInput) { in.StatementId = aws.String("s3") })},
		{"get missing function", "ResourceNotFoundException", "The resource you requested does not exist.", func() error {
			_, err := h.client.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String("doesnotexist")})
			return err
		}},
		{"get missing version", "ResourceNotFoundException", "The resource you requested does not exist.", func() error {
			_, err := h.client.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String("fn"), Qualifier: aws.String("77")})
			return err
		}},
		{"remove from missing function", "ResourceNotFoundException", "No policy found for: " + fnARN + "doesnotexist", func() error {
			_, err := h.client.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("doesnotexist"), StatementId: aws.String("s3")})
			return err
		}},
		{"remove from missing alias", "ResourceNotFoundException", "Cannot find alias arn: " + fnARN + "fn:alias-doesnotexist", func() error {
			_, err := h.client.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("fn"), StatementId: aws.String("s3"), Qualifier: aws.String("alias-doesnotexist")})
			return err
		}},
		{"remove missing statement", "ResourceNotFoundException", "Statement non-existent is not found in resource policy.", func() error {
			_, err := h.client.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("fn"), StatementId: aws.String("non-existent")})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantAPIError(t, tc.call(), tc.code, tc.msg) })
	}
}
