package engine_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

func putProvisioned(t *testing.T, h *harness, function, qualifier string, n int32) *lambda.PutProvisionedConcurrencyConfigOutput {
	t.Helper()
	out, err := h.client.PutProvisionedConcurrencyConfig(context.Background(), &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String(function), Qualifier: aws.String(qualifier), ProvisionedConcurrentExecutions: aws.Int32(n),
	})
	if err != nil {
		t.Fatalf("PutProvisionedConcurrencyConfig %s:%s: %v", function, qualifier, err)
	}
	return out
}

// waitProvisioned polls the configuration of function's alias "live".
func waitProvisioned(t *testing.T, h *harness, function string, want types.ProvisionedConcurrencyStatusEnum) *lambda.GetProvisionedConcurrencyConfigOutput {
	t.Helper()
	var out *lambda.GetProvisionedConcurrencyConfigOutput
	concWait(t, "provisioned concurrency "+string(want), func() bool {
		var err error
		out, err = h.client.GetProvisionedConcurrencyConfig(context.Background(), &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(function), Qualifier: aws.String("live"),
		})
		if err != nil {
			t.Fatal(err)
		}
		return out.Status == want
	})
	return out
}

// Provisioned concurrency on an alias: environments initialised ahead of
// time serve the first calls warm; calls beyond them spill over to
// on-demand environments; the configuration survives a restart.
func TestProvisionedConcurrencyOnAlias(t *testing.T) {
	requirePython(t)
	ctx := context.Background()
	dir := t.TempDir()
	h := startEngine(t, dir, engine.Config{})
	createHolder(t, h, "pc")
	publishAndAlias(t, h, "pc", "live")

	put := putProvisioned(t, h, "pc", "live", 2)
	if put.Status != types.ProvisionedConcurrencyStatusEnumInProgress || aws.ToInt32(put.RequestedProvisionedConcurrentExecutions) != 2 ||
		aws.ToInt32(put.AllocatedProvisionedConcurrentExecutions) != 0 || aws.ToString(put.LastModified) == "" {
		t.Fatalf("Put answered %+v", put)
	}
	got := waitProvisioned(t, h, "pc", types.ProvisionedConcurrencyStatusEnumReady)
	if aws.ToInt32(got.AllocatedProvisionedConcurrentExecutions) != 2 || aws.ToInt32(got.AvailableProvisionedConcurrentExecutions) != 2 {
		t.Fatalf("READY config = %+v", got)
	}
	if _, u := accountLimits(t, h); u != 998 {
		t.Fatalf("unreserved %d, want 998 (provisioned concurrency is carved out)", u)
	}

	// The first call is warm: no Init Duration, provisioned initialisation.
	out, err := h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("pc"), Qualifier: aws.String("live"), LogType: types.LogTypeTail})
	if err != nil || !bytes.Contains(out.Payload, []byte(`"init": "provisioned-concurrency"`)) {
		t.Fatalf("first invoke = %s, %v", out.Payload, err)
	}
	tail, _ := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
	if bytes.Contains(tail, []byte("Init Duration")) {
		t.Fatalf("first call on a provisioned environment reported a cold start:\n%s", tail)
	}

	// Three at once: two on the provisioned environments, one spills over.
	ok, throttled, inits := tally(t, burst(t, h, "pc", "live", 3), "")
	if ok != 3 || throttled != 0 || inits["provisioned-concurrency"] != 2 || inits["on-demand"] != 1 {
		t.Fatalf("burst of 3: ok %d throttled %d inits %v", ok, throttled, inits)
	}

	list, err := h.client.ListProvisionedConcurrencyConfigs(ctx, &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("pc")})
	if err != nil || len(list.ProvisionedConcurrencyConfigs) != 1 ||
		aws.ToString(list.ProvisionedConcurrencyConfigs[0].FunctionArn) != "arn:aws:lambda:us-east-1:000000000000:function:pc:live" {
		t.Fatalf("List = %+v, %v", list, err)
	}

	h.stop()
	if live := runtimeProcesses(t, dir); len(live) != 0 {
		t.Fatalf("runtime processes %v outlived the engine", live)
	}
	h = startEngine(t, dir, engine.Config{})
	waitProvisioned(t, h, "pc", types.ProvisionedConcurrencyStatusEnumReady)
	out, err = h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("pc"), Qualifier: aws.String("live")})
	if err != nil || !bytes.Contains(out.Payload, []byte(`"init": "provisioned-concurrency"`)) {
		t.Fatalf("invoke after restart = %s, %v", out.Payload, err)
	}

	if _, err := h.client.DeleteProvisionedConcurrencyConfig(ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("pc"), Qualifier: aws.String("live")}); err != nil {
		t.Fatal(err)
	}
	_, err = h.client.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("pc"), Qualifier: aws.String("live")})
	wantAPIError(t, err, "ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function")
	concWait(t, "the provisioned environments to stop", func() bool { return len(runtimeProcesses(t, dir)) == 0 })
}

// An Init that fails leaves the configuration FAILED with AWS's reason.
func TestProvisionedConcurrencyInitFailure(t *testing.T) {
	requirePython(t)
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("broken", makeZip(t, map[string]string{"index.py": "raise RuntimeError('no init')\n"}))
	h.waitActive("broken")
	publishAndAlias(t, h, "broken", "live")
	putProvisioned(t, h, "broken", "live", 1)
	got := waitProvisioned(t, h, "broken", types.ProvisionedConcurrencyStatusEnumFailed)
	if aws.ToString(got.StatusReason) != "FUNCTION_ERROR_INIT_FAILURE" {
		t.Fatalf("FAILED config = %+v", got)
	}
}

