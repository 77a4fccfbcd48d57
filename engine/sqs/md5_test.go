package sqs

import "testing"

// The expected digests are AWS's published examples and values from
// independent implementations checked against AWS.
func TestMD5OfAttributes(t *testing.T) {
	tests := []struct {
		name  string
		attrs map[string]AttributeValue
		want  string
	}{
		{"none", nil, ""},
		{"one string", map[string]AttributeValue{"SellerName": {DataType: "String", StringValue: "Example Store"}},
			"cd28f3b68aeee4b2eac9c66f2f694b58"},
		{"sorted by name", map[string]AttributeValue{
			"test_attribute_name_2": {DataType: "String", StringValue: "test_attribute_value_2"},
			"test_attribute_name_1": {DataType: "String", StringValue: "test_attribute_value_1"},
		}, "d53f3b558fe951154770f25cb63dbba9"},
		{"binary", map[string]AttributeValue{"test_attribute_name": {DataType: "Binary", BinaryValue: []byte("test_attribute_value")}},
			"23f6bd27ea87aab7dfeadcc9aebee495"},
		{"number and string", map[string]AttributeValue{
			"ordinal":  {DataType: "Number", StringValue: "1"},
			"category": {DataType: "String", StringValue: "test"},
		}, "d21ae90c49061e927f57df5f5d72be1f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := md5OfAttributes(tt.attrs); got != tt.want {
				t.Errorf("md5OfAttributes = %q, want %q", got, tt.want)
			}
		})
	}
}
