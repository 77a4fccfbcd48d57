package lambdaapi

import (
	"strings"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

func TestParseFunctionRef(t *testing.T) {
	tests := []struct {
		raw           string
		op            nameOp
		name, qual    string
		code, msgPart string
	}{
		{raw: "fn", op: opOther, name: "fn"},
		{raw: "fn:7", op: opGet, name: "fn", qual: "7"},
		{raw: "fn:$LATEST", op: opGet, name: "fn", qual: "$LATEST"},
		{raw: "000000000000:function:fn", op: opOther, name: "fn"},
		{raw: "arn:aws:lambda:us-east-1:000000000000:function:fn:alias", op: opOther, name: "fn", qual: "alias"},
		{raw: "my.fn", op: opGet, name: "my.fn"},
		{raw: "my.fn", op: opCreate, code: "InvalidParameterValueException", msgPart: "regular expression pattern"},
		{raw: strings.Repeat("a", 65), op: opCreate, code: "InvalidParameterValueException", msgPart: "less than or equal to 64"},
		{raw: strings.Repeat("a", 65), op: opOther, name: strings.Repeat("a", 65)},
		{raw: "a b", op: opOther, code: "ValidationException", msgPart: "regular expression pattern"},
		{raw: "arn:aws:lambda:eu-west-1:000000000000:function:fn", op: opOther, code: "ResourceNotFoundException", msgPart: "Functions from 'eu-west-1'"},
		{raw: "arn:aws:lambda:us-east-1:111111111111:function:fn", op: opOther, code: "AccessDeniedException"},
		{raw: "arn:aws:lambda:us-east-1:000000000000:function:" + strings.Repeat("a", 95), op: opDelete, code: "ValidationException", msgPart: "less than or equal to 140"},
	}
	for _, tc := range tests {
		t.Run(tc.raw, func(t *testing.T) {
			ref, apiErr := parseFunctionRef(tc.raw, tc.op, "us-east-1", "000000000000")
			if tc.code != "" {
				if apiErr == nil || apiErr.Code != tc.code || !strings.Contains(apiErr.Message, tc.msgPart) {
					t.Fatalf("got %+v, %v; want %s containing %q", ref, apiErr, tc.code, tc.msgPart)
				}
				return
			}
			if apiErr != nil || ref.Name != tc.name || ref.Qualifier != tc.qual {
				t.Fatalf("got %+v, %v; want %s:%s", ref, apiErr, tc.name, tc.qual)
			}
		})
	}
}

func TestResolveQualifier(t *testing.T) {
	tests := []struct {
		arnQual, param, want, code string
	}{
		{"", "", "", ""},
		{"3", "", "3", ""},
		{"", "$LATEST", "$LATEST", ""},
		{"3", "3", "3", ""},
		{"3", "4", "", "InvalidParameterValueException"},
		{"", "bad?", "", "ValidationException"},
		{"", strings.Repeat("a", 129), "", "ValidationException"},
	}
	for _, tc := range tests {
		got, apiErr := resolveQualifier(functionRef{Name: "fn", Qualifier: tc.arnQual}, tc.param)
		if (apiErr == nil) != (tc.code == "") || (apiErr != nil && apiErr.Code != tc.code) || got != tc.want {
			t.Errorf("resolveQualifier(%q,%q) = %q,%v want %q,%s", tc.arnQual, tc.param, got, apiErr, tc.want, tc.code)
		}
	}
}

func TestValidateRuntime(t *testing.T) {
	tests := []struct{ runtime, prefix string }{
		{"python3.12", ""},
		{"provided.al2023", ""},
		{"nodejs12.x", "The runtime parameter of nodejs12.x is no longer supported"},
		{"PYTHON3.9", "Value PYTHON3.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x,"},
	}
	for _, tc := range tests {
		apiErr := validateRuntime(tc.runtime)
		if tc.prefix == "" {
			if apiErr != nil {
				t.Errorf("%s: %v", tc.runtime, apiErr)
			}
			continue
		}
		if apiErr == nil || apiErr.Code != "InvalidParameterValueException" || !strings.HasPrefix(apiErr.Message, tc.prefix) {
			t.Errorf("%s: %v", tc.runtime, apiErr)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestSettingsViolations(t *testing.T) {
	tests := []struct {
		name string
		s    settings
		want []string
	}{
		{"valid", settings{Role: ptr("arn:aws:iam::000000000000:role/x"), MemorySize: ptr(int32(10240)), Timeout: ptr(int32(900))}, nil},
		{"ephemeral low", settings{EphemeralStorage: &ephemeralStorage{Size: 511}},
			[]string{"Value '511' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value greater than or equal to 512"}},
		{"tracing", settings{TracingConfig: &tracingConfig{Mode: "On"}},
			[]string{"Value 'On' at 'tracingConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: [Active, PassThrough]"}},
		{"uppercase arch", settings{Architectures: []string{"X86_64"}},
			[]string{"Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"}},
		{"long handler", settings{Handler: ptr(strings.Repeat("h", 129))},
			[]string{"Value '" + strings.Repeat("h", 129) + "' at 'handler' failed to satisfy constraint: Member must have length less than or equal to 128"}},
		{"description", settings{Description: ptr(strings.Repeat("d", 257))},
			[]string{"Value '" + strings.Repeat("d", 257) + "' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256"}},
	}
	for _, tc := range tests {
		got := tc.s.violations()
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestValidateEnvironment(t *testing.T) {
	exact := map[string]string{"K": strings.Repeat("x", 4096-len(`{"K":""}`))}
	over := map[string]string{"K": strings.Repeat("x", 4096-len(`{"K":""}`)+1)}
	html := map[string]string{"K": strings.Repeat("<", 4096-len(`{"K":""}`))}
	tests := []struct {
		name string
		vars map[string]string
		ok   bool
	}{
		{"empty", nil, true},
		{"exactly 4KB", exact, true},
		{"one byte over", over, false},
		{"html not escaped when measuring", html, true},
		{"reserved", map[string]string{"LAMBDA_TASK_ROOT": "/x"}, false},
	}
	for _, tc := range tests {
		if apiErr := validateEnvironment(tc.vars); (apiErr == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, apiErr)
		}
	}
}

func TestLifecycleTransitions(t *testing.T) {
	a := &API{cfg: Config{Region: "us-east-1", AccountID: "000000000000"}}
	tests := []struct {
		name      string
		v         store.Version
		transient bool
		conflict  string
	}{
		{"pending", store.Version{State: statePending}, true, "The operation cannot be performed at this time. The function is currently in the following state: Pending"},
		{"updating", store.Version{FunctionName: "f", State: stateActive, LastUpdateStatus: updateInProgress}, true,
			"The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:000000000000:function:f"},
		{"settled", store.Version{State: stateActive, LastUpdateStatus: updateSuccessful}, false, ""},
	}
	for _, tc := range tests {
		if needsTransition(tc.v) != tc.transient {
			t.Errorf("%s: needsTransition = %v", tc.name, !tc.transient)
		}
		apiErr := a.checkUpdatable(tc.v)
		if (tc.conflict == "" && apiErr != nil) || (tc.conflict != "" && (apiErr == nil || apiErr.Message != tc.conflict || apiErr.Status != 409)) {
			t.Errorf("%s: checkUpdatable = %v", tc.name, apiErr)
		}
		v := tc.v
		settle(&v)
		if v.State == statePending || v.LastUpdateStatus != updateSuccessful || v.RevisionID == "" || v.StateReason != "" {
			t.Errorf("%s: settled to %+v", tc.name, v)
		}
	}
}

func TestApplyLogging(t *testing.T) {
	tests := []struct {
		name string
		in   loggingConfig
		want store.Logging
	}{
		{"to JSON", loggingConfig{LogFormat: "JSON"}, store.Logging{LogFormat: "JSON", LogGroup: "/aws/lambda/f", ApplicationLogLevel: "INFO", SystemLogLevel: "INFO"}},
		{"custom group", loggingConfig{LogGroup: "g"}, store.Logging{LogFormat: "Text", LogGroup: "g"}},
		{"JSON with level", loggingConfig{LogFormat: "JSON", ApplicationLogLevel: "DEBUG"}, store.Logging{LogFormat: "JSON", LogGroup: "/aws/lambda/f", ApplicationLogLevel: "DEBUG", SystemLogLevel: "INFO"}},
	}
	for _, tc := range tests {
		l := store.Logging{LogFormat: "Text", LogGroup: "/aws/lambda/f"}
		applyLogging(&l, tc.in)
		if l != tc.want {
			t.Errorf("%s: %+v want %+v", tc.name, l, tc.want)
		}
	}
	l := store.Logging{LogFormat: "JSON", LogGroup: "g", ApplicationLogLevel: "INFO", SystemLogLevel: "INFO"}
	applyLogging(&l, loggingConfig{LogFormat: "Text"})
	if l.ApplicationLogLevel != "" || l.SystemLogLevel != "" {
		t.Errorf("back to Text kept levels: %+v", l)
	}
}

func TestErrorBodies(t *testing.T) {
	tests := []struct {
		code string
		want map[string]any
	}{
		{"ResourceNotFoundException", map[string]any{"Message": "m", "Type": "User"}},
		{"InvalidParameterValueException", map[string]any{"message": "m", "Type": "User"}},
		{"ResourceConflictException", map[string]any{"message": "m", "Type": "User"}},
		{"ValidationException", map[string]any{"message": "m"}},
		{"RequestEntityTooLargeException", map[string]any{"message": "m"}},
	}
	for _, tc := range tests {
		got := (&APIError{Code: tc.code, Message: "m"}).body()
		if len(got) != len(tc.want) {
			t.Errorf("%s: %v", tc.code, got)
		}
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("%s: %v want %v", tc.code, got, tc.want)
			}
		}
	}
}

func TestRejectUnsupported(t *testing.T) {
	tests := []struct {
		name string
		u    unsupported
		want string
	}{
		{"nothing", unsupported{}, ""},
		{"empty file systems", unsupported{FileSystemConfigs: []byte(`[]`)}, ""},
		{"null image config", unsupported{ImageConfig: []byte(`null`)}, ""},
		{"layers", unsupported{Layers: []string{"arn:x"}}, "The local Lambdaform engine does not support Layers."},
		{"efs", unsupported{FileSystemConfigs: []byte(`[{"Arn":"arn:aws:elasticfilesystem:x","LocalMountPath":"/mnt/x"}]`)}, "The local Lambdaform engine does not support FileSystemConfigs."},
	}
	for _, tc := range tests {
		apiErr := rejectUnsupported(tc.u)
		got := ""
		if apiErr != nil {
			got = apiErr.Message
		}
		if got != tc.want {
			t.Errorf("%s: %q want %q", tc.name, got, tc.want)
		}
	}
}
