package resources

import "testing"

func TestExisted(t *testing.T) {
	tests := []struct {
		version, latest string
		want            bool
	}{
		{"1", "$LATEST", false}, // first publish
		{"3", "2", false},       // a new version
		{"2", "2", true},        // Lambda answered with the latest
		{"1", "2", true},
		{"10", "9", false}, // compared as numbers, not strings
	}
	for _, tt := range tests {
		if got := existed(tt.version, tt.latest); got != tt.want {
			t.Errorf("existed(%q, %q) = %v, want %v", tt.version, tt.latest, got, tt.want)
		}
	}
}
