package engine_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

const runtimeEnum = "[nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]"

func TestCreateFunctionErrors(t *testing.T) {
	h := startEngine(t, t.TempDir(), engine.Config{})
	zip := makeZip(t, map[string]string{"index.py": "x"})
	h.create("dup", zip)
	bigEnv := strings.Repeat("x", 4096-6-len("LARGE_VAR")+1)

	tests := []struct {
		name string
		mod  func(*lambda.CreateFunctionInput)
		code string
		msg  string
	}{
		{"exists", func(in *lambda.CreateFunctionInput) { in.FunctionName = aws.String("dup") },
			"ResourceConflictException", "Function already exist: dup"},
		{"name too long", func(in *lambda.CreateFunctionInput) { in.FunctionName = aws.String(strings.Repeat("a", 65)) },
			"InvalidParameterValueException", "1 validation error detected: Value '" + strings.Repeat("a", 65) + "' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64"},
		{"name pattern", func(in *lambda.CreateFunctionInput) { in.FunctionName = aws.String("invalid:function:name") },
			"ValidationException", `1 validation error detected: Value 'invalid:function:name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`},
		{"role", func(in *lambda.CreateFunctionInput) { in.Role = aws.String("r1") },
			"ValidationException", `1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`},
		{"runtime", func(in *lambda.CreateFunctionInput) { in.Runtime = "non-existent-runtime" },
			"InvalidParameterValueException", "Value non-existent-runtime at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: " + runtimeEnum + " or be a valid ARN"},
		{"deprecated runtime", func(in *lambda.CreateFunctionInput) { in.Runtime = "python3.7" },
			"InvalidParameterValueException", "The runtime parameter of python3.7 is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions."},
		{"no runtime", func(in *lambda.CreateFunctionInput) { in.Runtime = "" },
			"InvalidParameterValueException", "Runtime and Handler are mandatory parameters for functions created with deployment packages."},
		{"handler", func(in *lambda.CreateFunctionInput) { in.Handler = aws.String("a b") },
			"ValidationException", `1 validation error detected: Value 'a b' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\s]+`},
		{"memory low", func(in *lambda.CreateFunctionInput) { in.MemorySize = aws.Int32(127) },
			"ValidationException", "1 validation error detected: Value '127' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128"},
		{"memory high", func(in *lambda.CreateFunctionInput) { in.MemorySize = aws.Int32(10241) },
			"ValidationException", "1 validation error detected: Value '10241' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240"},
		{"timeout and memory", func(in *lambda.CreateFunctionInput) { in.Timeout = aws.Int32(901); in.MemorySize = aws.Int32(1) },
			"ValidationException", "2 validation errors detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900; Value '1' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128"},
		{"timeout low", func(in *lambda.CreateFunctionInput) { in.Timeout = aws.Int32(0) },
			"ValidationException", "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"ephemeral", func(in *lambda.CreateFunctionInput) {
			in.EphemeralStorage = &types.EphemeralStorage{Size: aws.Int32(10241)}
		},
			"ValidationException", "1 validation error detected: Value '10241' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value less than or equal to 10240"},
		{"architectures", func(in *lambda.CreateFunctionInput) { in.Architectures = []types.Architecture{"x86_64", "arm64"} },
			"ValidationException", "1 validation error detected: Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1"},
		{"env too large", func(in *lambda.CreateFunctionInput) {
			in.Environment = &types.Environment{Variables: map[string]string{"LARGE_VAR": bigEnv}}
		}, "InvalidParameterValueException", `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {"LARGE_VAR":"` + bigEnv + `"}`},
		{"reserved env", func(in *lambda.CreateFunctionInput) {
			in.Environment = &types.Environment{Variables: map[string]string{"AWS_REGION": "x", "OK": "y"}}
		}, "InvalidParameterValueException", "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION"},
		{"not a zip", func(in *lambda.CreateFunctionInput) { in.Code.ZipFile = []byte("not a zip") },
			"InvalidParameterValueException", "Could not unzip uploaded file. Please check your file, then try to upload again."},
		{"s3 source", func(in *lambda.CreateFunctionInput) {
			in.Code = &types.FunctionCode{S3Bucket: aws.String("b"), S3Key: aws.String("k")}
		}, "InvalidParameterValueException", "The local Lambdaform engine accepts function code as ZipFile only; S3Bucket/S3Key/S3ObjectVersion and ImageUri are not supported."},
		{"image", func(in *lambda.CreateFunctionInput) {
			in.PackageType = types.PackageTypeImage
			in.Code = &types.FunctionCode{ImageUri: aws.String("repo/image:1")}
		}, "InvalidParameterValueException", "The local Lambdaform engine supports PackageType Zip only."},
		{"zipped too large", func(in *lambda.CreateFunctionInput) { in.Code.ZipFile = make([]byte, 52428801) },
			"RequestEntityTooLargeException", "Zipped size must be smaller than 52428800 bytes"},
		{"unzipped too large", func(in *lambda.CreateFunctionInput) { in.Code.ZipFile = oversizedZip(t) },
			"InvalidParameterValueException", "Unzipped size must be smaller than 262144000 bytes"},
		{"too many tags", func(in *lambda.CreateFunctionInput) { in.Tags = manyTags(51) },
			"InvalidParameterValueException", "Number of tags exceeds resource tag limit."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := createInput("errfn", zip)
			tc.mod(in)
			_, err := h.client.CreateFunction(context.Background(), in)
			wantAPIError(t, err, tc.code, tc.msg)
		})
	}
	// None of the rejected requests may have left a function behind.
	_, err := h.client.GetFunction(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String("errfn")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("rejected create left a function: %v", err)
	}
}

