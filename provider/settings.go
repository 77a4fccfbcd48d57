package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
)

// settings is the provider configuration after environment fallbacks and
// defaults were applied: everything newClient needs, in plain Go types.
type settings struct {
	Backend                string
	Endpoint               string
	Region                 string
	Profile                string
	SharedConfigFiles      []string
	SharedCredentialsFiles []string
	AccessKey, SecretKey   string
	Token                  string
	MaxRetries             int // -1: SDK default
	AssumeRole             *assumeRole
	DefaultTags            map[string]string
	Local                  localSettings // backend local only
}

type assumeRole struct {
	RoleARN, SessionName, ExternalID string
	Duration                         time.Duration
}

// envFunc looks up an environment variable; tests substitute a map.
type envFunc func(string) (string, bool)

func lookupEnv(k string) (string, bool) { return os.LookupEnv(k) }

func pathExpr(name string) path.Expression { return path.MatchRoot(name) }

// firstSet returns the attribute's value when set, else the first non-empty
// environment variable of names, else def.
func firstSet(v types.String, env envFunc, def string, names ...string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	for _, n := range names {
		if s, ok := env(n); ok && s != "" {
			return s
		}
	}
	return def
}

func resolveSettings(ctx context.Context, m providerModel, env envFunc) (settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	diags.Append(rejectUnknown(m)...)
	if diags.HasError() {
		return settings{}, diags
	}
	s := settings{
		Backend:    firstSet(m.Backend, env, conn.BackendLocal, "LAMBDAFORM_BACKEND"),
		Profile:    m.Profile.ValueString(),
		AccessKey:  m.AccessKey.ValueString(),
		SecretKey:  m.SecretKey.ValueString(),
		Token:      m.Token.ValueString(),
		MaxRetries: -1,
	}
	if !m.MaxRetries.IsNull() {
		s.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	switch s.Backend {
	case conn.BackendLocal:
		s.Endpoint = firstSet(m.Endpoint, env, defaultEndpoint, "LAMBDAFORM_ENDPOINT")
		s.Region = firstSet(m.Region, env, defaultRegion, "AWS_REGION", "AWS_DEFAULT_REGION")
		var d diag.Diagnostics
		s.Local, d = resolveLocal(m.Local, env)
		diags.Append(d...)
	case conn.BackendAWS:
		// LAMBDAFORM_ENDPOINT is meant for the engine; only an explicit
		// endpoint redirects AWS traffic.
		s.Endpoint = m.Endpoint.ValueString()
		s.Region = firstSet(m.Region, env, "", "AWS_REGION", "AWS_DEFAULT_REGION")
	default:
		diags.AddAttributeError(path.Root("backend"), "Unsupported backend",
			fmt.Sprintf("backend (or LAMBDAFORM_BACKEND) is %q; use %q or %q.", s.Backend, conn.BackendLocal, conn.BackendAWS))
	}
	if s.Endpoint != "" {
		if u, err := url.Parse(s.Endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			diags.AddAttributeError(path.Root("endpoint"), "Invalid endpoint",
				fmt.Sprintf("endpoint %q must be an absolute http:// or https:// URL such as %s.", s.Endpoint, defaultEndpoint))
		}
	}
	diags.Append(m.SharedConfigFiles.ElementsAs(ctx, &s.SharedConfigFiles, false)...)
	diags.Append(m.SharedCredentialsFiles.ElementsAs(ctx, &s.SharedCredentialsFiles, false)...)
	var d diag.Diagnostics
	s.AssumeRole, d = resolveAssumeRole(m.AssumeRole)
	diags.Append(d...)
	s.DefaultTags, d = resolveDefaultTags(ctx, m.DefaultTags)
	diags.Append(d...)
	return s, diags
}

func resolveAssumeRole(blocks []assumeRoleModel) (*assumeRole, diag.Diagnostics) {
	var diags diag.Diagnostics
	if len(blocks) == 0 {
		return nil, diags
	}
	b := blocks[0]
	ar := &assumeRole{
		RoleARN:     b.RoleARN.ValueString(),
		SessionName: b.SessionName.ValueString(),
		ExternalID:  b.ExternalID.ValueString(),
	}
	if !b.Duration.IsNull() {
		d, err := time.ParseDuration(b.Duration.ValueString())
		if err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("assume_role").AtListIndex(0).AtName("duration"), "Invalid duration",
				fmt.Sprintf("duration %q is not a positive Go duration such as \"1h\" or \"15m\".", b.Duration.ValueString()))
		}
		ar.Duration = d
	}
	return ar, diags
}

func resolveDefaultTags(ctx context.Context, blocks []defaultTagsModel) (map[string]string, diag.Diagnostics) {
	tags := map[string]string{}
	if len(blocks) == 0 || blocks[0].Tags.IsNull() {
		return tags, nil
	}
	diags := blocks[0].Tags.ElementsAs(ctx, &tags, false)
	return tags, diags
}

// rejectUnknown refuses configuration that is only known after apply (for
// example an endpoint computed by another resource): the client must exist
// at plan time.
func rejectUnknown(m providerModel) diag.Diagnostics {
	var diags diag.Diagnostics
	values := map[string]attr.Value{
		"backend": m.Backend, "endpoint": m.Endpoint, "region": m.Region, "profile": m.Profile,
		"shared_config_files": m.SharedConfigFiles, "shared_credentials_files": m.SharedCredentialsFiles,
		"access_key": m.AccessKey, "secret_key": m.SecretKey, "token": m.Token, "max_retries": m.MaxRetries,
	}
	for name, v := range values {
		if v.IsUnknown() {
			diags.AddAttributeError(path.Root(name), "Provider argument unknown at plan time",
				fmt.Sprintf("%s depends on a value known only after apply. Configure the provider with values "+
					"known at plan time, or apply the dependency first (-target).", name))
		}
	}
	for _, b := range m.Local {
		for name, v := range map[string]attr.Value{"autostart": b.Autostart, "data_dir": b.DataDir, "log_level": b.LogLevel} {
			if v.IsUnknown() {
				diags.AddAttributeError(path.Root("local").AtListIndex(0).AtName(name), "Provider argument unknown at plan time",
					"local."+name+" depends on a value known only after apply; use values known at plan time.")
			}
		}
	}
	for _, b := range m.DefaultTags {
		if b.Tags.IsUnknown() {
			diags.AddAttributeError(path.Root("default_tags"), "Provider argument unknown at plan time",
				"default_tags.tags depends on a value known only after apply; use values known at plan time.")
		}
	}
	return diags
}
