package engine_test

import (
	"context"
	"math"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

const fnARN = "arn:aws:lambda:us-east-1:000000000000:function:"

// pythonVersion reports which version ran, through which ARN, with which
// environment.
const pythonVersion = `import os
def handler(event, context):
    return {"version": context.function_version, "arn": context.invoked_function_arn, "stage": os.environ.get("STAGE")}
`

// twoVersions creates name with version 1 (STAGE=one) and version 2
// (STAGE=two), and leaves $LATEST equal to version 2.
func twoVersions(t *testing.T, h *harness, name string) {
	t.Helper()
	ctx := context.Background()
	h.create(name, makeZip(t, map[string]string{"index.py": pythonVersion}), func(in *lambda.CreateFunctionInput) {
		in.Publish = true
		in.Environment = &types.Environment{Variables: map[string]string{"STAGE": "one"}}
	})
	h.waitActive(name)
	_, err := h.client.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String(name), Environment: &types.Environment{Variables: map[string]string{"STAGE": "two"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.waitUpdated(name)
	if v, err := h.client.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String(name)}); err != nil || aws.ToString(v.Version) != "2" {
		t.Fatalf("PublishVersion: %v %v", v, err)
	}
}

func createAlias(t *testing.T, h *harness, in *lambda.CreateAliasInput) *lambda.CreateAliasOutput {
	t.Helper()
	out, err := h.client.CreateAlias(context.Background(), in)
	if err != nil {
		t.Fatalf("CreateAlias %s: %v", aws.ToString(in.Name), err)
	}
	return out
}

func TestAliasLifecycle(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	twoVersions(t, h, "al")
	weighted := createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("al"), Name: aws.String("canary"),
		FunctionVersion: aws.String("1"), Description: aws.String("custom-alias"),
		RoutingConfig: &types.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{"2": 0.2}}})
	if aws.ToString(weighted.AliasArn) != fnARN+"al:canary" || weighted.RoutingConfig.AdditionalVersionWeights["2"] != 0.2 || aws.ToString(weighted.RevisionId) == "" {
		t.Fatalf("CreateAlias = %+v", weighted)
	}
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String(fnARN + "al"), Name: aws.String("stable"), FunctionVersion: aws.String("1")})
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("000000000000:function:al"), Name: aws.String("2024-01-02"), FunctionVersion: aws.String("2")})
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("al"), Name: aws.String("head"), FunctionVersion: aws.String("$LATEST")})

	got, err := h.client.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: aws.String("al"), Name: aws.String("canary")})
	if err != nil || aws.ToString(got.RevisionId) != aws.ToString(weighted.RevisionId) || aws.ToString(got.Description) != "custom-alias" {
		t.Fatalf("GetAlias = %+v %v", got, err)
	}
	// GetFunction through an alias describes the version it points at under
	// the alias's ARN.
	for _, in := range []*lambda.GetFunctionInput{
		{FunctionName: aws.String("al"), Qualifier: aws.String("stable")},
		{FunctionName: aws.String("al:stable")},
		{FunctionName: aws.String(fnARN + "al:stable")},
	} {
		fn, err := h.client.GetFunction(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		c := fn.Configuration
		if aws.ToString(c.FunctionArn) != fnARN+"al:stable" || aws.ToString(c.Version) != "1" || c.Environment.Variables["STAGE"] != "one" {
			t.Fatalf("GetFunction(%s) = %+v", aws.ToString(in.FunctionName), c)
		}
	}
	cfg, err := h.client.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("al"), Qualifier: aws.String("2024-01-02")})
	if err != nil || aws.ToString(cfg.Version) != "2" || aws.ToString(cfg.FunctionArn) != fnARN+"al:2024-01-02" {
		t.Fatalf("GetFunctionConfiguration via alias = %+v %v", cfg, err)
	}

	wantAliasNames(t, h, nil, "2024-01-02", "canary", "head", "stable")
	wantAliasNames(t, h, aws.String("1"), "canary", "stable")

	// An empty routing configuration removes the weights; an update with
	// no changes still issues a new RevisionId.
	cleared, err := h.client.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("al"), Name: aws.String("canary"),
		RoutingConfig: &types.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{}}})
	if err != nil || cleared.RoutingConfig != nil || aws.ToString(cleared.Description) != "custom-alias" {
		t.Fatalf("UpdateAlias clearing weights = %+v %v", cleared, err)
	}
	same, err := h.client.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("al"), Name: aws.String("canary"), RevisionId: cleared.RevisionId})
	if err != nil || aws.ToString(same.RevisionId) == aws.ToString(cleared.RevisionId) {
		t.Fatalf("UpdateAlias without changes = %+v %v", same, err)
	}
	_, err = h.client.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("al"), Name: aws.String("canary"), RevisionId: cleared.RevisionId})
	wantAPIError(t, err, "PreconditionFailedException", revisionMsg)
	moved, err := h.client.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("al"), Name: aws.String("canary"), FunctionVersion: aws.String("2"),
		RoutingConfig: &types.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{"1": 0.5}}})
	if err != nil || aws.ToString(moved.FunctionVersion) != "2" || moved.RoutingConfig.AdditionalVersionWeights["1"] != 0.5 {
		t.Fatalf("UpdateAlias moving = %+v %v", moved, err)
	}

	for _, name := range []string{"canary", "canary", "never-existed"} { // deleting twice or a missing alias succeeds
		if _, err := h.client.DeleteAlias(ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("al"), Name: aws.String(name)}); err != nil {
			t.Fatalf("DeleteAlias %s: %v", name, err)
		}
	}
	wantAliasNames(t, h, nil, "2024-01-02", "head", "stable")
}

