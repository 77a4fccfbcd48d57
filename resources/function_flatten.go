package resources

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

// flattenFunction turns GetFunction's answer into the resource model.
// prior is the state (Read) or the plan (Create/Update): arguments the API
// cannot report (filename, source_code_hash, timeouts…) are carried over from
// it, and it decides whether an optional value the user never wrote is
// stored as null/absent, so that unconfigured settings never diff.
func flattenFunction(ctx context.Context, out *lambda.GetFunctionOutput, version string, prior functionModel, defaultTags map[string]string) (functionModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	c := out.Configuration
	m := prior
	name := aws.ToString(c.FunctionName)
	arn := aws.ToString(c.FunctionArn)

	m.ID = types.StringValue(name)
	m.FunctionName = types.StringValue(name)
	m.Role = types.StringValue(aws.ToString(c.Role))
	m.Handler = nullIfEmpty(aws.ToString(c.Handler))
	m.Runtime = nullIfEmpty(string(c.Runtime))
	m.PackageType = types.StringValue(orDefault(string(c.PackageType), "Zip"))
	m.Description = types.StringValue(aws.ToString(c.Description))
	m.MemorySize = types.Int64Value(int64(aws.ToInt32(c.MemorySize)))
	m.Timeout = types.Int64Value(int64(aws.ToInt32(c.Timeout)))
	m.KMSKeyARN = nullIfEmpty(aws.ToString(c.KMSKeyArn))
	if m.Publish.IsNull() || m.Publish.IsUnknown() {
		m.Publish = types.BoolValue(false) // not readable; imports start unpublished
	}

	archs := []string{defaultArchitecture}
	if len(c.Architectures) > 0 {
		archs = enumStrings(c.Architectures)
	}
	m.Architectures = listFrom(ctx, archs, &diags)
	m.Layers = flattenLayers(ctx, c, prior, &diags)

	m.CodeSha256 = types.StringValue(aws.ToString(c.CodeSha256))
	m.CodeSize = types.Int64Value(c.CodeSize)
	m.SourceCodeSize = m.CodeSize
	if m.ImageURI.IsNull() && out.Code != nil && aws.ToString(out.Code.ImageUri) != "" {
		m.ImageURI = types.StringValue(aws.ToString(out.Code.ImageUri))
	}

	m.ARN = types.StringValue(arn)
	m.InvokeARN = types.StringValue(lambdaapi.InvokeARN(arn))
	m.Version = types.StringValue(version)
	m.QualifiedARN = types.StringValue(lambdaapi.QualifiedARN(arn, version))
	m.QualifiedInvokeARN = types.StringValue(lambdaapi.InvokeARN(m.QualifiedARN.ValueString()))
	m.LastModified = types.StringValue(aws.ToString(c.LastModified))
	m.RevisionID = types.StringValue(aws.ToString(c.RevisionId))
	m.State = types.StringValue(string(c.State))

	m.TagsAll = mapFrom(ctx, orEmpty(out.Tags), &diags)
	m.Tags = flattenTags(ctx, out.Tags, prior.Tags, defaultTags, &diags)

	flattenBlocks(ctx, c, prior, &m, &diags)
	return m, diags
}

func flattenLayers(ctx context.Context, c lambdaConfig, prior functionModel, diags *diag.Diagnostics) types.List {
	arns := make([]string, 0, len(c.Layers))
	for _, l := range c.Layers {
		arns = append(arns, aws.ToString(l.Arn))
	}
	if len(arns) == 0 && prior.Layers.IsNull() {
		return types.ListNull(types.StringType)
	}
	return listFrom(ctx, arns, diags)
}

// flattenTags derives the user-facing tags from all of the function's tags:
// a tag the user wrote stays, a tag equal to a provider default is left to
// tags_all, and anything else (added out of band) shows up as drift.
func flattenTags(ctx context.Context, all map[string]string, prior types.Map, defaults map[string]string, diags *diag.Diagnostics) types.Map {
	own := mapOf(ctx, prior, diags)
	tags := map[string]string{}
	for k, v := range all {
		_, mine := own[k]
		if dv, isDefault := defaults[k]; !mine && isDefault && dv == v {
			continue
		}
		tags[k] = v
	}
	if len(tags) == 0 && prior.IsNull() {
		return types.MapNull(types.StringType)
	}
	return mapFrom(ctx, tags, diags)
}

func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func listFrom(ctx context.Context, values []string, diags *diag.Diagnostics) types.List {
	l, d := types.ListValueFrom(ctx, types.StringType, values)
	diags.Append(d...)
	return l
}

func mapFrom(ctx context.Context, values map[string]string, diags *diag.Diagnostics) types.Map {
	m, d := types.MapValueFrom(ctx, types.StringType, values)
	diags.Append(d...)
	return m
}
