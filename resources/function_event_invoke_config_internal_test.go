package resources

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestParseEventInvokeConfigImportID(t *testing.T) {
	arn := "arn:aws:lambda:us-east-1:123456789012:function:f"
	tests := []struct {
		id, function, qualifier string
		ok                      bool
	}{
		{"f", "f", "", true},
		{"f:live", "f", "live", true},
		{"f:$LATEST", "f", "$LATEST", true},
		{"f:7", "f", "7", true},
		{arn, arn, "", true},
		{arn + ":live", arn, "live", true},
		{arn + ":3", arn, "3", true},
		{"123456789012:function:f", "123456789012:function:f", "", true},
		{"123456789012:function:f:live", "123456789012:function:f", "live", true},
		{"", "", "", false},
		{"f/live", "", "", false},
		{"f:bad qualifier", "", "", false},
		{"f:live:extra", "", "", false},
		{"arn:aws:sqs:us-east-1:123456789012:queue", "", "", false},
	}
	for _, tt := range tests {
		fn, q, ok := parseEventInvokeConfigImportID(tt.id)
		if ok != tt.ok || (ok && (fn != tt.function || q != tt.qualifier)) {
			t.Errorf("parseEventInvokeConfigImportID(%q) = %q, %q, %v; want %q, %q, %v", tt.id, fn, q, ok, tt.function, tt.qualifier, tt.ok)
		}
	}
}

func destinationsList(t *testing.T, onFailure, onSuccess string) types.List {
	t.Helper()
	var diags diag.Diagnostics
	ctx := context.Background()
	l, d := blockList(ctx, eventDestinationConfigType, &eventDestinationConfigModel{
		OnFailure: eventDestinationList(ctx, onFailure, &diags),
		OnSuccess: eventDestinationList(ctx, onSuccess, &diags),
	})
	diags.Append(d...)
	if diags.HasError() {
		t.Fatalf("building destination_config: %v", diags)
	}
	return l
}

// TestEventDestinationsRoundTrip: what expand sends, flatten reads back as
// the same blocks, and an unset destination ({"Destination": null} on the
// wire) never appears as a block.
func TestEventDestinationsRoundTrip(t *testing.T) {
	ctx := context.Background()
	queue, fn := "arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:lambda:us-east-1:123456789012:function:d"
	noBlock := types.ListValueMust(eventDestinationConfigType, []attr.Value{})
	tests := map[string]struct {
		config     types.List
		wantFail   string
		wantSucc   string
		wantNilDst bool
	}{
		"both":          {destinationsList(t, queue, fn), queue, fn, false},
		"failure only":  {destinationsList(t, queue, ""), queue, "", false},
		"success only":  {destinationsList(t, "", fn), "", fn, false},
		"empty block":   {destinationsList(t, "", ""), "", "", true},
		"no block":      {noBlock, "", "", true},
		"null (import)": {types.ListNull(eventDestinationConfigType), "", "", true},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var diags diag.Diagnostics
			dc := expandEventDestinations(ctx, tt.config, &diags)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if (dc == nil) != tt.wantNilDst {
				t.Fatalf("expand = %+v, want nil: %v", dc, tt.wantNilDst)
			}
			var gotFail, gotSucc string
			if dc != nil && dc.OnFailure != nil {
				gotFail = aws.ToString(dc.OnFailure.Destination)
			}
			if dc != nil && dc.OnSuccess != nil {
				gotSucc = aws.ToString(dc.OnSuccess.Destination)
			}
			if gotFail != tt.wantFail || gotSucc != tt.wantSucc {
				t.Fatalf("expand = on_failure %q, on_success %q; want %q, %q", gotFail, gotSucc, tt.wantFail, tt.wantSucc)
			}
			// Lambda always answers both members, null when unset.
			wire := &lambdatypes.DestinationConfig{OnFailure: &lambdatypes.OnFailure{}, OnSuccess: &lambdatypes.OnSuccess{}}
			if gotFail != "" {
				wire.OnFailure.Destination = aws.String(gotFail)
			}
			if gotSucc != "" {
				wire.OnSuccess.Destination = aws.String(gotSucc)
			}
			got := flattenEventDestinations(ctx, wire, tt.config, &diags)
			if diags.HasError() {
				t.Fatal(diags)
			}
			want := tt.config
			if want.IsNull() {
				want = noBlock
			}
			if !got.Equal(want) {
				t.Fatalf("flatten = %v, want %v", got, want)
			}
		})
	}
}

