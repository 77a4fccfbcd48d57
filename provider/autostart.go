package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/lambdaform/terraform-provider-lambda/internal/enginectl"
)

// The bundled engine: with backend "local" and local { autostart = true },
// Configure starts the engine shipped in the provider's own executable
// (`terraform-provider-lambda engine serve …`, see internal/enginectl) when
// nothing answers at the endpoint. The engine is detached and keeps running
// after this tofu command; the data directory's lock keeps concurrent tofu
// commands from running two.

// defaultDataDirDoc is the default data directory as documented.
const defaultDataDirDoc = "~/.lambdaform"

var engineLogLevels = []string{"debug", "info", "warn", "error"}

// localModel is the provider's local block.
type localModel struct {
	Autostart types.Bool   `tfsdk:"autostart"`
	DataDir   types.String `tfsdk:"data_dir"`
	LogLevel  types.String `tfsdk:"log_level"`
}

// localSettings is the local block after environment fallbacks.
type localSettings struct {
	Autostart bool
	DataDir   string // absolute
	LogLevel  string // "" leaves it to the engine (LAMBDAFORM_LOG_LEVEL, else info)
}

func resolveLocal(blocks []localModel, env envFunc) (localSettings, diag.Diagnostics) {
	var diags diag.Diagnostics
	b := localModel{Autostart: types.BoolNull(), DataDir: types.StringNull(), LogLevel: types.StringNull()}
	if len(blocks) > 0 {
		b = blocks[0]
	}
	var ls localSettings
	if !b.Autostart.IsNull() {
		ls.Autostart = b.Autostart.ValueBool()
	} else if v, ok := env("LAMBDAFORM_AUTOSTART"); ok && v != "" {
		on, err := strconv.ParseBool(v)
		if err != nil {
			diags.AddAttributeError(path.Root("local"), "Invalid LAMBDAFORM_AUTOSTART",
				fmt.Sprintf("LAMBDAFORM_AUTOSTART is %q; use true or false.", v))
		}
		ls.Autostart = on
	}
	ls.LogLevel = b.LogLevel.ValueString()

	dir := firstSet(b.DataDir, env, "", "LAMBDAFORM_DATA_DIR")
	home, _ := env("HOME")
	switch {
	case dir == "" && home == "":
		dir = ".lambdaform" // no home directory: `lambdaform serve`'s default
	case dir == "":
		dir = filepath.Join(home, ".lambdaform")
	case dir == "~" || strings.HasPrefix(dir, "~/"):
		if home == "" {
			diags.AddAttributeError(path.Root("local").AtListIndex(0).AtName("data_dir"), "Invalid data_dir",
				fmt.Sprintf("data_dir %q starts with ~ but HOME is not set; use an absolute path.", dir))
			return ls, diags
		}
		dir = filepath.Join(home, strings.TrimPrefix(dir, "~"))
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		diags.AddAttributeError(path.Root("local").AtListIndex(0).AtName("data_dir"), "Invalid data_dir", err.Error())
	}
	ls.DataDir = abs
	return ls, diags
}

// ensureEngine checks that an engine answers at s.Endpoint and, when none
// does and autostart is on, starts the bundled one.
func ensureEngine(ctx context.Context, s settings) error {
	err := checkEngine(ctx, http.DefaultClient, s.Endpoint)
	var down *engineUnreachableError
	if err == nil || !errors.As(err, &down) {
		return err
	}
	addr, addrErr := autostartAddr(s.Endpoint)
	if !s.Local.Autostart {
		return &engineNotRunningError{probe: down, dataDir: s.Local.DataDir, addr: addr, autostartable: addrErr == nil}
	}
	if addrErr != nil {
		return fmt.Errorf("%w\n\nlocal { autostart = true } cannot start it: %v", down, addrErr)
	}
	opts := enginectl.StartOptions{Addr: addr, DataDir: s.Local.DataDir, ExtraArgs: []string{"--region", s.Region}}
	if s.Local.LogLevel != "" {
		opts.ExtraArgs = append(opts.ExtraArgs, "--log-level", s.Local.LogLevel)
	}
	res, err := enginectl.Start(ctx, opts)
	if err != nil {
		return fmt.Errorf("nothing was answering at %s, and starting the bundled engine there (local { autostart = true }, "+
			"data directory %s) failed: %w", s.Endpoint, s.Local.DataDir, err)
	}
	tflog.Info(ctx, "Lambdaform engine running", map[string]any{
		"pid": res.PID, "addr": res.Addr, "started_by_this_provider": res.Spawned, "data_dir": s.Local.DataDir,
		"log": filepath.Join(s.Local.DataDir, enginectl.LogFile),
	})
	return checkEngine(ctx, http.DefaultClient, s.Endpoint)
}

// autostartAddr is the host:port an autostarted engine listens on for
// endpoint, which must be plain http on a loopback address: the provider
// starts engines on this machine only, and the engine serves no TLS.
func autostartAddr(endpoint string) (string, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", err
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return hostOf(endpoint), fmt.Errorf("endpoint %s is not a loopback address (127.0.0.1, ::1 or localhost); "+
			"only an engine on this machine can be started, so start the engine on that host yourself", endpoint)
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	addr := net.JoinHostPort(host, port)
	if u.Scheme != "http" {
		return addr, fmt.Errorf("endpoint %s uses %s, but the engine serves plain http; use http://%s", endpoint, u.Scheme, addr)
	}
	return addr, nil
}

// engineNotRunningError tells how to get an engine running when autostart
// is off; its text becomes the provider's configuration diagnostic.
type engineNotRunningError struct {
	probe         *engineUnreachableError
	dataDir, addr string
	autostartable bool // the endpoint is one autostart could serve
}

func (e *engineNotRunningError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "No Lambdaform engine is answering at %s (%v).\n\n", e.probe.endpoint, e.probe.err)
	fmt.Fprintf(&b, "Start one with:\n\n  lambdaform serve --addr %s --data-dir %s\n\n", shellQuote(e.addr), shellQuote(e.dataDir))
	if e.autostartable {
		b.WriteString("or let the provider start the engine bundled in it, which keeps running until " +
			"`lambdaform stop --data-dir " + shellQuote(e.dataDir) + "`:\n\n" +
			"  provider \"lambda\" {\n    local {\n      autostart = true\n    }\n  }\n\n" +
			"(or set LAMBDAFORM_AUTOSTART=true). ")
	}
	b.WriteString("You can also point the provider at a running engine with the endpoint argument (or " +
		"LAMBDAFORM_ENDPOINT), or set backend = \"aws\" to deploy to AWS Lambda.")
	return b.String()
}

func (e *engineNotRunningError) Unwrap() error { return e.probe }

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@%+=,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