// wantAliasNames lists the aliases one per page, which also walks the
// pagination markers.
func wantAliasNames(t *testing.T, h *harness, version *string, want ...string) {
	t.Helper()
	var got []string
	p := lambda.NewListAliasesPaginator(h.client, &lambda.ListAliasesInput{FunctionName: aws.String("al"), FunctionVersion: version, MaxItems: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.Aliases {
			got = append(got, aws.ToString(a.Name))
		}
	}
	if len(got) != len(want) {
		t.Fatalf("aliases = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("aliases = %v, want %v", got, want)
		}
	}
}

func TestAliasErrors(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	twoVersions(t, h, "al")
	_, err := h.client.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("al"), Role: aws.String("arn:aws:iam::000000000000:role/other")})
	if err != nil {
		t.Fatal(err)
	}
	h.waitUpdated("al")
	if _, err := h.client.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("al")}); err != nil {
		t.Fatal(err)
	}
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("al"), Name: aws.String("live"), FunctionVersion: aws.String("1")})
	weights := func(w map[string]float64) *types.AliasRoutingConfiguration {
		return &types.AliasRoutingConfiguration{AdditionalVersionWeights: w}
	}
	create := func(fn, name, version string, rc *types.AliasRoutingConfiguration) func() error {
		return func() error {
			_, err := h.client.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: aws.String(fn), Name: aws.String(name), FunctionVersion: aws.String(version), RoutingConfig: rc})
			return err
		}
	}
	const rangeMsg = "failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]"
	tests := []struct {
		name, code, msg string
		call            func() error
	}{
		{"too many weights", "InvalidParameterValueException", "Number of items in AdditionalVersionWeights cannot be greater than 1",
			create("al", "x", "1", weights(map[string]float64{"1": 0.8, "2": 0.2}))},
		{"weight too high", "ValidationException", "1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' " + rangeMsg,
			create("al", "x", "1", weights(map[string]float64{"2": 2}))},
		{"weight below zero", "ValidationException", "1 validation error detected: Value '{2=-1.0}' at 'routingConfig.additionalVersionWeights' " + rangeMsg,
			create("al", "x", "1", weights(map[string]float64{"2": -1}))},
		{"same version", "InvalidParameterValueException", "Invalid function version 1. Function version 1 is already included in routing configuration.",
			create("al", "x", "1", weights(map[string]float64{"1": 0.5}))},
		{"missing target", "ResourceNotFoundException", "Function not found: " + fnARN + "al:10",
			create("al", "x", "10", weights(map[string]float64{"2": 0.5}))},
		{"missing additional version", "ResourceNotFoundException", "Function not found: " + fnARN + "al:10",
			create("al", "x", "1", weights(map[string]float64{"10": 0.5}))},
		{"weighted $LATEST", "InvalidParameterValueException", "$LATEST is not supported for an alias pointing to more than 1 version",
			create("al", "x", "$LATEST", weights(map[string]float64{"1": 0.5}))},
		{"$LATEST as additional version", "ValidationException", "1 validation error detected: Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]",
			create("al", "x", "1", weights(map[string]float64{"$LATEST": 0.5}))},
		{"different roles", "InvalidParameterValueException", "Specified versions must be associated with the same execution role",
			create("al", "x", "1", weights(map[string]float64{"3": 0.5}))},
		{"missing function", "ResourceNotFoundException", "Function not found: " + fnARN + "nope:1",
			create("nope", "x", "1", nil)},
		{"numeric name", "ValidationException", "1 validation error detected: Value '2024' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)",
			create("al", "2024", "1", nil)},
		{"exists", "ResourceConflictException", "Alias already exists: " + fnARN + "al:live",
			create("al", "live", "2", nil)},
		{"get missing", "ResourceNotFoundException", "Cannot find alias arn: " + fnARN + "al:non-existent", func() error {
			_, err := h.client.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: aws.String("al"), Name: aws.String("non-existent")})
			return err
		}},
		{"update missing", "ResourceNotFoundException", "Alias not found: " + fnARN + "al:non-existent", func() error {
			_, err := h.client.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("al"), Name: aws.String("non-existent")})
			return err
		}},
		{"get via missing alias", "ResourceNotFoundException", "Function not found: " + fnARN + "al:aliasdoesnotexist", func() error {
			_, err := h.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("al:aliasdoesnotexist")})
			return err
		}},
		{"delete referenced version", "ResourceConflictException", "Unable to delete version because the following aliases reference it: [live]", func() error {
			_, err := h.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("al"), Qualifier: aws.String("1")})
			return err
		}},
		{"delete through alias", "InvalidParameterValueException", "Deletion of aliases is not currently supported.", func() error {
			_, err := h.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("al:live")})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantAPIError(t, tc.call(), tc.code, tc.msg) })
	}
}

