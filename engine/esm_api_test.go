package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// esmFixture is an engine with one function and one queue.
func esmFixture(t *testing.T) (*harness, string) {
	t.Helper()
	h := startEngine(t, t.TempDir(), engine.Config{})
	_, arn := createQueue(t, h.sqsClient(), "q", nil)
	h.create("fn", makeZip(t, map[string]string{"index.py": "def handler(e, c):\n    return None\n"}))
	h.waitActive("fn")
	return h, arn
}

// TestESMCreateShape: an SQS mapping is created in AWS's shape (no stream
// members), moves to Enabled, and its ARN and LastModified are set.
func TestESMCreateShape(t *testing.T) {
	h, arn := esmFixture(t)
	before := time.Now().Add(-time.Second)
	out := createMapping(t, h, &lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn), FunctionName: aws.String("fn")})
	uuid := aws.ToString(out.UUID)
	switch {
	case aws.ToString(out.State) != "Creating", aws.ToString(out.StateTransitionReason) != "USER_INITIATED",
		aws.ToInt32(out.BatchSize) != 10, aws.ToInt32(out.MaximumBatchingWindowInSeconds) != 0,
		aws.ToString(out.FunctionArn) != "arn:aws:lambda:us-east-1:000000000000:function:fn",
		aws.ToString(out.EventSourceMappingArn) != "arn:aws:lambda:us-east-1:000000000000:event-source-mapping:"+uuid,
		out.StartingPosition != "", out.ParallelizationFactor != nil, out.DestinationConfig != nil, out.MaximumRetryAttempts != nil,
		out.FunctionResponseTypes == nil, out.LastModified == nil || out.LastModified.Before(before):
		t.Fatalf("create = %+v", out)
	}
	got := waitMappingState(t, h, uuid, "Enabled")
	if !got.LastModified.Equal(*out.LastModified) || aws.ToString(got.EventSourceArn) != arn {
		t.Fatalf("get = %+v", got)
	}
}

// TestESMErrors: AWS's answers to invalid or conflicting mappings.
func TestESMErrors(t *testing.T) {
	h, arn := esmFixture(t)
	ctx := context.Background()
	first := createMapping(t, h, &lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn), FunctionName: aws.String("fn")})
	cases := []struct {
		name          string
		in            lambda.CreateEventSourceMappingInput
		code, message string
	}{
		{"duplicate", lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn), FunctionName: aws.String("arn:aws:lambda:us-east-1:000000000000:function:fn")},
			"ResourceConflictException", `An event source mapping with SQS arn (" ` + arn + ` ") and function (" fn ") already exists. Please update or delete the existing mapping with UUID ` + aws.ToString(first.UUID)},
		{"no source", lambda.CreateEventSourceMappingInput{FunctionName: aws.String("fn")}, "InvalidParameterValueException", "Unrecognized event source."},
		{"no function", lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn), FunctionName: aws.String("nope")}, "InvalidParameterValueException", "Function does not exist"},
		{"no queue", lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(sqsPrefix + "missing"), FunctionName: aws.String("fn")},
			"InvalidParameterValueException", "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist."},
		{"batch without window", lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn), FunctionName: aws.String("fn"), BatchSize: aws.Int32(11)},
			"InvalidParameterValueException", "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10"},
		{"starting position", lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn), FunctionName: aws.String("fn"), StartingPosition: types.EventSourcePositionLatest},
			"InvalidParameterValueException", "StartingPosition is not valid for SQS event sources."},
		{"batch range", lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn), FunctionName: aws.String("fn"), BatchSize: aws.Int32(10001)},
			"ValidationException", "1 validation error detected: Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000"},
		{"bad filter", lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn), FunctionName: aws.String("fn"),
			FilterCriteria: &types.FilterCriteria{Filters: []types.Filter{{Pattern: aws.String(`{"body": "x"}`)}}}},
			"InvalidParameterValueException", "Invalid filter pattern definition."},
		{"on-success destination", lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn), FunctionName: aws.String("fn"),
			DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String(arn)}}},
			"InvalidParameterValueException", "Unsupported DestinationConfig parameter for given event source mapping type."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.client.CreateEventSourceMapping(ctx, &tc.in)
			wantAPIError(t, err, tc.code, tc.message)
		})
	}
	_, err := h.client.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String("00000000-0000-4000-8000-000000000000")})
	wantAPIError(t, err, "ResourceNotFoundException", "The resource you requested does not exist.")
}

