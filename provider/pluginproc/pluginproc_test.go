package pluginproc

import (
	"maps"
	"testing"
)

func TestPluginSettings(t *testing.T) {
	const cookie = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
	allOff := map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off"}
	tests := []struct {
		name    string
		env     map[string]string
		wantEnv map[string]string
		wantGC  int
	}{
		{"not a plugin (tests, -debug)", map[string]string{"TF_LOG": ""}, nil, 0},
		{"plugin, no logging asked for", map[string]string{pluginCookieKey: cookie}, allOff, pluginGCPercent},
		{"TF_LOG=off keeps nothing either", map[string]string{pluginCookieKey: cookie, "TF_LOG": "off"}, allOff, pluginGCPercent},
		{"TF_LOG shows provider logs", map[string]string{pluginCookieKey: cookie, "TF_LOG": "trace"}, map[string]string{}, pluginGCPercent},
		{"TF_LOG=JSON too", map[string]string{pluginCookieKey: cookie, "TF_LOG": "JSON"}, map[string]string{}, pluginGCPercent},
		{"TF_LOG_PROVIDER wins over TF_LOG", map[string]string{pluginCookieKey: cookie, "TF_LOG": "trace", "TF_LOG_PROVIDER": "OFF"}, allOff, pluginGCPercent},
		{"TF_LOG_PROVIDER alone", map[string]string{pluginCookieKey: cookie, "TF_LOG_PROVIDER": "debug"}, map[string]string{}, pluginGCPercent},
		{"explicit SDK levels are kept", map[string]string{pluginCookieKey: cookie, "TF_LOG_SDK_FRAMEWORK": "trace"},
			map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off"}, pluginGCPercent},
		{"GOGC is the user's", map[string]string{pluginCookieKey: cookie, "GOGC": "50"}, allOff, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lookup := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
			env, gc := pluginSettings(lookup)
			if !maps.Equal(env, tt.wantEnv) || gc != tt.wantGC {
				t.Errorf("pluginSettings = %v, %d; want %v, %d", env, gc, tt.wantEnv, tt.wantGC)
			}
		})
	}
}
