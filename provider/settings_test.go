package provider

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func envOf(m map[string]string) envFunc {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestResolveSettings(t *testing.T) {
	empty := providerModel{
		SharedConfigFiles:      types.ListNull(types.StringType),
		SharedCredentialsFiles: types.ListNull(types.StringType),
	}
	with := func(f func(*providerModel)) providerModel { m := empty; f(&m); return m }
	tests := []struct {
		name                                  string
		model                                 providerModel
		env                                   map[string]string
		wantBackend, wantEndpoint, wantRegion string
		wantErr                               string
	}{
		{name: "local defaults", model: empty,
			wantBackend: "local", wantEndpoint: defaultEndpoint, wantRegion: defaultRegion},
		{name: "environment fallbacks", model: empty,
			env:         map[string]string{"LAMBDAFORM_ENDPOINT": "http://10.0.0.1:9", "AWS_DEFAULT_REGION": "eu-west-1"},
			wantBackend: "local", wantEndpoint: "http://10.0.0.1:9", wantRegion: "eu-west-1"},
		{name: "AWS_REGION wins over AWS_DEFAULT_REGION", model: empty,
			env:         map[string]string{"AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "eu-west-1"},
			wantBackend: "local", wantEndpoint: defaultEndpoint, wantRegion: "eu-central-1"},
		{name: "attributes win over environment",
			model: with(func(m *providerModel) {
				m.Endpoint = types.StringValue("http://127.0.0.1:1")
				m.Region = types.StringValue("ap-south-1")
			}),
			env:         map[string]string{"LAMBDAFORM_ENDPOINT": "http://x:1", "AWS_REGION": "eu-west-1"},
			wantBackend: "local", wantEndpoint: "http://127.0.0.1:1", wantRegion: "ap-south-1"},
		{name: "aws ignores LAMBDAFORM_ENDPOINT",
			env:         map[string]string{"LAMBDAFORM_BACKEND": "aws", "LAMBDAFORM_ENDPOINT": "http://x:1", "AWS_REGION": "us-west-2"},
			model:       empty,
			wantBackend: "aws", wantEndpoint: "", wantRegion: "us-west-2"},
		{name: "bad backend from environment", model: empty,
			env: map[string]string{"LAMBDAFORM_BACKEND": "gcp"}, wantErr: "Unsupported backend"},
		{name: "relative endpoint", model: with(func(m *providerModel) { m.Endpoint = types.StringValue("localhost:9001") }),
			wantErr: "Invalid endpoint"},
		{name: "unknown region", model: with(func(m *providerModel) { m.Region = types.StringUnknown() }),
			wantErr: "unknown at plan time"},
		{name: "bad assume_role duration",
			model: with(func(m *providerModel) {
				m.AssumeRole = []assumeRoleModel{{RoleARN: types.StringValue("arn:aws:iam::123456789012:role/r"), Duration: types.StringValue("forever")}}
			}),
			wantErr: "Invalid duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := resolveSettings(context.Background(), tt.model, envOf(tt.env))
			if tt.wantErr != "" {
				if !diags.HasError() || !strings.Contains(diagText(diags.Errors()[0].Summary(), diags.Errors()[0].Detail()), tt.wantErr) {
					t.Fatalf("diags = %v, want error containing %q", diags, tt.wantErr)
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("unexpected diags: %v", diags)
			}
			if s.Backend != tt.wantBackend || s.Endpoint != tt.wantEndpoint || s.Region != tt.wantRegion {
				t.Fatalf("got backend=%q endpoint=%q region=%q, want %q %q %q",
					s.Backend, s.Endpoint, s.Region, tt.wantBackend, tt.wantEndpoint, tt.wantRegion)
			}
		})
	}
}

func diagText(summary, detail string) string { return summary + ": " + detail }

func TestResolveDefaultTags(t *testing.T) {
	tags := types.MapValueMust(types.StringType, map[string]attr.Value{"a": types.StringValue("1")})
	got, diags := resolveDefaultTags(context.Background(), []defaultTagsModel{{Tags: tags}})
	if diags.HasError() || len(got) != 1 || got["a"] != "1" {
		t.Fatalf("got %v, %v", got, diags)
	}
}

func TestCheckEngine(t *testing.T) {
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
		}
	}))
	defer healthy.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer broken.Close()
	// A port that was just free: nothing listens there.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()

	if err := checkEngine(context.Background(), http.DefaultClient, healthy.URL+"/"); err != nil {
		t.Fatalf("healthy engine: %v", err)
	}
	for _, endpoint := range []string{broken.URL, closed} {
		err := checkEngine(context.Background(), http.DefaultClient, endpoint)
		if err == nil {
			t.Fatalf("%s: want error", endpoint)
		}
		for _, want := range []string{"No Lambdaform engine is answering at " + endpoint, "lambdaform serve --addr " + hostOf(endpoint)} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q lacks %q", endpoint, err, want)
			}
		}
	}
}

func TestLocalConfigCredentials(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	tests := []struct {
		name    string
		s       settings
		env     [2]string
		wantKey string
	}{
		{"explicit keys", settings{AccessKey: "AK", SecretKey: "SK", MaxRetries: -1}, [2]string{"EK", "ES"}, "AK"},
		{"environment keys", settings{MaxRetries: -1}, [2]string{"EK", "ES"}, "EK"},
		{"dummy keys", settings{MaxRetries: -1}, [2]string{"", ""}, dummyAccessKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("AWS_ACCESS_KEY_ID", tt.env[0])
			t.Setenv("AWS_SECRET_ACCESS_KEY", tt.env[1])
			creds, err := localConfig(tt.s).Credentials.Retrieve(context.Background())
			if err != nil || creds.AccessKeyID != tt.wantKey {
				t.Fatalf("got %q, %v; want %q", creds.AccessKeyID, err, tt.wantKey)
			}
		})
	}
}
