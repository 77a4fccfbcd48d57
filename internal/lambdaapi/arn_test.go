package lambdaapi

import "testing"

func TestParseFunctionRef(t *testing.T) {
	tests := []struct{ ref, name, qualifier string }{
		{"f", "f", ""},
		{"f:live", "f", "live"},
		{"f:$LATEST", "f", "$LATEST"},
		{"123456789012:function:f", "f", ""},
		{"123456789012:function:f:7", "f", "7"},
		{"arn:aws:lambda:us-east-1:123456789012:function:f", "f", ""},
		{"arn:aws-cn:lambda:cn-north-1:123456789012:function:my_fn-2:live", "my_fn-2", "live"},
	}
	for _, tt := range tests {
		name, q := ParseFunctionRef(tt.ref)
		if name != tt.name || q != tt.qualifier {
			t.Errorf("ParseFunctionRef(%q) = %q, %q; want %q, %q", tt.ref, name, q, tt.name, tt.qualifier)
		}
	}
}

func TestSameFunction(t *testing.T) {
	arn := "arn:aws:lambda:us-east-1:123456789012:function:f"
	if !SameFunction("f", arn) || !SameFunction(arn, "123456789012:function:f") {
		t.Error("a name and an ARN of f should be the same function")
	}
	if SameFunction("f", "arn:aws:lambda:us-east-1:123456789012:function:g") {
		t.Error("f and g are different functions")
	}
}

func TestUnqualifiedARN(t *testing.T) {
	tests := map[string]string{
		"arn:aws:lambda:us-east-1:123456789012:function:f:3":    "arn:aws:lambda:us-east-1:123456789012:function:f",
		"arn:aws:lambda:us-east-1:123456789012:function:f:live": "arn:aws:lambda:us-east-1:123456789012:function:f",
		"arn:aws:lambda:us-east-1:123456789012:function:f":      "arn:aws:lambda:us-east-1:123456789012:function:f",
		"not-an-arn": "not-an-arn",
	}
	for in, want := range tests {
		if got := UnqualifiedARN(in); got != want {
			t.Errorf("UnqualifiedARN(%q) = %q, want %q", in, got, want)
		}
	}
	if !IsARN("arn:aws:lambda:us-east-1:123456789012:function:f") || IsARN("f") {
		t.Error("IsARN misclassifies")
	}
}