func TestProvisionedConcurrencyLimits(t *testing.T) {
	requirePython(t)
	h := startEngine(t, t.TempDir(), engine.Config{ConcurrencyLimit: 20})
	createHolder(t, h, "lim")
	publishAndAlias(t, h, "lim", "live")
	// Provisioned concurrency counts against reserved concurrency.
	putReserved(t, h, "lim", 3)
	_, err := h.client.PutProvisionedConcurrencyConfig(context.Background(), &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("lim"), Qualifier: aws.String("live"), ProvisionedConcurrentExecutions: aws.Int32(4)})
	wantAPIError(t, err, "InvalidParameterValueException", "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function")
	putProvisioned(t, h, "lim", "live", 3)
	waitProvisioned(t, h, "lim", types.ProvisionedConcurrencyStatusEnumReady)
	_, err = h.client.PutFunctionConcurrency(context.Background(), &lambda.PutFunctionConcurrencyInput{
		FunctionName: aws.String("lim"), ReservedConcurrentExecutions: aws.Int32(2)})
	wantAPIError(t, err, "InvalidParameterValueException", " ReservedConcurrentExecutions  2 should not be lower than function's total provisioned concurrency [3].")
	// The reservation bounds provisioned and on-demand together.
	ok, throttled, inits := tally(t, burst(t, h, "lim", "live", 10), types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded)
	if ok != 3 || throttled != 7 || inits["provisioned-concurrency"] != 3 {
		t.Fatalf("burst: ok %d throttled %d inits %v", ok, throttled, inits)
	}
	// Without a reservation it comes out of the unreserved pool, which
	// keeps its minimum (2 of 20).
	if _, err := h.client.DeleteFunctionConcurrency(context.Background(), &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String("lim")}); err != nil {
		t.Fatal(err)
	}
	_, err = h.client.PutProvisionedConcurrencyConfig(context.Background(), &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("lim"), Qualifier: aws.String("live"), ProvisionedConcurrentExecutions: aws.Int32(19)})
	wantAPIError(t, err, "InvalidParameterValueException", "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [2].")
	_, err = h.client.PutProvisionedConcurrencyConfig(context.Background(), &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("lim"), Qualifier: aws.String("live"), ProvisionedConcurrentExecutions: aws.Int32(21)})
	wantAPIError(t, err, "InvalidParameterValueException", "Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [20].")
}

func TestProvisionedConcurrencyErrors(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	twoVersions(t, h, "pce")
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("pce"), Name: aws.String("live"), FunctionVersion: aws.String("1")})
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("pce"), Name: aws.String("canary"), FunctionVersion: aws.String("1"),
		RoutingConfig: &types.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{"2": 0.5}}})
	const arn = "arn:aws:lambda:us-east-1:000000000000:function:"
	put := func(function, qualifier string, n int32) error {
		_, err := h.client.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(function), Qualifier: aws.String(qualifier), ProvisionedConcurrentExecutions: aws.Int32(n)})
		return err
	}
	get := func(function, qualifier string) error {
		_, err := h.client.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(function), Qualifier: aws.String(qualifier)})
		return err
	}
	del := func(function, qualifier string) error {
		_, err := h.client.DeleteProvisionedConcurrencyConfig(ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(function), Qualifier: aws.String(qualifier)})
		return err
	}
	wantAPIError(t, put("pce", "1", 0), "ValidationException", "1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1")
	wantAPIError(t, put("pce", "$LATEST", 1), "InvalidParameterValueException", "Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
	wantAPIError(t, get("pce", "$LATEST"), "InvalidParameterValueException", "The function resource provided must be an alias or a published version.")
	wantAPIError(t, del("pce", "$LATEST"), "InvalidParameterValueException", "The function resource provided must be an alias or a published version.")
	wantAPIError(t, put("nope", "noalias", 1), "ResourceNotFoundException", "Cannot find alias arn: "+arn+"nope:noalias")
	wantAPIError(t, put("nope", "1", 1), "ResourceNotFoundException", "Function not found: "+arn+"nope:1")
	wantAPIError(t, put("pce", "10", 1), "ResourceNotFoundException", "Function not found: "+arn+"pce:10")
	wantAPIError(t, get("pce", "noalias"), "ResourceNotFoundException", "Cannot find alias arn: "+arn+"pce:noalias")
	wantAPIError(t, del("pce", "noalias"), "ResourceNotFoundException", "Cannot find alias arn: "+arn+"pce:noalias")
	wantAPIError(t, get("pce", "1"), "ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function")
	if err := del("pce", "1"); err != nil {
		t.Fatalf("deleting a missing configuration: %v", err)
	}
	wantAPIError(t, put("pce", "canary", 1), "InvalidParameterValueException", "Alias with weights can not be used with Provisioned Concurrency")
	_, err := h.client.ListProvisionedConcurrencyConfigs(ctx, &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", "Function not found: "+arn+"nope")

	// One version is provisioned either directly or through an alias.
	if err := put("pce", "1", 1); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, put("pce", "live", 1), "ResourceConflictException", "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version")
	if err := del("pce", "1"); err != nil {
		t.Fatal(err)
	}
	if err := put("pce", "live", 1); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, put("pce", "1", 1), "ResourceConflictException", "Version is pointed by a Provisioned Concurrency alias")

	// Deleting the alias deletes its configuration.
	if _, err := h.client.DeleteAlias(ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("pce"), Name: aws.String("live")}); err != nil {
		t.Fatal(err)
	}
	list, err := h.client.ListProvisionedConcurrencyConfigs(ctx, &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("pce")})
	if err != nil || len(list.ProvisionedConcurrencyConfigs) != 0 {
		t.Fatalf("List after DeleteAlias = %+v, %v", list, err)
	}
	if _, u := accountLimits(t, h); u != 1000 {
		t.Fatalf("unreserved %d after the alias went, want 1000", u)
	}
}
