package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

func putReserved(t *testing.T, h *harness, name string, n int32) {
	t.Helper()
	out, err := h.client.PutFunctionConcurrency(context.Background(), &lambda.PutFunctionConcurrencyInput{
		FunctionName: aws.String(name), ReservedConcurrentExecutions: aws.Int32(n),
	})
	if err != nil {
		t.Fatalf("PutFunctionConcurrency %s %d: %v", name, n, err)
	}
	if aws.ToInt32(out.ReservedConcurrentExecutions) != n {
		t.Fatalf("PutFunctionConcurrency answered %v, want %d", out.ReservedConcurrentExecutions, n)
	}
}

func accountLimits(t *testing.T, h *harness) (limit, unreserved int32) {
	t.Helper()
	out, err := h.client.GetAccountSettings(context.Background(), &lambda.GetAccountSettingsInput{})
	if err != nil {
		t.Fatal(err)
	}
	return out.AccountLimit.ConcurrentExecutions, aws.ToInt32(out.AccountLimit.UnreservedConcurrentExecutions)
}

func TestReservedConcurrencyLifecycle(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	h := startEngine(t, dir, engine.Config{})
	h.create("rc", makeZip(t, map[string]string{"index.py": "x"}))
	if l, u := accountLimits(t, h); l != 1000 || u != 1000 {
		t.Fatalf("account limit %d unreserved %d, want 1000 and 1000", l, u)
	}
	get, err := h.client.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("rc")})
	if err != nil || get.ReservedConcurrentExecutions != nil {
		t.Fatalf("GetFunctionConcurrency before any = %v, %v", get, err)
	}
	putReserved(t, h, "rc", 0)
	putReserved(t, h, "rc", 250)
	get, err = h.client.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("rc")})
	if err != nil || aws.ToInt32(get.ReservedConcurrentExecutions) != 250 {
		t.Fatalf("GetFunctionConcurrency = %v, %v", get, err)
	}
	fn, err := h.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("rc")})
	if err != nil || fn.Concurrency == nil || aws.ToInt32(fn.Concurrency.ReservedConcurrentExecutions) != 250 {
		t.Fatalf("GetFunction Concurrency = %+v, %v", fn.Concurrency, err)
	}
	if _, u := accountLimits(t, h); u != 750 {
		t.Fatalf("unreserved %d, want 750", u)
	}

	// Durable: a restarted engine still knows it.
	h.stop()
	h = startEngine(t, dir, engine.Config{})
	if _, u := accountLimits(t, h); u != 750 {
		t.Fatalf("unreserved after restart %d, want 750", u)
	}

	if _, err := h.client.DeleteFunctionConcurrency(ctx, &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String("rc")}); err != nil {
		t.Fatal(err)
	}
	fn, err = h.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("rc")})
	if err != nil || fn.Concurrency != nil {
		t.Fatalf("GetFunction Concurrency after delete = %+v, %v", fn.Concurrency, err)
	}
	if _, u := accountLimits(t, h); u != 1000 {
		t.Fatalf("unreserved after delete %d, want 1000", u)
	}

	// A deleted function takes its reservation with it.
	putReserved(t, h, "rc", 10)
	if _, err := h.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("rc")}); err != nil {
		t.Fatal(err)
	}
	if _, u := accountLimits(t, h); u != 1000 {
		t.Fatalf("unreserved after DeleteFunction %d, want 1000", u)
	}
}

func TestReservedConcurrencyErrors(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("rc", makeZip(t, map[string]string{"index.py": "x"}))
	arn := "arn:aws:lambda:us-east-1:000000000000:function:"

	_, err := h.client.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("nope"), ReservedConcurrentExecutions: aws.Int32(1)})
	wantAPIError(t, err, "ResourceNotFoundException", "Function not found: "+arn+"nope:$LATEST")
	_, err = h.client.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", "Function not found: "+arn+"nope")
	_, err = h.client.DeleteFunctionConcurrency(ctx, &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", "Function not found: "+arn+"nope")
	_, err = h.client.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String(arn + "rc:1"), ReservedConcurrentExecutions: aws.Int32(1)})
	wantAPIError(t, err, "InvalidParameterValueException", "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
	_, err = h.client.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("rc"), ReservedConcurrentExecutions: aws.Int32(-1)})
	wantAPIError(t, err, "ValidationException", "1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0")
	// At least 100 of the default 1000 stay unreserved.
	_, err = h.client.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("rc"), ReservedConcurrentExecutions: aws.Int32(901)})
	wantAPIError(t, err, "InvalidParameterValueException", "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")
	putReserved(t, h, "rc", 900)
	putReserved(t, h, "rc", 900) // replacing its own reservation is no new reservation
}

// A small account limit keeps a tenth of it (rounded up) unreserved.
func TestSmallConcurrencyLimitScalesMinimum(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{ConcurrencyLimit: 10})
	zip := makeZip(t, map[string]string{"index.py": "x"})
	h.create("a", zip)
	h.create("b", zip)
	if l, u := accountLimits(t, h); l != 10 || u != 10 {
		t.Fatalf("limit %d unreserved %d", l, u)
	}
	putReserved(t, h, "a", 6)
	_, err := h.client.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("b"), ReservedConcurrentExecutions: aws.Int32(4)})
	wantAPIError(t, err, "InvalidParameterValueException", "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [1].")
	putReserved(t, h, "b", 3)
	if _, u := accountLimits(t, h); u != 1 {
		t.Fatalf("unreserved %d, want 1", u)
	}
}

// Reserved concurrency 0 throttles every synchronous invocation; an Event
// invocation is accepted and kept, and runs once the function may run.
func TestReservedZeroThrottles(t *testing.T) {
	requirePython(t)
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	createHolder(t, h, "zero")
	putReserved(t, h, "zero", 0)

	o := invokeOnce(h, &lambda.InvokeInput{FunctionName: aws.String("zero")})
	if o.throttled == nil || o.throttled.Reason != types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded {
		t.Fatalf("invoke with reserved 0 = %+v, want TooManyRequestsException", o)
	}
	_, err := h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("zero")})
	wantAPIError(t, err, "TooManyRequestsException", "Rate Exceeded.")

	touched := filepath.Join(t.TempDir(), "ran")
	ev, err := h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("zero"), InvocationType: types.InvocationTypeEvent,
		Payload: []byte(`{"touch":"` + touched + `"}`)})
	if err != nil || ev.StatusCode != 202 {
		t.Fatalf("Event invoke = %v, %v", ev, err)
	}
	// The queue retries the throttled event; it must not have run yet
	// when the limit is lifted (nothing could run it).
	if _, err := os.Stat(touched); err == nil {
		t.Fatal("the event ran although the function's reserved concurrency is 0")
	}
	if _, err := h.client.DeleteFunctionConcurrency(ctx, &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String("zero")}); err != nil {
		t.Fatal(err)
	}
	concWait(t, "the throttled event to run after the reservation is removed", func() bool {
		_, err := os.Stat(touched)
		return err == nil
	})
	if o := invokeOnce(h, &lambda.InvokeInput{FunctionName: aws.String("zero")}); o.err != nil || o.throttled != nil {
		t.Fatalf("invoke without reservation = %+v", o)
	}
}
