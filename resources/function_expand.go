package resources

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

// zipFile reads the package at filename. When the plan already recorded the
// file's hash, a file rewritten between plan and apply is refused: applying
// other bytes than the plan showed would leave state inconsistent.
func zipFile(m functionModel) ([]byte, error) {
	path := m.Filename.ValueString()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading deployment package: %w", err)
	}
	if planned := m.CodeSha256.ValueString(); planned != "" {
		if got, err := lambdaapi.CodeSha256(path); err == nil && got != planned {
			return nil, fmt.Errorf("%s changed after the plan was made (planned code_sha256 %s, file now %s); plan again", path, planned, got)
		}
	}
	return data, nil
}

func functionCode(m functionModel) (*types.FunctionCode, error) {
	code := &types.FunctionCode{}
	switch {
	case !m.Filename.IsNull():
		data, err := zipFile(m)
		if err != nil {
			return nil, err
		}
		code.ZipFile = data
	case !m.ImageURI.IsNull():
		code.ImageUri = m.ImageURI.ValueStringPointer()
	default:
		code.S3Bucket = m.S3Bucket.ValueStringPointer()
		code.S3Key = m.S3Key.ValueStringPointer()
		code.S3ObjectVersion = m.S3ObjectVersion.ValueStringPointer()
	}
	return code, nil
}

func architectures(ctx context.Context, m functionModel, diags *diag.Diagnostics) []types.Architecture {
	var out []types.Architecture
	for _, a := range stringsOf(ctx, m.Architectures, diags) {
		out = append(out, types.Architecture(a))
	}
	return out
}

func createInput(ctx context.Context, m functionModel, tags map[string]string) (*lambda.CreateFunctionInput, diag.Diagnostics) {
	var diags diag.Diagnostics
	code, err := functionCode(m)
	if err != nil {
		diags.AddAttributeError(pathOf("filename"), "Cannot read the deployment package", err.Error())
		return nil, diags
	}
	in := &lambda.CreateFunctionInput{
		FunctionName:  m.FunctionName.ValueStringPointer(),
		Role:          m.Role.ValueStringPointer(),
		Code:          code,
		PackageType:   types.PackageType(m.PackageType.ValueString()),
		Handler:       m.Handler.ValueStringPointer(),
		Runtime:       types.Runtime(m.Runtime.ValueString()),
		Description:   m.Description.ValueStringPointer(),
		MemorySize:    aws.Int32(int32(m.MemorySize.ValueInt64())),
		Timeout:       aws.Int32(int32(m.Timeout.ValueInt64())),
		Architectures: architectures(ctx, m, &diags),
		KMSKeyArn:     m.KMSKeyARN.ValueStringPointer(),
		Layers:        stringsOf(ctx, m.Layers, &diags),
		Publish:       m.Publish.ValueBool(),
	}
	if len(tags) > 0 {
		in.Tags = tags
	}
	// Absent blocks stay nil on create: the backend applies AWS's defaults.
	in.Environment = expandEnvironment(ctx, m, false, &diags)
	in.EphemeralStorage = expandEphemeralStorage(ctx, m, false, &diags)
	in.DeadLetterConfig = expandDeadLetterConfig(ctx, m, false, &diags)
	in.TracingConfig = expandTracingConfig(ctx, m, false, &diags)
	in.VpcConfig = expandVPCConfig(ctx, m, false, &diags)
	in.LoggingConfig = expandLoggingConfig(ctx, m, false, &diags)
	return in, diags
}

// updateConfigInput sends only what changed between state and plan, so the
// backend never sees settings the user did not touch. A removed block is
// sent as AWS's default to actually revert it.
func updateConfigInput(ctx context.Context, plan, state functionModel) (*lambda.UpdateFunctionConfigurationInput, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := &lambda.UpdateFunctionConfigurationInput{FunctionName: plan.FunctionName.ValueStringPointer()}
	if !plan.Role.Equal(state.Role) {
		in.Role = plan.Role.ValueStringPointer()
	}
	if !plan.Handler.Equal(state.Handler) {
		in.Handler = plan.Handler.ValueStringPointer()
	}
	if !plan.Runtime.Equal(state.Runtime) {
		in.Runtime = types.Runtime(plan.Runtime.ValueString())
	}
	if !plan.Description.Equal(state.Description) {
		in.Description = aws.String(plan.Description.ValueString())
	}
	if !plan.MemorySize.Equal(state.MemorySize) {
		in.MemorySize = aws.Int32(int32(plan.MemorySize.ValueInt64()))
	}
	if !plan.Timeout.Equal(state.Timeout) {
		in.Timeout = aws.Int32(int32(plan.Timeout.ValueInt64()))
	}
	if !plan.KMSKeyARN.Equal(state.KMSKeyARN) {
		in.KMSKeyArn = aws.String(plan.KMSKeyARN.ValueString()) // "" reverts to the service key
	}
	if !plan.Layers.Equal(state.Layers) {
		in.Layers = stringsOf(ctx, plan.Layers, &diags) // empty removes all layers
	}
	if !plan.Environment.Equal(state.Environment) {
		in.Environment = expandEnvironment(ctx, plan, true, &diags)
	}
	if !plan.EphemeralStorage.Equal(state.EphemeralStorage) {
		in.EphemeralStorage = expandEphemeralStorage(ctx, plan, true, &diags)
	}
	if !plan.DeadLetterConfig.Equal(state.DeadLetterConfig) {
		in.DeadLetterConfig = expandDeadLetterConfig(ctx, plan, true, &diags)
	}
	if !plan.TracingConfig.Equal(state.TracingConfig) {
		in.TracingConfig = expandTracingConfig(ctx, plan, true, &diags)
	}
	if !plan.VPCConfig.Equal(state.VPCConfig) {
		in.VpcConfig = expandVPCConfig(ctx, plan, true, &diags)
	}
	if !plan.LoggingConfig.Equal(state.LoggingConfig) {
		in.LoggingConfig = expandLoggingConfig(ctx, plan, true, &diags)
	}
	return in, diags
}

func updateCodeInput(ctx context.Context, m functionModel) (*lambda.UpdateFunctionCodeInput, diag.Diagnostics) {
	var diags diag.Diagnostics
	code, err := functionCode(m)
	if err != nil {
		diags.AddAttributeError(pathOf("filename"), "Cannot read the deployment package", err.Error())
		return nil, diags
	}
	return &lambda.UpdateFunctionCodeInput{
		FunctionName:    m.FunctionName.ValueStringPointer(),
		ZipFile:         code.ZipFile,
		S3Bucket:        code.S3Bucket,
		S3Key:           code.S3Key,
		S3ObjectVersion: code.S3ObjectVersion,
		ImageUri:        code.ImageUri,
		Architectures:   architectures(ctx, m, &diags),
	}, diags
}
