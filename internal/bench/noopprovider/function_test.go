package main

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/lambdaform/terraform-provider-lambda/provider"
)

// TestFunctionSchemaMatchesLambda: noop_function's schema has exactly the
// attributes and blocks of lambda_function, with the same types, flags and
// nesting (descriptions aside), so that it stays a fair reference.
func TestFunctionSchemaMatchesLambda(t *testing.T) {
	got := resourceShape(t, providerserver.NewProtocol6(newProvider())(), "noop_function")
	want := resourceShape(t, providerserver.NewProtocol6(provider.New("test")())(), "lambda_function")
	if !slices.Equal(got, want) {
		t.Errorf("noop_function's schema differs from lambda_function's:\n got %q\nwant %q", got, want)
	}
}

// TestFunctionKnown: what Create and Update store has no unknowns left, as
// OpenTofu requires of an apply.
func TestFunctionKnown(t *testing.T) {
	s := providerserver.NewProtocol6(newProvider())()
	sch, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ, ok := sch.ResourceSchemas["noop_function"].ValueType().(tftypes.Object)
	if !ok {
		t.Fatal("noop_function is not an object")
	}
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, tftypes.UnknownValue)
	}
	var diags diag.Diagnostics
	if out := known(tftypes.NewValue(typ, vals), &diags); diags.HasError() || !out.IsFullyKnown() {
		t.Errorf("known left unknowns (%v): %v", diags, out)
	}
}

// resourceShape lists every attribute and block of a resource type as
// "path type flags" lines, sorted.
func resourceShape(t *testing.T, s tfprotov6.ProviderServer, typeName string) []string {
	t.Helper()
	resp, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	sch, ok := resp.ResourceSchemas[typeName]
	if !ok {
		t.Fatalf("no resource type %s", typeName)
	}
	var lines []string
	var walk func(prefix string, b *tfprotov6.SchemaBlock)
	walk = func(prefix string, b *tfprotov6.SchemaBlock) {
		for _, a := range b.Attributes {
			lines = append(lines, fmt.Sprintf("%s%s %s req=%v opt=%v comp=%v sens=%v", prefix, a.Name, a.Type,
				a.Required, a.Optional, a.Computed, a.Sensitive))
		}
		for _, nb := range b.BlockTypes {
			lines = append(lines, fmt.Sprintf("%s%s block %v min=%d max=%d", prefix, nb.TypeName, nb.Nesting, nb.MinItems, nb.MaxItems))
			walk(prefix+nb.TypeName+".", nb.Block)
		}
	}
	walk("", sch.Block)
	slices.Sort(lines)
	return lines
}