// TestESMListUpdateDelete: list filters and pages, updates merge, a
// mapping outlives its function (as on AWS) and deletion goes through
// Deleting.
func TestESMListUpdateDelete(t *testing.T) {
	h, arn := esmFixture(t)
	ctx := context.Background()
	_, arn2 := createQueue(t, h.sqsClient(), "q2", nil)
	a := createMapping(t, h, &lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn), FunctionName: aws.String("fn")})
	b := createMapping(t, h, &lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn2), FunctionName: aws.String("fn"), Enabled: aws.Bool(false)})
	waitMappingState(t, h, aws.ToString(b.UUID), "Disabled")

	var uuids []string
	in := &lambda.ListEventSourceMappingsInput{FunctionName: aws.String("fn"), MaxItems: aws.Int32(1)}
	for p := lambda.NewListEventSourceMappingsPaginator(h.client, in); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page.EventSourceMappings {
			uuids = append(uuids, aws.ToString(m.UUID))
		}
	}
	if len(uuids) != 2 {
		t.Fatalf("listed %v", uuids)
	}
	bySource, err := h.client.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{EventSourceArn: aws.String(arn2)})
	if err != nil || len(bySource.EventSourceMappings) != 1 || aws.ToString(bySource.EventSourceMappings[0].UUID) != aws.ToString(b.UUID) {
		t.Fatalf("by source: %+v %v", bySource, err)
	}

	up, err := h.client.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{
		UUID: a.UUID, BatchSize: aws.Int32(50), MaximumBatchingWindowInSeconds: aws.Int32(2),
		ScalingConfig: &types.ScalingConfig{MaximumConcurrency: aws.Int32(3)},
	})
	if err != nil || aws.ToString(up.State) != "Updating" || aws.ToInt32(up.BatchSize) != 50 || aws.ToInt32(up.ScalingConfig.MaximumConcurrency) != 3 {
		t.Fatalf("update: %+v %v", up, err)
	}
	waitMappingState(t, h, aws.ToString(a.UUID), "Enabled")

	if _, err := h.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("fn")}); err != nil {
		t.Fatal(err)
	}
	waitMappingState(t, h, aws.ToString(a.UUID), "Enabled")

	del, err := h.client.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: a.UUID})
	if err != nil || aws.ToString(del.State) != "Deleting" {
		t.Fatalf("delete: %+v %v", del, err)
	}
	eventually(t, "mapping gone", func() bool {
		_, err := h.client.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: a.UUID})
		return err != nil && strings.Contains(err.Error(), "ResourceNotFoundException")
	})
}

// TestESMTags: mappings carry tags from CreateEventSourceMapping and the
// tag operations on their ARN.
func TestESMTags(t *testing.T) {
	h, arn := esmFixture(t)
	ctx := context.Background()
	m := createMapping(t, h, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(arn), FunctionName: aws.String("fn"), Tags: map[string]string{"a": "1"},
	})
	res := m.EventSourceMappingArn
	if _, err := h.client.TagResource(ctx, &lambda.TagResourceInput{Resource: res, Tags: map[string]string{"b": "2"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.UntagResource(ctx, &lambda.UntagResourceInput{Resource: res, TagKeys: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := h.client.ListTags(ctx, &lambda.ListTagsInput{Resource: res})
	if err != nil || len(tags.Tags) != 1 || tags.Tags["b"] != "2" {
		t.Fatalf("tags = %v %v", tags, err)
	}
	missing := "arn:aws:lambda:us-east-1:000000000000:event-source-mapping:00000000-0000-4000-8000-000000000000"
	_, err = h.client.ListTags(ctx, &lambda.ListTagsInput{Resource: aws.String(missing)})
	wantAPIError(t, err, "ResourceNotFoundException", "Event source mapping not found: "+missing)
}
