//go:build linux

package enginectl

import (
	"io"
	"testing"
)

func TestApplyEnv(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantDir string
		wantReg string
		wantErr bool
	}{
		{"defaults", nil, nil, ".lambdaform", "us-east-1", false},
		{"env", nil, map[string]string{"LAMBDAFORM_DATA_DIR": "/d", "LAMBDAFORM_REGION": "eu-west-1"}, "/d", "eu-west-1", false},
		{"flag beats env", []string{"--data-dir", "/flag"}, map[string]string{"LAMBDAFORM_DATA_DIR": "/env"}, "/flag", "us-east-1", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cmd := NewServeCommand()
			if err := cmd.ParseFlags(tc.args); err != nil {
				t.Fatal(err)
			}
			err := ApplyEnv(cmd.Flags(), func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
			if (err != nil) != tc.wantErr {
				t.Fatalf("ApplyEnv: %v", err)
			}
			dir, _ := cmd.Flags().GetString("data-dir")
			reg, _ := cmd.Flags().GetString("region")
			if dir != tc.wantDir || reg != tc.wantReg {
				t.Fatalf("data-dir %q region %q", dir, reg)
			}
		})
	}
}

func TestNewLogger(t *testing.T) {
	tests := []struct {
		level, format string
		ok            bool
	}{
		{"info", "text", true},
		{"debug", "json", true},
		{"loud", "text", false},
		{"info", "xml", false},
	}
	for _, tc := range tests {
		_, err := NewLogger(io.Discard, tc.level, tc.format)
		if (err == nil) != tc.ok {
			t.Errorf("NewLogger(%q,%q): %v", tc.level, tc.format, err)
		}
	}
}
