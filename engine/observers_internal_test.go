package engine

import "testing"

func TestSplitFunctionRef(t *testing.T) {
	tests := []struct{ ref, name, qualifier string }{
		{"fn", "fn", ""},
		{"fn:live", "fn", "live"},
		{"arn:aws:lambda:us-east-1:000000000000:function:fn", "fn", ""},
		{"arn:aws:lambda:us-east-1:000000000000:function:fn:3", "fn", "3"},
		{"000000000000:function:fn:$LATEST", "fn", "$LATEST"},
	}
	for _, tc := range tests {
		name, qualifier := splitFunctionRef(tc.ref)
		if name != tc.name || qualifier != tc.qualifier {
			t.Errorf("splitFunctionRef(%q) = %q, %q; want %q, %q", tc.ref, name, qualifier, tc.name, tc.qualifier)
		}
	}
}
