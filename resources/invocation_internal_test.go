package resources

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func crudModel(input, key string) invocationModel {
	return invocationModel{
		Input:          types.StringValue(input),
		LifecycleScope: types.StringValue(lifecycleCRUD),
		TerraformKey:   types.StringValue(key),
	}
}

func TestInvocationPayload(t *testing.T) {
	prev := `{ "key1" : "value1",
	  "n": 1.50 }`
	cases := []struct {
		name    string
		m       invocationModel
		action  string
		prev    *string
		want    string
		wantErr bool
	}{
		{
			name:   "create only sends input verbatim",
			m:      invocationModel{Input: types.StringValue("[1, 2]"), LifecycleScope: types.StringValue(lifecycleCreateOnly), TerraformKey: types.StringValue("tf")},
			action: actionCreate,
			want:   "[1, 2]",
		},
		{
			name:   "crud create has null prev_input",
			m:      crudModel(`{"key1": "value1"}`, "tf"),
			action: actionCreate,
			want:   `{"key1":"value1","tf":{"action":"create","prev_input":null}}`,
		},
		{
			name:   "crud update carries the previous input, numbers untouched",
			m:      crudModel(`{"key1":"valueB","big":12345678901234567890}`, "tf"),
			action: actionUpdate,
			prev:   &prev,
			want:   `{"big":12345678901234567890,"key1":"valueB","tf":{"action":"update","prev_input":{"key1":"value1","n":1.50}}}`,
		},
		{
			name:   "crud delete under a custom key",
			m:      crudModel(`{"a":true}`, "lifecycle"),
			action: actionDelete,
			prev:   aws.String(`{"a":true}`),
			want:   `{"a":true,"lifecycle":{"action":"delete","prev_input":{"a":true}}}`,
		},
		{name: "crud needs an object", m: crudModel(`"text"`, "tf"), action: actionCreate, wantErr: true},
		{name: "crud rejects null", m: crudModel(`null`, "tf"), action: actionCreate, wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := invocationPayload(tc.m, tc.action, tc.prev)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("want an error, got payload %s", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("payload\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestJSONEqual(t *testing.T) {
	cases := []struct {
		a, b types.String
		want bool
	}{
		{types.StringValue(`{"a":1,"b":[1,2]}`), types.StringValue("{\n  \"b\": [1, 2],\n  \"a\": 1\n}"), true},
		{types.StringValue(`{"a":1}`), types.StringValue(`{"a":2}`), false},
		{types.StringValue(`{"a":1}`), types.StringValue(`{"a":1,"b":null}`), false},
		{types.StringValue(`[1,2]`), types.StringValue(`[2,1]`), false},
		{types.StringValue(`{"a":1}`), types.StringUnknown(), false},
		{types.StringUnknown(), types.StringUnknown(), true},
		{types.StringValue(`not json`), types.StringValue(`not json`), true},
		{types.StringValue(`not json`), types.StringValue(`not  json`), false},
	}
	for _, tc := range cases {
		if got := jsonEqual(tc.a, tc.b); got != tc.want {
			t.Errorf("jsonEqual(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestInvokes(t *testing.T) {
	base := invocationModel{
		FunctionName: types.StringValue("f"), Qualifier: types.StringValue("$LATEST"),
		Input:          types.StringValue(`{"a":1}`),
		Triggers:       types.MapValueMust(types.StringType, map[string]attr.Value{"v": types.StringValue("1")}),
		LifecycleScope: types.StringValue(lifecycleCreateOnly), TerraformKey: types.StringValue("tf"),
	}
	change := func(f func(*invocationModel)) invocationModel { m := base; f(&m); return m }
	cases := []struct {
		name string
		plan invocationModel
		want bool
	}{
		{"nothing", base, false},
		{"reformatted input", change(func(m *invocationModel) { m.Input = types.StringValue(`{ "a": 1 }`) }), false},
		{"scope and key", change(func(m *invocationModel) {
			m.LifecycleScope, m.TerraformKey = types.StringValue(lifecycleCRUD), types.StringValue("k")
		}), false},
		{"input", change(func(m *invocationModel) { m.Input = types.StringValue(`{"a":2}`) }), true},
		{"unknown input", change(func(m *invocationModel) { m.Input = types.StringUnknown() }), true},
		{"triggers", change(func(m *invocationModel) {
			m.Triggers = types.MapValueMust(types.StringType, map[string]attr.Value{"v": types.StringValue("2")})
		}), true},
		{"qualifier", change(func(m *invocationModel) { m.Qualifier = types.StringValue("1") }), true},
		{"function", change(func(m *invocationModel) { m.FunctionName = types.StringValue("g") }), true},
	}
	for _, tc := range cases {
		if got := invokes(tc.plan, base); got != tc.want {
			t.Errorf("%s: invokes = %v, want %v", tc.name, got, tc.want)
		}
	}
}
