package lambdaapi

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/wait"
)

// WaitActive polls until a new function leaves Pending. Failed surfaces
// Lambda's StateReasonCode and StateReason, which say what went wrong.
func WaitActive(ctx context.Context, c *lambda.Client, name string) error {
	return wait.Until(ctx, wait.Default, func(ctx context.Context) (bool, string, error) {
		cfg, err := getConfiguration(ctx, c, name, "")
		if err != nil {
			return false, "", err
		}
		return activeYet(name, cfg.State, cfg.StateReasonCode, cfg.StateReason)
	})
}

// WaitActiveFunction is WaitActive polling GetFunction (as the SDK's
// FunctionActiveV2 waiter does) and returning its last answer, the function
// as it is once active: a caller about to read the function saves that call.
func WaitActiveFunction(ctx context.Context, c *lambda.Client, name string) (*lambda.GetFunctionOutput, error) {
	var out *lambda.GetFunctionOutput
	err := wait.Until(ctx, wait.Default, func(ctx context.Context) (bool, string, error) {
		got, err := FindFunction(ctx, c, name, "")
		if err != nil {
			return false, "", err
		}
		out = got
		cfg := got.Configuration
		return activeYet(name, cfg.State, cfg.StateReasonCode, cfg.StateReason)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// activeYet is the check of WaitActive and WaitActiveFunction.
func activeYet(name string, state types.State, code types.StateReasonCode, reason *string) (bool, string, error) {
	switch state {
	case types.StateActive, types.StateActiveNonInvocable:
		return true, string(state), nil
	case types.StateFailed:
		return false, "", fmt.Errorf("function %s failed to become active: %s: %s", name, code, aws.ToString(reason))
	}
	return false, string(state), nil
}

// WaitUpdated polls until the last update of the function (or of the
// published version named by qualifier) finished. An absent status counts as
// InProgress, as AWS leaves it empty for a moment after PublishVersion.
func WaitUpdated(ctx context.Context, c *lambda.Client, name, qualifier string) error {
	return wait.Until(ctx, wait.Default, func(ctx context.Context) (bool, string, error) {
		cfg, err := getConfiguration(ctx, c, name, qualifier)
		if err != nil {
			return false, "", err
		}
		switch cfg.LastUpdateStatus {
		case types.LastUpdateStatusSuccessful:
			return true, string(cfg.LastUpdateStatus), nil
		case types.LastUpdateStatusFailed:
			return false, "", fmt.Errorf("update of function %s failed: %s: %s",
				name, cfg.LastUpdateStatusReasonCode, aws.ToString(cfg.LastUpdateStatusReason))
		}
		return false, "LastUpdateStatus " + string(cfg.LastUpdateStatus), nil
	})
}

// WaitDeleted polls until GetFunction answers ResourceNotFound.
func WaitDeleted(ctx context.Context, c *lambda.Client, name string) error {
	return wait.Until(ctx, wait.Default, func(ctx context.Context) (bool, string, error) {
		_, err := FindFunction(ctx, c, name, "")
		if IsNotFound(err) {
			return true, "deleted", nil
		}
		return false, "still exists", err
	})
}

func getConfiguration(ctx context.Context, c *lambda.Client, name, qualifier string) (*lambda.GetFunctionConfigurationOutput, error) {
	in := &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(name)}
	if qualifier != "" {
		in.Qualifier = aws.String(qualifier)
	}
	return c.GetFunctionConfiguration(ctx, in)
}