func TestWeightedAliasRouting(t *testing.T) {
	requirePython(t)
	h := startEngine(t, t.TempDir(), engine.Config{})
	twoVersions(t, h, "split")
	const weight, n = 0.3, 400
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("split"), Name: aws.String("canary"), FunctionVersion: aws.String("1"),
		RoutingConfig: &types.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{"2": weight}}})
	stages := map[string]string{"1": "one", "2": "two"}
	counts := map[string]int{}
	for range n {
		out, body := invokeJSON(t, h, &lambda.InvokeInput{FunctionName: aws.String("split:canary")})
		executed := aws.ToString(out.ExecutedVersion)
		// Each version runs in its own environments with its own settings,
		// and the function sees the alias ARN it was invoked through.
		if body["version"] != executed || body["stage"] != stages[executed] || body["arn"] != fnARN+"split:canary" {
			t.Fatalf("X-Amz-Executed-Version %q, body %v", executed, body)
		}
		counts[executed]++
	}
	// The count of version 2 is Binomial(n, weight): mean 120, standard
	// deviation 9.2. Accepting ±4.5 standard deviations makes a false
	// failure a one-in-150000 event while a broken split (e.g. always 1,
	// or 50/50) still fails.
	mean, sd := n*weight, math.Sqrt(n*weight*(1-weight))
	if got := float64(counts["2"]); math.Abs(got-mean) > 4.5*sd || counts["1"]+counts["2"] != n {
		t.Fatalf("executed versions %v; want version 2 in %.0f±%.0f of %d", counts, mean, 4.5*sd, n)
	}
}