// TestFlattenEventDestinationsDrift: destinations removed or added outside
// Terraform show up as such.
func TestFlattenEventDestinationsDrift(t *testing.T) {
	ctx := context.Background()
	queue := "arn:aws:sqs:us-east-1:123456789012:q"
	var diags diag.Diagnostics
	got := flattenEventDestinations(ctx, &lambdatypes.DestinationConfig{}, destinationsList(t, queue, ""), &diags)
	if len(got.Elements()) != 0 {
		t.Errorf("destination removed on the backend: flatten = %v, want no block", got)
	}
	got = flattenEventDestinations(ctx, &lambdatypes.DestinationConfig{OnSuccess: &lambdatypes.OnSuccess{Destination: aws.String(queue)}},
		destinationsList(t, "", ""), &diags)
	if want := destinationsList(t, "", queue); !got.Equal(want) {
		t.Errorf("destination added on the backend: flatten = %v, want %v", got, want)
	}
	if diags.HasError() {
		t.Fatal(diags)
	}
}

func TestFlattenEventInvokeConfigDefaults(t *testing.T) {
	ctx := context.Background()
	prior := functionEventInvokeConfigModel{
		FunctionName:             types.StringValue("f"),
		Qualifier:                types.StringValue("live"),
		MaximumEventAgeInSeconds: types.Int64Value(120),
		DestinationConfig:        types.ListNull(eventDestinationConfigType),
	}
	var diags diag.Diagnostics
	m := flattenEventInvokeConfig(ctx, &lambda.GetFunctionEventInvokeConfigOutput{}, prior, &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if m.ID.ValueString() != "f:live" {
		t.Errorf("id = %s, want f:live", m.ID)
	}
	if m.MaximumRetryAttempts.ValueInt64() != defaultEventRetryAttempt {
		t.Errorf("maximum_retry_attempts = %s, want the default %d when Lambda omits it", m.MaximumRetryAttempts, defaultEventRetryAttempt)
	}
	if !m.MaximumEventAgeInSeconds.IsNull() {
		t.Errorf("maximum_event_age_in_seconds = %s, want null when Lambda omits it", m.MaximumEventAgeInSeconds)
	}
	m = flattenEventInvokeConfig(ctx, &lambda.GetFunctionEventInvokeConfigOutput{
		MaximumRetryAttempts: aws.Int32(0), MaximumEventAgeInSeconds: aws.Int32(60),
	}, prior, &diags)
	if m.MaximumRetryAttempts.ValueInt64() != 0 || m.MaximumEventAgeInSeconds.ValueInt64() != 60 {
		t.Errorf("flatten = %d retries, %d s; want 0, 60", m.MaximumRetryAttempts.ValueInt64(), m.MaximumEventAgeInSeconds.ValueInt64())
	}
}

func TestIsEventInvokeConfigRetryable(t *testing.T) {
	invalidDest := &lambdatypes.InvalidParameterValueException{Message: aws.String("The destination ARN arn:aws:sqs:us-east-1:123456789012:q is invalid.")}
	noPerm := &lambdatypes.InvalidParameterValueException{Message: aws.String("The function's execution role does not have permissions to call SendMessage on arn:aws:sqs:us-east-1:123456789012:q")}
	self := &lambdatypes.InvalidParameterValueException{Message: aws.String("You can't specify the function as a destination for itself.")}
	inProgress := &lambdatypes.ResourceConflictException{Message: aws.String("The operation cannot be performed at this time. An update is in progress for resource: f")}
	tests := []struct {
		err         error
		onAWS, want bool
	}{
		{invalidDest, true, true},
		{noPerm, true, true},
		{invalidDest, false, false},
		{noPerm, false, false},
		{self, true, false},
		{inProgress, false, true},
		{&lambdatypes.ResourceNotFoundException{Message: aws.String("Function not found")}, true, false},
		{errors.New("boom"), true, false},
	}
	for _, tt := range tests {
		if got := isEventInvokeConfigRetryable(tt.onAWS)(tt.err); got != tt.want {
			t.Errorf("retryable(onAWS=%v)(%v) = %v, want %v", tt.onAWS, tt.err, got, tt.want)
		}
	}
}
