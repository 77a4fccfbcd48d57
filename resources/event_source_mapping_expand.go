package resources

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

// int32If returns a known, non-null number, else nil (the backend's default).
func int32If(v types.Int64) *int32 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return aws.Int32(int32(v.ValueInt64()))
}

func boolIf(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return aws.Bool(v.ValueBool())
}

// esmSettings are the members Create and Update share.
type esmSettings struct {
	enabled, bisect                                 *bool
	batch, window, parallel, retries, age, tumbling *int32
	filters                                         *lambdatypes.FilterCriteria
	responseTypes                                   []lambdatypes.FunctionResponseType
	scaling                                         *lambdatypes.ScalingConfig
	destination                                     *lambdatypes.DestinationConfig
}

// expandSettings reads the plan. Blocks and sets are always sent (empty
// when absent), so that removing one clears it: AWS ignores a nil member.
// Kinesis-only members are sent only when set, as SQS rejects them.
func expandSettings(ctx context.Context, m esmModel, diags *diag.Diagnostics) esmSettings {
	s := esmSettings{
		enabled: boolIf(m.Enabled), bisect: boolIf(m.BisectBatchOnFunctionError),
		batch: int32If(m.BatchSize), window: int32If(m.MaximumBatchingWindowInSeconds),
		parallel: int32If(m.ParallelizationFactor), retries: int32If(m.MaximumRetryAttempts),
		age: int32If(m.MaximumRecordAgeInSeconds), tumbling: int32If(m.TumblingWindowInSeconds),
		filters: &lambdatypes.FilterCriteria{}, scaling: &lambdatypes.ScalingConfig{},
		responseTypes: []lambdatypes.FunctionResponseType{},
	}
	for _, t := range stringsOf(ctx, m.FunctionResponseTypes, diags) {
		s.responseTypes = append(s.responseTypes, lambdatypes.FunctionResponseType(t))
	}
	if fc, ok, d := firstBlock[esmFilterCriteriaModel](ctx, m.FilterCriteria); ok {
		var filters []esmFilterModel
		diags.Append(fc.Filter.ElementsAs(ctx, &filters, false)...)
		for _, f := range filters {
			s.filters.Filters = append(s.filters.Filters, lambdatypes.Filter{Pattern: f.Pattern.ValueStringPointer()})
		}
	} else {
		diags.Append(d...)
	}
	if sc, ok, d := firstBlock[esmScalingModel](ctx, m.ScalingConfig); ok {
		s.scaling.MaximumConcurrency = int32If(sc.MaximumConcurrency)
	} else {
		diags.Append(d...)
	}
	if dc, ok, _ := firstBlock[esmDestinationModel](ctx, m.DestinationConfig); ok {
		s.destination = &lambdatypes.DestinationConfig{OnFailure: &lambdatypes.OnFailure{}}
		if of, ok, _ := firstBlock[esmOnFailureModel](ctx, dc.OnFailure); ok {
			s.destination.OnFailure.Destination = of.DestinationARN.ValueStringPointer()
		}
	}
	return s
}

func esmCreateInput(ctx context.Context, m esmModel, tags map[string]string, diags *diag.Diagnostics) *lambda.CreateEventSourceMappingInput {
	s := expandSettings(ctx, m, diags)
	in := &lambda.CreateEventSourceMappingInput{
		EventSourceArn: m.EventSourceARN.ValueStringPointer(), FunctionName: m.FunctionName.ValueStringPointer(),
		Enabled: s.enabled, BatchSize: s.batch, MaximumBatchingWindowInSeconds: s.window,
		ParallelizationFactor: s.parallel, BisectBatchOnFunctionError: s.bisect, MaximumRetryAttempts: s.retries,
		MaximumRecordAgeInSeconds: s.age, TumblingWindowInSeconds: s.tumbling, DestinationConfig: s.destination,
		FunctionResponseTypes: s.responseTypes, StartingPosition: lambdatypes.EventSourcePosition(m.StartingPosition.ValueString()),
	}
	if len(s.filters.Filters) > 0 {
		in.FilterCriteria = s.filters
	}
	if s.scaling.MaximumConcurrency != nil {
		in.ScalingConfig = s.scaling
	}
	if ts := m.StartingPositionTimestamp.ValueString(); ts != "" {
		t, _ := time.Parse(time.RFC3339, ts) // validated at plan time
		in.StartingPositionTimestamp = &t
	}
	if len(tags) > 0 {
		in.Tags = tags
	}
	return in
}

