package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

func TestEventInvokeConfigLifecycle(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("cfg", makeZip(t, map[string]string{"index.py": "x"}), func(in *lambda.CreateFunctionInput) { in.Publish = true })
	h.create("other", makeZip(t, map[string]string{"index.py": "y"}))
	h.waitActive("cfg")
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("cfg"), Name: aws.String("live"), FunctionVersion: aws.String("1")})

	before := time.Now().Add(-time.Second)
	put := putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{
		FunctionName: aws.String("cfg"), MaximumRetryAttempts: aws.Int32(2), MaximumEventAgeInSeconds: aws.Int32(60),
	})
	if aws.ToString(put.FunctionArn) != fnARN+"cfg:$LATEST" || aws.ToInt32(put.MaximumRetryAttempts) != 2 ||
		aws.ToInt32(put.MaximumEventAgeInSeconds) != 60 || put.LastModified == nil || put.LastModified.Before(before) ||
		put.DestinationConfig == nil || put.DestinationConfig.OnSuccess == nil || put.DestinationConfig.OnSuccess.Destination != nil {
		t.Fatalf("put = %+v", put)
	}
	// Put replaces: the age set before is gone.
	put = putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("cfg"), MaximumRetryAttempts: aws.Int32(0)})
	if put.MaximumEventAgeInSeconds != nil || aws.ToInt32(put.MaximumRetryAttempts) != 0 {
		t.Fatalf("put after put = %+v", put)
	}
	// Update merges: the retries stay.
	upd, err := h.client.UpdateFunctionEventInvokeConfig(ctx, &lambda.UpdateFunctionEventInvokeConfigInput{
		FunctionName: aws.String("cfg"), MaximumEventAgeInSeconds: aws.Int32(120),
		DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String(fnARN + "other")}},
	})
	if err != nil || aws.ToInt32(upd.MaximumRetryAttempts) != 0 || aws.ToInt32(upd.MaximumEventAgeInSeconds) != 120 ||
		aws.ToString(upd.DestinationConfig.OnSuccess.Destination) != fnARN+"other" {
		t.Fatalf("update = %+v, %v", upd, err)
	}
	got, err := h.client.GetFunctionEventInvokeConfig(ctx, &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("cfg"), Qualifier: aws.String("$LATEST")})
	if err != nil || aws.ToInt32(got.MaximumEventAgeInSeconds) != 120 || aws.ToString(got.DestinationConfig.OnSuccess.Destination) != fnARN+"other" {
		t.Fatalf("get = %+v, %v", got, err)
	}
	putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("cfg"), Qualifier: aws.String("1"), MaximumRetryAttempts: aws.Int32(1)})
	putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String(fnARN + "cfg:live"), MaximumRetryAttempts: aws.Int32(1)})

	wantConfigARNs(t, h, "cfg", fnARN+"cfg:$LATEST", fnARN+"cfg:1", fnARN+"cfg:live")
	for _, q := range []string{"$LATEST", "1", "live"} {
		if _, err := h.client.DeleteFunctionEventInvokeConfig(ctx, &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: aws.String("cfg"), Qualifier: aws.String(q)}); err != nil {
			t.Fatalf("delete %s: %v", q, err)
		}
	}
	wantConfigARNs(t, h, "cfg")

	// Configs are deleted with their function.
	putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("other"), MaximumRetryAttempts: aws.Int32(1)})
	if _, err := h.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("other")}); err != nil {
		t.Fatal(err)
	}
	h.create("other", makeZip(t, map[string]string{"index.py": "y"}))
	_, err = h.client.GetFunctionEventInvokeConfig(ctx, &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("other")})
	wantAPIError(t, err, "ResourceNotFoundException", "The function "+fnARN+"other:$LATEST doesn't have an EventInvokeConfig")
	wantConfigARNs(t, h, "other")
}

func TestEventInvokeConfigRestartAndPaging(t *testing.T) {
	dir := t.TempDir()
	h := startEngine(t, dir, engine.Config{})
	h.create("keep", makeZip(t, map[string]string{"index.py": "x"}), func(in *lambda.CreateFunctionInput) { in.Publish = true })
	putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("keep"), MaximumRetryAttempts: aws.Int32(1)})
	putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("keep"), Qualifier: aws.String("1"), MaximumEventAgeInSeconds: aws.Int32(21600)})
	h.stop()

	h2 := startEngine(t, dir, engine.Config{})
	first, err := h2.client.ListFunctionEventInvokeConfigs(context.Background(), &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String("keep"), MaxItems: aws.Int32(1)})
	if err != nil || len(first.FunctionEventInvokeConfigs) != 1 || first.NextMarker == nil {
		t.Fatalf("first page = %+v, %v", first, err)
	}
	rest, err := h2.client.ListFunctionEventInvokeConfigs(context.Background(), &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String("keep"), Marker: first.NextMarker})
	if err != nil || len(rest.FunctionEventInvokeConfigs) != 1 || rest.NextMarker != nil ||
		aws.ToString(first.FunctionEventInvokeConfigs[0].FunctionArn) != fnARN+"keep:$LATEST" ||
		aws.ToInt32(rest.FunctionEventInvokeConfigs[0].MaximumEventAgeInSeconds) != 21600 {
		t.Fatalf("second page = %+v, %v", rest, err)
	}
}

