package datasources

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

// flattenFunctionData reports the function exactly as the backend does:
// unlike the resource, a data source has no configuration to stay quiet for.
func flattenFunctionData(ctx context.Context, out *lambda.GetFunctionOutput, version string, m *functionDataModel) diag.Diagnostics {
	var diags diag.Diagnostics
	c := out.Configuration
	arn := unqualified(aws.ToString(c.FunctionArn), aws.ToString(c.Version))
	m.ID = types.StringValue(aws.ToString(c.FunctionName))
	m.ARN = types.StringValue(arn)
	m.Version = types.StringValue(version)
	m.QualifiedARN = types.StringValue(lambdaapi.QualifiedARN(arn, version))
	m.InvokeARN = types.StringValue(lambdaapi.InvokeARN(arn))
	m.QualifiedInvokeARN = types.StringValue(lambdaapi.InvokeARN(m.QualifiedARN.ValueString()))
	m.Role = types.StringValue(aws.ToString(c.Role))
	m.Handler = types.StringValue(aws.ToString(c.Handler))
	m.Runtime = types.StringValue(string(c.Runtime))
	m.PackageType = types.StringValue(string(c.PackageType))
	m.Description = types.StringValue(aws.ToString(c.Description))
	m.MemorySize = types.Int64Value(int64(aws.ToInt32(c.MemorySize)))
	m.Timeout = types.Int64Value(int64(aws.ToInt32(c.Timeout)))
	m.KMSKeyARN = types.StringValue(aws.ToString(c.KMSKeyArn))
	m.CodeSha256 = types.StringValue(aws.ToString(c.CodeSha256))
	m.SourceCodeHash = m.CodeSha256
	m.CodeSize = types.Int64Value(c.CodeSize)
	m.SourceCodeSize = m.CodeSize
	m.LastModified = types.StringValue(aws.ToString(c.LastModified))
	m.RevisionID = types.StringValue(aws.ToString(c.RevisionId))
	m.State = types.StringValue(string(c.State))
	m.ImageURI = types.StringValue("")
	if out.Code != nil {
		m.ImageURI = types.StringValue(aws.ToString(out.Code.ImageUri))
	}
	archs := make([]string, 0, len(c.Architectures))
	for _, a := range c.Architectures {
		archs = append(archs, string(a))
	}
	layers := make([]string, 0, len(c.Layers))
	for _, l := range c.Layers {
		layers = append(layers, aws.ToString(l.Arn))
	}
	m.Architectures = fromValue(ctx, types.ListValueFrom, types.StringType, archs, &diags)
	m.Layers = fromValue(ctx, types.ListValueFrom, types.StringType, layers, &diags)
	tags := out.Tags
	if tags == nil {
		tags = map[string]string{}
	}
	m.Tags = fromValue(ctx, types.MapValueFrom, types.StringType, tags, &diags)
	flattenDataBlocks(ctx, c, m, &diags)
	return diags
}

// unqualified strips ":VERSION" from a qualified function ARN.
func unqualified(arn, version string) string {
	if suffix := ":" + version; version != "" && len(arn) > len(suffix) && arn[len(arn)-len(suffix):] == suffix {
		return arn[:len(arn)-len(suffix)]
	}
	return arn
}

func fromValue[V any, T any](ctx context.Context, f func(context.Context, attr.Type, any) (V, diag.Diagnostics), t attr.Type, v T, diags *diag.Diagnostics) V {
	out, d := f(ctx, t, v)
	diags.Append(d...)
	return out
}