func manyTags(n int) map[string]string {
	tags := map[string]string{}
	for i := range n {
		tags[strings.Repeat("k", i+1)] = "v"
	}
	return tags
}

// oversizedZip returns a small zip whose entries inflate to more than
// 250 MB. One compressed entry is reused raw so building it stays cheap.
func oversizedZip(t *testing.T) []byte {
	t.Helper()
	const entrySize, entries = 10_100_000, 26
	data := make([]byte, entrySize)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < entrySize; i += 64 {
		data[i] = byte(rng.IntN(256)) // keeps the ratio well under codezip's bomb guard
	}
	var compressed bytes.Buffer
	fw, _ := flate.NewWriter(&compressed, flate.BestSpeed)
	if _, err := fw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range entries {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: "f" + strings.Repeat("x", i), Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(data),
			CompressedSize64: uint64(compressed.Len()), UncompressedSize64: entrySize,
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(compressed.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFunctionErrors(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("exists", makeZip(t, map[string]string{"index.py": "x"}))
	h.waitActive("exists")
	const arn = "arn:aws:lambda:us-east-1:000000000000:function:"

	tests := []struct {
		name string
		call func() error
		code string
		msg  string
	}{
		{"get missing", func() error {
			_, err := h.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("missing")})
			return err
		}, "ResourceNotFoundException", "Function not found: " + arn + "missing"},
		{"get missing version", func() error {
			_, err := h.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("exists"), Qualifier: aws.String("1221")})
			return err
		}, "ResourceNotFoundException", "Function not found: " + arn + "exists:1221"},
		{"get config missing", func() error {
			_, err := h.client.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(arn + "missing")})
			return err
		}, "ResourceNotFoundException", "Function not found: " + arn + "missing"},
		{"other region", func() error {
			_, err := h.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("arn:aws:lambda:eu-west-1:000000000000:function:exists")})
			return err
		}, "ResourceNotFoundException", "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')"},
		{"qualifier mismatch", func() error {
			_, err := h.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("exists:1"), Qualifier: aws.String("2")})
			return err
		}, "InvalidParameterValueException", "The derived qualifier from the function name does not match the specified qualifier."},
		{"update config missing", func() error {
			_, err := h.client.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("missing"), Timeout: aws.Int32(5)})
			return err
		}, "ResourceNotFoundException", "Function not found: " + arn + "missing"},
		{"update config invalid", func() error {
			_, err := h.client.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("exists"), Timeout: aws.Int32(0)})
			return err
		}, "ValidationException", "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"update code missing", func() error {
			_, err := h.client.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("missing"), ZipFile: makeZip(t, map[string]string{"a": "b"})})
			return err
		}, "ResourceNotFoundException", "Function not found: " + arn + "missing"},
		{"update code bad zip", func() error {
			_, err := h.client.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("exists"), ZipFile: []byte("PK nope")})
			return err
		}, "InvalidParameterValueException", "Could not unzip uploaded file. Please check your file, then try to upload again."},
		{"update code s3", func() error {
			_, err := h.client.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("exists"), S3Bucket: aws.String("b"), S3Key: aws.String("k")})
			return err
		}, "InvalidParameterValueException", "The local Lambdaform engine accepts function code as ZipFile only; S3Bucket/S3Key/S3ObjectVersion and ImageUri are not supported."},
		{"delete missing", func() error {
			_, err := h.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("missing"), Qualifier: aws.String("3")})
			return err
		}, "ResourceNotFoundException", "Function not found: " + arn + "missing"},
		{"delete $LATEST", func() error {
			_, err := h.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("exists"), Qualifier: aws.String("$LATEST")})
			return err
		}, "InvalidParameterValueException", "$LATEST version cannot be deleted without deleting the function."},
		{"publish wrong sha", func() error {
			_, err := h.client.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("exists"), CodeSha256: aws.String("bogus")})
			return err
		}, "InvalidParameterValueException", "CodeSHA256 (bogus) is different from current CodeSHA256 in $LATEST (" + codeSha(makeZip(t, map[string]string{"index.py": "x"})) + "). Please try again with the CodeSHA256 in $LATEST."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantAPIError(t, tc.call(), tc.code, tc.msg) })
	}
}