func TestDeleteFunctionRemovesAliasesAndPolicies(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	zip := makeZip(t, map[string]string{"index.py": "x"})
	h.create("gone", zip, func(in *lambda.CreateFunctionInput) { in.Publish = true })
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("gone"), Name: aws.String("live"), FunctionVersion: aws.String("1")})
	addPermission(t, h, &lambda.AddPermissionInput{FunctionName: aws.String("gone"), StatementId: aws.String("s"), Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("s3.amazonaws.com")})
	addPermission(t, h, &lambda.AddPermissionInput{FunctionName: aws.String("gone:live"), StatementId: aws.String("s"), Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("s3.amazonaws.com")})
	if _, err := h.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("gone")}); err != nil {
		t.Fatal(err)
	}
	h.create("gone", zip, func(in *lambda.CreateFunctionInput) { in.Publish = true })
	list, err := h.client.ListAliases(ctx, &lambda.ListAliasesInput{FunctionName: aws.String("gone")})
	if err != nil || len(list.Aliases) != 0 {
		t.Fatalf("aliases of the re-created function: %+v %v", list, err)
	}
	_, err = h.client.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String("gone")})
	wantAPIError(t, err, "ResourceNotFoundException", "The resource you requested does not exist.")
	_, err = h.client.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String("gone"), Qualifier: aws.String("live")})
	wantAPIError(t, err, "ResourceNotFoundException", "The resource you requested does not exist.")
}

// TestInvokeSeesEveryChangeAtOnce checks that Invoke, which keeps the
// records it resolves decoded between calls, never serves a stale
// routing: each change below is visible to the very next call.
func TestInvokeSeesEveryChangeAtOnce(t *testing.T) {
	requirePython(t)
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	twoVersions(t, h, "fresh")
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("fresh"), Name: aws.String("live"), FunctionVersion: aws.String("1")})
	executed := func() string {
		t.Helper()
		out, body := invokeJSON(t, h, &lambda.InvokeInput{FunctionName: aws.String("fresh:live")})
		if body["version"] != aws.ToString(out.ExecutedVersion) {
			t.Fatalf("executed %q, function says %v", aws.ToString(out.ExecutedVersion), body)
		}
		return aws.ToString(out.ExecutedVersion)
	}
	if v := executed(); v != "1" {
		t.Fatalf("before the change: version %s, want 1", v)
	}
	for _, c := range []struct {
		in   *lambda.UpdateAliasInput
		want string
	}{
		{&lambda.UpdateAliasInput{FunctionVersion: aws.String("2")}, "2"},
		{&lambda.UpdateAliasInput{FunctionVersion: aws.String("2"), RoutingConfig: &types.AliasRoutingConfiguration{
			AdditionalVersionWeights: map[string]float64{"1": 1}}}, "1"},
		{&lambda.UpdateAliasInput{RoutingConfig: &types.AliasRoutingConfiguration{}}, "2"},
	} {
		c.in.FunctionName, c.in.Name = aws.String("fresh"), aws.String("live")
		if _, err := h.client.UpdateAlias(ctx, c.in); err != nil {
			t.Fatal(err)
		}
		if v := executed(); v != c.want {
			t.Fatalf("after UpdateAlias %+v: version %s, want %s", c.in, v, c.want)
		}
	}
	if _, err := h.client.DeleteAlias(ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("fresh"), Name: aws.String("live")}); err != nil {
		t.Fatal(err)
	}
	_, err := h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("fresh:live")})
	wantAPIError(t, err, "ResourceNotFoundException", "Function not found: "+fnARN+"fresh:live")
	if _, err := h.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("fresh")}); err != nil {
		t.Fatal(err)
	}
	_, err = h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("fresh")})
	wantAPIError(t, err, "ResourceNotFoundException", "Function not found: "+fnARN+"fresh")
}
