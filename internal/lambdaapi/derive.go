package lambdaapi

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"strings"
)

// CodeSha256 returns the hash Lambda reports as CodeSha256 for a deployment
// package: the standard base64 encoding of the SHA-256 of the zip's bytes.
// It equals Terraform's filebase64sha256(path).
func CodeSha256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hashing %s: %w", path, err)
	}
	return base64.StdEncoding.EncodeToString(h.Sum(nil)), nil
}

// InvokeARN returns the API Gateway integration URI for a function (or
// qualified function) ARN, as the AWS provider's invoke_arn:
// arn:PARTITION:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations.
// It returns "" when functionARN is not a Lambda ARN.
func InvokeARN(functionARN string) string {
	parts := strings.SplitN(functionARN, ":", 5)
	if len(parts) < 5 || parts[0] != "arn" || parts[2] != "lambda" {
		return ""
	}
	partition, region := parts[1], parts[3]
	return fmt.Sprintf("arn:%s:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations",
		partition, region, functionARN)
}

// QualifiedARN appends a version or alias to an unqualified function ARN.
func QualifiedARN(functionARN, qualifier string) string {
	return functionARN + ":" + qualifier
}
