package lambdaapi

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

func TestErrorClassification(t *testing.T) {
	assume := &types.InvalidParameterValueException{Message: aws.String("The role defined for the function cannot be assumed by Lambda.")}
	perms := &types.InvalidParameterValueException{Message: aws.String("The provided execution role does not have permissions to call CreateNetworkInterface on EC2")}
	badRuntime := &types.InvalidParameterValueException{Message: aws.String("Value nodejs1 at 'runtime' failed to satisfy constraint")}
	inProgress := &types.ResourceConflictException{Message: aws.String("The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:f")}
	exists := &types.ResourceConflictException{Message: aws.String("Function already exist: f")}
	notFound := &types.ResourceNotFoundException{Message: aws.String("Function not found: f")}
	tests := []struct {
		name                  string
		err                   error
		notFound, retry, role bool
	}{
		{"role cannot be assumed", assume, false, true, true},
		{"role lacks permissions (wrapped)", fmt.Errorf("creating: %w", perms), false, true, true},
		{"other invalid parameter", badRuntime, false, false, false},
		{"update in progress", inProgress, false, true, false},
		{"already exists", exists, false, false, false},
		{"not found", notFound, true, false, false},
		{"plain error", errors.New("x"), false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsNotFound(tt.err); got != tt.notFound {
				t.Errorf("IsNotFound = %v", got)
			}
			if got := IsRetryableWrite(tt.err); got != tt.retry {
				t.Errorf("IsRetryableWrite = %v", got)
			}
			if got := IsRolePropagation(tt.err); got != tt.role {
				t.Errorf("IsRolePropagation = %v", got)
			}
		})
	}
}

func TestCodeSha256MatchesFilebase64sha256(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.zip")
	if err := os.WriteFile(p, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := CodeSha256(p)
	// filebase64sha256 of a file containing "hello".
	if want := "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="; err != nil || got != want {
		t.Fatalf("CodeSha256 = %q, %v; want %q", got, err, want)
	}
	if _, err := CodeSha256(filepath.Join(t.TempDir(), "missing.zip")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: err = %v, want ErrNotExist", err)
	}
}

func TestInvokeARN(t *testing.T) {
	tests := map[string]string{
		"arn:aws:lambda:eu-west-1:123456789012:function:f":       "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations",
		"arn:aws-cn:lambda:cn-north-1:123456789012:function:f:3": "arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:123456789012:function:f:3/invocations",
		"not-an-arn":                       "",
		"arn:aws:iam::123456789012:role/r": "",
	}
	for in, want := range tests {
		if got := InvokeARN(in); got != want {
			t.Errorf("InvokeARN(%q) = %q, want %q", in, got, want)
		}
	}
}
