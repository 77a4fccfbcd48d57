package engine_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

const revisionMsg = "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id"

func TestRevisionIDPreconditions(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("rev", makeZip(t, map[string]string{"index.py": "x"}))
	current := aws.ToString(h.waitActive("rev").Configuration.RevisionId)
	stale := "00000000-0000-4000-8000-000000000000"

	calls := map[string]func(rev string) error{
		"UpdateFunctionConfiguration": func(rev string) error {
			_, err := h.client.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("rev"), Timeout: aws.Int32(9), RevisionId: aws.String(rev)})
			return err
		},
		"UpdateFunctionCode": func(rev string) error {
			_, err := h.client.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("rev"), ZipFile: makeZip(t, map[string]string{"index.py": "y"}), RevisionId: aws.String(rev)})
			return err
		},
		"PublishVersion": func(rev string) error {
			_, err := h.client.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("rev"), RevisionId: aws.String(rev)})
			return err
		},
	}
	for _, op := range []string{"UpdateFunctionConfiguration", "UpdateFunctionCode", "PublishVersion"} {
		t.Run(op, func(t *testing.T) {
			err := calls[op](stale)
			var pf *types.PreconditionFailedException
			if !errors.As(err, &pf) || aws.ToString(pf.Message) != revisionMsg {
				t.Fatalf("stale RevisionId: %v", err)
			}
			if err := calls[op](current); err != nil {
				t.Fatalf("current RevisionId: %v", err)
			}
			current = aws.ToString(h.waitUpdated("rev").Configuration.RevisionId)
		})
	}
}

func TestUpdateWhileInProgressConflicts(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	out := h.create("busy", makeZip(t, map[string]string{"index.py": "x"}))
	// A RevisionId proves which record the second call saw: if it still
	// matches, the function was still Pending, so the call must conflict.
	_, err := h.client.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String("busy"), Timeout: aws.Int32(5), RevisionId: out.RevisionId,
	})
	var conflict *types.ResourceConflictException
	var pf *types.PreconditionFailedException
	switch {
	case errors.As(err, &conflict):
		if aws.ToString(conflict.Message) != "The operation cannot be performed at this time. The function is currently in the following state: Pending" {
			t.Fatalf("conflict message %q", aws.ToString(conflict.Message))
		}
	case errors.As(err, &pf):
		// Activation won the race and changed the RevisionId first.
	default:
		t.Fatalf("update of a Pending function: %v", err)
	}
}

func TestVersions(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	zip1 := makeZip(t, map[string]string{"index.py": "1"})
	created := h.create("ver", zip1, func(in *lambda.CreateFunctionInput) { in.Publish = true })
	if aws.ToString(created.Version) != "1" {
		t.Fatalf("CreateFunction Publish=true returned version %q", aws.ToString(created.Version))
	}
	h.waitActive("ver")
	same, err := h.client.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("ver")})
	if err != nil || aws.ToString(same.Version) != "1" {
		t.Fatalf("publishing unchanged $LATEST: %v %v", same, err)
	}
	zip2 := makeZip(t, map[string]string{"index.py": "2"})
	up, err := h.client.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("ver"), ZipFile: zip2, Publish: true})
	if err != nil || aws.ToString(up.Version) != "2" {
		t.Fatalf("UpdateFunctionCode Publish=true: %v %v", up, err)
	}
	v1, err := h.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("ver"), Qualifier: aws.String("1")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(v1.Configuration.FunctionArn) != "arn:aws:lambda:us-east-1:000000000000:function:ver:1" ||
		aws.ToString(v1.Configuration.CodeSha256) != codeSha(zip1) || v1.Configuration.State != types.StateActive {
		t.Fatalf("version 1 = %+v", v1.Configuration)
	}
	if string(download(t, aws.ToString(v1.Code.Location))) != string(zip1) {
		t.Fatal("version 1 code download differs")
	}
	list, err := h.client.ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String("ver")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range list.Versions {
		got = append(got, aws.ToString(v.Version))
	}
	if len(got) != 3 || got[0] != "$LATEST" || got[1] != "1" || got[2] != "2" {
		t.Fatalf("versions = %v", got)
	}
	if _, err := h.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("ver"), Qualifier: aws.String("1")}); err != nil {
		t.Fatal(err)
	}
	_, err = h.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("ver"), Qualifier: aws.String("1")})
	wantAPIError(t, err, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:ver:1")
}

func TestTags(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("tagged", makeZip(t, map[string]string{"index.py": "x"}))
	before := aws.ToString(h.waitActive("tagged").Configuration.RevisionId)
	arn := aws.String("arn:aws:lambda:us-east-1:000000000000:function:tagged")
	if _, err := h.client.TagResource(ctx, &lambda.TagResourceInput{Resource: arn, Tags: map[string]string{"A": "a", "B": "b"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.UntagResource(ctx, &lambda.UntagResourceInput{Resource: arn, TagKeys: []string{"A", "nope"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := h.client.ListTags(ctx, &lambda.ListTagsInput{Resource: arn})
	if err != nil || len(tags.Tags) != 1 || tags.Tags["B"] != "b" {
		t.Fatalf("ListTags = %v %v", tags, err)
	}
	if after := aws.ToString(h.waitActive("tagged").Configuration.RevisionId); after == before {
		t.Error("tag changes kept the RevisionId; AWS issues a new one")
	}

	tests := []struct {
		name string
		call func() error
		code string
		msg  string
	}{
		{"bad arn", func() error {
			_, err := h.client.ListTags(ctx, &lambda.ListTagsInput{Resource: aws.String("arn:aws:lambda:us-east-1:000000000000:foobar:x")})
			return err
		}, "ValidationException", `1 validation error detected: Value 'arn:aws:lambda:us-east-1:000000000000:foobar:x' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`},
		{"qualified", func() error {
			_, err := h.client.TagResource(ctx, &lambda.TagResourceInput{Resource: aws.String(*arn + ":1"), Tags: map[string]string{"a": "b"}})
			return err
		}, "InvalidParameterValueException", "Tags on function aliases and versions are not supported. Please specify a function ARN."},
		{"missing", func() error {
			_, err := h.client.TagResource(ctx, &lambda.TagResourceInput{Resource: aws.String(*arn + "x"), Tags: map[string]string{"a": "b"}})
			return err
		}, "ResourceNotFoundException", "Function not found: " + *arn + "x"},
		{"empty tags", func() error {
			_, err := h.client.TagResource(ctx, &lambda.TagResourceInput{Resource: arn, Tags: map[string]string{}})
			return err
		}, "InvalidParameterValueException", "An error occurred and the request cannot be processed."},
		{"tag limit", func() error {
			_, err := h.client.TagResource(ctx, &lambda.TagResourceInput{Resource: arn, Tags: manyTags(50)})
			return err
		}, "InvalidParameterValueException", "Number of tags exceeds resource tag limit."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantAPIError(t, tc.call(), tc.code, tc.msg) })
	}
}
