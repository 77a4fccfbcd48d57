package lambdaapi

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

func TestConflictClassification(t *testing.T) {
	aliases := &types.ResourceConflictException{Message: aws.String("Unable to delete version because the following aliases reference it: [live]")}
	sid := &types.ResourceConflictException{Message: aws.String("The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.")}
	inProgress := &types.ResourceConflictException{Message: aws.String("The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:f")}
	notFound := &types.ResourceNotFoundException{Message: aws.String("Function not found: f")}
	tests := []struct {
		name                                   string
		err                                    error
		conflict, exists, retryAWS, retryLocal bool
	}{
		{"alias references version", aliases, true, false, true, true},
		{"statement exists (wrapped)", fmt.Errorf("adding: %w", sid), true, true, false, false},
		{"update in progress", inProgress, true, false, true, true},
		{"not found", notFound, false, false, true, false},
		{"plain", errors.New("x"), false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsConflict(tt.err); got != tt.conflict {
				t.Errorf("IsConflict = %v", got)
			}
			if got := IsAlreadyExists(tt.err); got != tt.exists {
				t.Errorf("IsAlreadyExists = %v", got)
			}
			if got := IsPermissionRetryable(true)(tt.err); got != tt.retryAWS {
				t.Errorf("IsPermissionRetryable(aws) = %v", got)
			}
			if got := IsPermissionRetryable(false)(tt.err); got != tt.retryLocal {
				t.Errorf("IsPermissionRetryable(local) = %v", got)
			}
		})
	}
}
