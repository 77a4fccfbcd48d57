// Package awscli runs the AWS CLI against a service under test. The
// services' tests drive them with the SDKs; the CLI is the other client
// people point at the engine, and it speaks older wire protocols (query for
// SQS in CLI v1 and early v2), so each service also runs a few calls
// through it. Only tests import this package.
package awscli

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// CLI runs one service's commands against an endpoint.
type CLI struct {
	t        *testing.T
	aws      string
	service  string
	endpoint string
	env      []string
}

// New returns a CLI for service ("sqs", "kinesis", ...) at endpoint, or
// skips t when no aws CLI is on PATH. The CLI gets fixed credentials and
// empty config and credentials files, so nothing from the developer's own
// profile (region, credentials, a pager, retries) changes what it sends.
func New(t *testing.T, service, endpoint, region string) *CLI {
	t.Helper()
	aws, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("aws CLI not on PATH; this test runs the CLI against the service")
	}
	dir := t.TempDir()
	for _, f := range []string{"config", "credentials"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), "AWS_ACCESS_KEY_ID=AKIDLOCAL", "AWS_SECRET_ACCESS_KEY=secret",
		"AWS_DEFAULT_REGION="+region, "AWS_CONFIG_FILE="+filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"), "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
	return &CLI{t: t, aws: aws, service: service, endpoint: endpoint, env: env}
}

// Run runs `aws <service> <args>` and returns its JSON output decoded (nil
// when the command prints nothing). A failing command fails the test with
// the CLI's stderr.
func (c *CLI) Run(args ...string) map[string]any {
	c.t.Helper()
	cmd := exec.CommandContext(c.t.Context(), c.aws,
		append([]string{c.service, "--endpoint-url", c.endpoint, "--output", "json"}, args...)...)
	cmd.Env = c.env
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			c.t.Fatalf("aws %s %v: %v\n%s", c.service, args, err, ee.Stderr)
		}
		c.t.Fatalf("aws %s %v: %v", c.service, args, err)
	}
	var v map[string]any
	if len(out) > 0 {
		if err := json.Unmarshal(out, &v); err != nil {
			c.t.Fatalf("aws %s %v printed %q: %v", c.service, args, out, err)
		}
	}
	return v
}