func wantConfigARNs(t *testing.T, h *harness, function string, want ...string) {
	t.Helper()
	out, err := h.client.ListFunctionEventInvokeConfigs(context.Background(), &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String(function)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range out.FunctionEventInvokeConfigs {
		got = append(got, aws.ToString(c.FunctionArn))
	}
	if len(got) != len(want) {
		t.Fatalf("configs = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("configs = %v, want %v", got, want)
		}
	}
}

func TestEventInvokeConfigErrors(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("errs", makeZip(t, map[string]string{"index.py": "x"}), func(in *lambda.CreateFunctionInput) { in.Publish = true })
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("errs"), Name: aws.String("live"), FunctionVersion: aws.String("1")})
	const noConfig = "ResourceNotFoundException"
	put := func(in *lambda.PutFunctionEventInvokeConfigInput) error {
		_, err := h.client.PutFunctionEventInvokeConfig(ctx, in)
		return err
	}
	retries := aws.Int32(1)
	for _, tc := range []struct {
		name, code, msg string
		err             error
	}{
		{"missing function", noConfig, "The function doesn't exist.",
			put(&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("nope"), MaximumRetryAttempts: retries})},
		{"missing alias", noConfig, "The function doesn't exist.",
			put(&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("errs"), Qualifier: aws.String("livex"), MaximumRetryAttempts: retries})},
		{"nothing set", "InvalidParameterValueException", "You must specify at least one of error handling or destination setting.",
			put(&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("nope")})},
		{"qualifier conflict", "InvalidParameterValueException", "The derived qualifier from the function name does not match the specified qualifier.",
			put(&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("errs:1"), Qualifier: aws.String("$LATEST"), MaximumRetryAttempts: retries})},
		{"retries too high", "ValidationException", "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
			put(&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("errs"), MaximumRetryAttempts: aws.Int32(3)})},
		{"age too low", "ValidationException", "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
			put(&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("errs"), MaximumEventAgeInSeconds: aws.Int32(59)})},
		{"missing destination function", "InvalidParameterValueException", "The destination ARN " + fnARN + "doesnotexist is invalid.",
			put(&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("errs"), DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String(fnARN + "doesnotexist")}}})},
		{"self destination", "InvalidParameterValueException", "You can't specify the function as a destination for itself.",
			put(&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("errs"), DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String(fnARN + "errs")}}})},
		{"wrong service", "InvalidParameterValueException", "The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=arn:aws:iam:us-east-1:000000000000:function:errs), onFailure=null) is invalid.",
			put(&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("errs"), DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String("arn:aws:iam:us-east-1:000000000000:function:errs")}}})},
		{"bad ARN", "ValidationException", "1 validation error detected: Value 'arn:aws:_-/!lambda:us-east-1:000000000000:function:errs' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: " + `$|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)`,
			put(&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("errs"), DestinationConfig: onFailure("arn:aws:_-/!lambda:us-east-1:000000000000:function:errs")})},
	} {
		t.Run(tc.name, func(t *testing.T) { wantAPIError(t, tc.err, tc.code, tc.msg) })
	}

	_, err := h.client.GetFunctionEventInvokeConfig(ctx, &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("doesnotexist")})
	wantAPIError(t, err, noConfig, "The function "+fnARN+"doesnotexist:$LATEST doesn't have an EventInvokeConfig")
	_, err = h.client.GetFunctionEventInvokeConfig(ctx, &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("errs"), Qualifier: aws.String("doesnotexist")})
	wantAPIError(t, err, noConfig, "The function "+fnARN+"errs:doesnotexist doesn't have an EventInvokeConfig")
	_, err = h.client.DeleteFunctionEventInvokeConfig(ctx, &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: aws.String("errs")})
	wantAPIError(t, err, noConfig, "The function "+fnARN+"errs:$LATEST doesn't have an EventInvokeConfig")
	_, err = h.client.UpdateFunctionEventInvokeConfig(ctx, &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String("doesnotexist"), MaximumRetryAttempts: retries})
	wantAPIError(t, err, noConfig, "The function doesn't exist.")
	_, err = h.client.UpdateFunctionEventInvokeConfig(ctx, &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String(fnARN + "errs:live"), MaximumRetryAttempts: retries})
	wantAPIError(t, err, noConfig, "The function "+fnARN+"errs:live doesn't have an EventInvokeConfig")
	_, err = h.client.ListFunctionEventInvokeConfigs(ctx, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String("doesnotexist")})
	wantAPIError(t, err, noConfig, "The function doesn't exist.")
	// Destinations with no destination ARN are accepted, as on AWS.
	empty := putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("errs"), DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{}}})
	if empty.MaximumRetryAttempts != nil || empty.DestinationConfig.OnSuccess.Destination != nil {
		t.Errorf("put with an empty destination = %+v", empty)
	}
}
