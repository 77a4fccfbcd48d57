package resources

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
	"github.com/lambdaform/terraform-provider-lambda/internal/wait"
)

var (
	_ resource.ResourceWithConfigure   = &PermissionResource{}
	_ resource.ResourceWithImportState = &PermissionResource{}
)

// defaultPermissionTimeout bounds create and delete, including the retries
// while a new function or alias propagates on AWS (as PR #46405 gave
// aws_lambda_permission).
const defaultPermissionTimeout = 5 * time.Minute

// NewPermissionResource returns the lambda_permission resource.
func NewPermissionResource() resource.Resource {
	return &PermissionResource{}
}

// PermissionResource is the lambda_permission resource.
type PermissionResource struct {
	client *conn.Client
}

func (r *PermissionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_permission"
}

func (r *PermissionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = permissionSchema(ctx)
}

func (r *PermissionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *PermissionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan permissionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultPermissionTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if plan.StatementID.IsUnknown() || plan.StatementID.IsNull() {
		prefix := "terraform-"
		if !plan.StatementIDPrefix.IsNull() {
			prefix = plan.StatementIDPrefix.ValueString()
		}
		plan.StatementID = types.StringValue(uniqueStatementID(prefix))
	}
	in := addPermissionInput(plan)
	function, sid, qualifier := plan.FunctionName.ValueString(), plan.StatementID.ValueString(), plan.Qualifier.ValueString()
	unlock := r.client.LockFunction(lambdaapi.FunctionName(function))
	defer unlock()
	err := wait.Retry(ctx, wait.Default, func(ctx context.Context) error {
		_, err := r.client.Lambda.AddPermission(ctx, in)
		return err
	}, lambdaapi.IsPermissionRetryable(r.client.Backend == conn.BackendAWS))
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot add permission %s to %s", sid, permissionTarget(function, qualifier)), err.Error())
		return
	}
	plan.ID = types.StringValue(permissionID(function, qualifier, sid))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	// AWS's policy reads are eventually consistent: wait for the statement.
	var stmt lambdaapi.PolicyStatement
	err = wait.Until(ctx, wait.Default, func(ctx context.Context) (bool, string, error) {
		s, err := lambdaapi.FindPolicyStatement(ctx, r.client.Lambda, function, qualifier, sid)
		if lambdaapi.IsNotFound(err) {
			return false, "statement not in the policy yet", nil
		}
		stmt = s
		return err == nil, "found", err
	})
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Permission %s of %s did not appear in its policy", sid, permissionTarget(function, qualifier)), err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, flattenPermission(stmt, plan))...)
}

func (r *PermissionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state permissionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	function, sid, qualifier := state.FunctionName.ValueString(), state.StatementID.ValueString(), state.Qualifier.ValueString()
	stmt, err := lambdaapi.FindPolicyStatement(ctx, r.client.Lambda, function, qualifier, sid)
	if lambdaapi.IsNotFound(err) {
		// The statement, the policy or the function is gone: add it again.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot read permission %s of %s", sid, permissionTarget(function, qualifier)), err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, flattenPermission(stmt, state))...)
}

// Update only records what changes no statement: timeouts and the written
// form of function_name. Every other argument replaces the permission.
func (r *PermissionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan permissionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *PermissionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state permissionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, defaultPermissionTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	function, sid, qualifier := state.FunctionName.ValueString(), state.StatementID.ValueString(), state.Qualifier.ValueString()
	unlock := r.client.LockFunction(lambdaapi.FunctionName(function))
	defer unlock()
	in := &lambda.RemovePermissionInput{FunctionName: aws.String(function), StatementId: aws.String(sid)}
	if qualifier != "" {
		in.Qualifier = aws.String(qualifier)
	}
	err := wait.Retry(ctx, wait.Default, func(ctx context.Context) error {
		_, err := r.client.Lambda.RemovePermission(ctx, in)
		return err
	}, lambdaapi.IsUpdateInProgress)
	if lambdaapi.IsNotFound(err) {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot remove permission %s from %s", sid, permissionTarget(function, qualifier)), err.Error())
		return
	}
	err = wait.Until(ctx, wait.Default, func(ctx context.Context) (bool, string, error) {
		_, err := lambdaapi.FindPolicyStatement(ctx, r.client.Lambda, function, qualifier, sid)
		if lambdaapi.IsNotFound(err) {
			return true, "removed", nil
		}
		return false, "statement still in the policy", err
	})
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Permission %s of %s was not removed", sid, permissionTarget(function, qualifier)), err.Error())
	}
}

