package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// readResource is the Read of the resources whose read method refreshes a
// prior state from the backend: an object deleted outside Terraform (or
// with its function) is removed from state, so the next plan creates it.
func readResource[M any](ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse,
	read func(context.Context, M) (M, bool, diag.Diagnostics)) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, found, d := read(ctx, state)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