// esmUpdateInput sends the planned settings. A block removed since state is
// sent empty, which clears it; one never written is left out, as not every
// source accepts it.
func esmUpdateInput(ctx context.Context, plan, state esmModel, uuid string, diags *diag.Diagnostics) *lambda.UpdateEventSourceMappingInput {
	s := expandSettings(ctx, plan, diags)
	in := &lambda.UpdateEventSourceMappingInput{
		UUID: aws.String(uuid), FunctionName: plan.FunctionName.ValueStringPointer(),
		Enabled: s.enabled, BatchSize: s.batch, MaximumBatchingWindowInSeconds: s.window,
		ParallelizationFactor: s.parallel, BisectBatchOnFunctionError: s.bisect, MaximumRetryAttempts: s.retries,
		MaximumRecordAgeInSeconds: s.age, TumblingWindowInSeconds: s.tumbling, DestinationConfig: s.destination,
		FunctionResponseTypes: s.responseTypes,
	}
	if hasBlock(plan.FilterCriteria) || hasBlock(state.FilterCriteria) {
		in.FilterCriteria = s.filters
	}
	if hasBlock(plan.ScalingConfig) || hasBlock(state.ScalingConfig) {
		in.ScalingConfig = s.scaling
	}
	if in.DestinationConfig == nil && hasBlock(state.DestinationConfig) {
		in.DestinationConfig = &lambdatypes.DestinationConfig{OnFailure: &lambdatypes.OnFailure{}}
	}
	return in
}

// esmChanged reports whether anything but tags differs, i.e. whether an
// UpdateEventSourceMapping call is needed.
func esmChanged(plan, state esmModel) bool {
	pn, pq := lambdaapi.ParseFunctionRef(plan.FunctionName.ValueString())
	sn, sq := lambdaapi.ParseFunctionRef(state.FunctionName.ValueString())
	if pn != sn || pq != sq {
		return true
	}
	for _, p := range [][2]attr.Value{
		{plan.Enabled, state.Enabled},
		{plan.BatchSize, state.BatchSize}, {plan.MaximumBatchingWindowInSeconds, state.MaximumBatchingWindowInSeconds},
		{plan.FilterCriteria, state.FilterCriteria}, {plan.FunctionResponseTypes, state.FunctionResponseTypes},
		{plan.ScalingConfig, state.ScalingConfig}, {plan.ParallelizationFactor, state.ParallelizationFactor},
		{plan.BisectBatchOnFunctionError, state.BisectBatchOnFunctionError}, {plan.MaximumRetryAttempts, state.MaximumRetryAttempts},
		{plan.MaximumRecordAgeInSeconds, state.MaximumRecordAgeInSeconds}, {plan.TumblingWindowInSeconds, state.TumblingWindowInSeconds},
		{plan.DestinationConfig, state.DestinationConfig},
	} {
		if !p[0].IsUnknown() && !p[0].Equal(p[1]) {
			return true
		}
	}
	return false
}

// esmReply is what Create, Update and Get share.
type esmReply struct {
	UUID, ARN, SourceARN, FunctionARN, State, Reason, Result, StartingPosition *string
	LastModified, StartingPositionTimestamp                                    *time.Time
	Batch, Window, Parallel, Retries, Age, Tumbling                            *int32
	Bisect                                                                     *bool
	Filters                                                                    *lambdatypes.FilterCriteria
	ResponseTypes                                                              []lambdatypes.FunctionResponseType
	Scaling                                                                    *lambdatypes.ScalingConfig
	Destination                                                                *lambdatypes.DestinationConfig
}

func replyOf(o *lambda.GetEventSourceMappingOutput) esmReply {
	return esmReply{
		UUID: o.UUID, ARN: o.EventSourceMappingArn, SourceARN: o.EventSourceArn, FunctionARN: o.FunctionArn,
		State: o.State, Reason: o.StateTransitionReason, Result: o.LastProcessingResult,
		StartingPosition: aws.String(string(o.StartingPosition)), LastModified: o.LastModified,
		StartingPositionTimestamp: o.StartingPositionTimestamp, Batch: o.BatchSize, Window: o.MaximumBatchingWindowInSeconds,
		Parallel: o.ParallelizationFactor, Retries: o.MaximumRetryAttempts, Age: o.MaximumRecordAgeInSeconds,
		Tumbling: o.TumblingWindowInSeconds, Bisect: o.BisectBatchOnFunctionError, Filters: o.FilterCriteria,
		ResponseTypes: o.FunctionResponseTypes, Scaling: o.ScalingConfig, Destination: o.DestinationConfig,
	}
}

func int64Of(v *int32) types.Int64 {
	if v == nil {
		return types.Int64Null()
	}
	return types.Int64Value(int64(*v))
}

