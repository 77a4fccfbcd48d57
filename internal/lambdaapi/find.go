package lambdaapi

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// FindFunction returns GetFunction's answer for name (and qualifier, when not
// empty). A missing function surfaces as an error for which IsNotFound holds.
// Like the AWS provider, it insists on a Configuration so that callers never
// dereference a half-empty answer.
func FindFunction(ctx context.Context, c *lambda.Client, name, qualifier string) (*lambda.GetFunctionOutput, error) {
	in := &lambda.GetFunctionInput{FunctionName: aws.String(name)}
	if qualifier != "" {
		in.Qualifier = aws.String(qualifier)
	}
	out, err := c.GetFunction(ctx, in)
	if err != nil {
		return nil, err
	}
	if out.Configuration == nil {
		return nil, fmt.Errorf("GetFunction %s: answer has no Configuration", name)
	}
	return out, nil
}

// LatestVersion returns the last entry of ListVersionsByFunction: the most
// recently published version, or "$LATEST" when none was ever published.
// This is how aws_lambda_function derives version and qualified_arn.
func LatestVersion(ctx context.Context, c *lambda.Client, name string) (string, error) {
	version := "$LATEST"
	p := lambda.NewListVersionsByFunctionPaginator(c, &lambda.ListVersionsByFunctionInput{
		FunctionName: aws.String(name),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return "", fmt.Errorf("listing versions of %s: %w", name, err)
		}
		if n := len(page.Versions); n > 0 && page.Versions[n-1].Version != nil {
			version = *page.Versions[n-1].Version
		}
	}
	return version, nil
}