// ImportState takes FUNCTION_NAME/STATEMENT_ID or
// FUNCTION_NAME:QUALIFIER/STATEMENT_ID; FUNCTION_NAME may be an ARN.
func (r *PermissionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	function, qualifier, sid, ok := parsePermissionImportID(req.ID)
	if !ok {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q: want FUNCTION_NAME/STATEMENT_ID or FUNCTION_NAME:QUALIFIER/STATEMENT_ID", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("function_name"), function)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("statement_id"), sid)...)
	if qualifier != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("qualifier"), qualifier)...)
	}
}

func parsePermissionImportID(id string) (function, qualifier, sid string, ok bool) {
	i := strings.LastIndex(id, "/")
	if i <= 0 || i == len(id)-1 {
		return "", "", "", false
	}
	ref, sid := id[:i], id[i+1:]
	_, qualifier = lambdaapi.ParseFunctionRef(ref)
	function = strings.TrimSuffix(ref, ":"+qualifier)
	if qualifier == "" {
		function = ref
	}
	return function, qualifier, sid, statementIDRe.MatchString(sid)
}

func addPermissionInput(m permissionModel) *lambda.AddPermissionInput {
	in := &lambda.AddPermissionInput{
		FunctionName: aws.String(m.FunctionName.ValueString()),
		StatementId:  aws.String(m.StatementID.ValueString()),
		Action:       aws.String(m.Action.ValueString()),
		Principal:    aws.String(m.Principal.ValueString()),
	}
	opt := func(v types.String) *string {
		if v.IsNull() || v.IsUnknown() {
			return nil
		}
		return aws.String(v.ValueString())
	}
	in.Qualifier = opt(m.Qualifier)
	in.SourceArn = opt(m.SourceARN)
	in.SourceAccount = opt(m.SourceAccount)
	in.EventSourceToken = opt(m.EventSourceToken)
	in.PrincipalOrgID = opt(m.PrincipalOrgID)
	if v := opt(m.FunctionURLAuthType); v != nil {
		in.FunctionUrlAuthType = lambdatypes.FunctionUrlAuthType(*v)
	}
	return in
}

// flattenPermission maps a policy statement back onto the arguments that
// produced it. function_name, qualifier and statement_id_prefix are not in
// the statement's shape and are kept from prior.
func flattenPermission(s lambdaapi.PolicyStatement, prior permissionModel) permissionModel {
	m := prior
	function, qualifier := prior.FunctionName.ValueString(), prior.Qualifier.ValueString()
	m.ID = types.StringValue(permissionID(function, qualifier, s.Sid))
	m.StatementID = types.StringValue(s.Sid)
	m.Action = types.StringValue(s.ActionName())
	m.Principal = types.StringValue(flattenPrincipal(s.PrincipalName(), prior.Principal.ValueString()))
	m.SourceARN = nullIfEmpty(s.ConditionValue("ArnLike", lambdaapi.CondSourceArn))
	m.SourceAccount = nullIfEmpty(s.ConditionValue("StringEquals", lambdaapi.CondSourceAccount))
	m.EventSourceToken = nullIfEmpty(s.ConditionValue("StringEquals", lambdaapi.CondEventSourceToken))
	m.PrincipalOrgID = nullIfEmpty(s.ConditionValue("StringEquals", lambdaapi.CondPrincipalOrgID))
	m.FunctionURLAuthType = nullIfEmpty(s.ConditionValue("StringEquals", lambdaapi.CondFunctionURLAuthType))
	return m
}

// flattenPrincipal maps the root principal AWS stores for an account ID back
// to the account ID, unless the configuration wrote the ARN.
func flattenPrincipal(stored, prior string) string {
	if account, ok := lambdaapi.PrincipalAccount(stored); ok && prior != stored {
		return account
	}
	return stored
}

func permissionID(function, qualifier, sid string) string {
	name := lambdaapi.FunctionName(function)
	if qualifier != "" {
		name += ":" + qualifier
	}
	return name + "/" + sid
}

func permissionTarget(function, qualifier string) string {
	if qualifier == "" {
		return "function " + function
	}
	return fmt.Sprintf("function %s (qualifier %s)", function, qualifier)
}

var statementCounter atomic.Uint32

// uniqueStatementID appends a 26-character suffix that sorts by creation
// time to prefix, as the AWS provider's generated statement IDs do.
func uniqueStatementID(prefix string) string {
	ts := strings.ReplaceAll(time.Now().UTC().Format("20060102150405.0000"), ".", "")
	return fmt.Sprintf("%s%s%08d", prefix, ts, statementCounter.Add(1)%100000000)
}