// flatten stores the backend's view over prior. function_name stays as
// written while it names the function the mapping invokes;
// starting_position_timestamp stays as written while it is the same instant.
func flattenMapping(ctx context.Context, r esmReply, prior esmModel, diags *diag.Diagnostics) esmModel {
	m := prior
	m.ID, m.UUID, m.ARN = types.StringPointerValue(r.UUID), types.StringPointerValue(r.UUID), types.StringPointerValue(r.ARN)
	m.EventSourceARN = types.StringPointerValue(r.SourceARN)
	m.FunctionARN = types.StringPointerValue(r.FunctionARN)
	m.FunctionName = keepFunctionName(prior.FunctionName, aws.ToString(r.FunctionARN))
	state := aws.ToString(r.State)
	m.State, m.Enabled = types.StringValue(state), types.BoolValue(state == "Enabled" || state == "Enabling")
	m.StateTransitionReason = types.StringPointerValue(r.Reason)
	m.LastProcessingResult = types.StringValue(aws.ToString(r.Result))
	m.LastModified = types.StringValue("")
	if r.LastModified != nil {
		m.LastModified = types.StringValue(r.LastModified.UTC().Format(time.RFC3339))
	}
	m.StartingPosition = nullIfEmpty(aws.ToString(r.StartingPosition))
	m.StartingPositionTimestamp = keepTimestamp(prior.StartingPositionTimestamp, r.StartingPositionTimestamp)
	m.BatchSize, m.MaximumBatchingWindowInSeconds = int64Of(r.Batch), int64Of(r.Window)
	m.ParallelizationFactor, m.MaximumRetryAttempts = int64Of(r.Parallel), int64Of(r.Retries)
	m.MaximumRecordAgeInSeconds, m.TumblingWindowInSeconds = int64Of(r.Age), int64Of(r.Tumbling)
	m.BisectBatchOnFunctionError = types.BoolPointerValue(r.Bisect)
	m.FunctionResponseTypes = flattenResponseTypes(ctx, r.ResponseTypes, prior.FunctionResponseTypes, diags)
	m.FilterCriteria = flattenFilters(ctx, r.Filters, diags)
	m.ScalingConfig = flattenScaling(ctx, r.Scaling, diags)
	m.DestinationConfig = flattenDestination(ctx, r.Destination, diags)
	return m
}

func keepFunctionName(prior types.String, functionARN string) types.String {
	name, qualifier := lambdaapi.ParseFunctionRef(functionARN)
	if !prior.IsNull() && !prior.IsUnknown() {
		pn, pq := lambdaapi.ParseFunctionRef(prior.ValueString())
		if pn == name && pq == qualifier {
			return prior
		}
	}
	if qualifier != "" {
		return types.StringValue(name + ":" + qualifier)
	}
	return types.StringValue(name)
}

func keepTimestamp(prior types.String, t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	if p, err := time.Parse(time.RFC3339, prior.ValueString()); err == nil && p.Equal(*t) {
		return prior
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

func flattenResponseTypes(ctx context.Context, got []lambdatypes.FunctionResponseType, prior types.Set, diags *diag.Diagnostics) types.Set {
	if len(got) == 0 && prior.IsNull() {
		return types.SetNull(types.StringType)
	}
	vals := make([]string, len(got))
	for i, t := range got {
		vals[i] = string(t)
	}
	s, d := types.SetValueFrom(ctx, types.StringType, vals)
	diags.Append(d...)
	return s
}

func flattenFilters(ctx context.Context, fc *lambdatypes.FilterCriteria, diags *diag.Diagnostics) types.List {
	if fc == nil || len(fc.Filters) == 0 {
		return types.ListValueMust(esmFilterCriteriaType, []attr.Value{})
	}
	filters := make([]esmFilterModel, len(fc.Filters))
	for i, f := range fc.Filters {
		filters[i] = esmFilterModel{Pattern: types.StringPointerValue(f.Pattern)}
	}
	set, d := types.SetValueFrom(ctx, esmFilterType, filters)
	diags.Append(d...)
	l, d := blockList(ctx, esmFilterCriteriaType, &esmFilterCriteriaModel{Filter: set})
	diags.Append(d...)
	return l
}

func flattenScaling(ctx context.Context, sc *lambdatypes.ScalingConfig, diags *diag.Diagnostics) types.List {
	if sc == nil || sc.MaximumConcurrency == nil {
		return types.ListValueMust(esmScalingType, []attr.Value{})
	}
	l, d := blockList(ctx, esmScalingType, &esmScalingModel{MaximumConcurrency: int64Of(sc.MaximumConcurrency)})
	diags.Append(d...)
	return l
}

func flattenDestination(ctx context.Context, dc *lambdatypes.DestinationConfig, diags *diag.Diagnostics) types.List {
	if dc == nil || dc.OnFailure == nil || aws.ToString(dc.OnFailure.Destination) == "" {
		return types.ListValueMust(esmDestinationType, []attr.Value{})
	}
	of, d := blockList(ctx, esmOnFailureType, &esmOnFailureModel{DestinationARN: types.StringPointerValue(dc.OnFailure.Destination)})
	diags.Append(d...)
	l, d := blockList(ctx, esmDestinationType, &esmDestinationModel{OnFailure: of})
	diags.Append(d...)
	return l
}
