package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

const tofuSection = "8. tofu apply / destroy"

// tofuProject is one working directory with its own CLI configuration.
type tofuProject struct {
	label, dir, tfrc string
	env              []string // added to tofu's environment, which its providers inherit
}

// noopLikeLambdaEnv makes terraform-provider-noop run with the plugin-process
// settings of terraform-provider-lambda (noopprovider's likeLambdaEnv).
const noopLikeLambdaEnv = "LAMBDAFORM_NOOP_LIKE_LAMBDA=1"

// tofuApplies applies and destroys TofuResources lambda_function resources
// against a fresh engine, as many noop_thing resources as the floor, and as
// many noop_function resources: lambda_function's schema without its code,
// run with the lambda provider's process settings, which tells what
// OpenTofu and the framework spend on that schema from what the resource's
// code and the engine add.
func (r *Runner) tofuApplies(ctx context.Context) error {
	dir, err := r.scratch("tofu-engine")
	if err != nil {
		return err
	}
	p, err := startEngineProc(r.bin("lambdaform"), dir)
	if err != nil {
		return err
	}
	defer p.Stop()
	lambda, err := r.writeProject("lambda", lambdaConfig(p.URL, r.Opt.TofuResources))
	if err != nil {
		return err
	}
	noop, err := r.writeProject("noop", noopConfig(r.Opt.TofuResources))
	if err != nil {
		return err
	}
	noopFn, err := r.writeProject("noopfn", noopFunctionConfig(r.Opt.TofuResources))
	if err != nil {
		return err
	}
	noopFn.env = []string{noopLikeLambdaEnv}
	// The floor, the reference and the functions take turns, so all see
	// the same load.
	secs := map[string][]float64{}
	for range r.Opt.Repeats {
		for _, proj := range []tofuProject{noop, noopFn, lambda} {
			for _, cmd := range []string{"apply", "destroy"} {
				t0 := time.Now()
				if err := r.tofu(ctx, proj, cmd); err != nil {
					return err
				}
				secs[proj.label+"."+cmd] = append(secs[proj.label+"."+cmd], time.Since(t0).Seconds())
			}
		}
	}
	r.recordTofu(secs)
	return nil
}

func (r *Runner) recordTofu(secs map[string][]float64) {
	whats := map[string]string{"noop": "noop_thing (floor)", "lambda": "lambda_function",
		"noopfn": "noop_function (lambda_function's schema, no code)"}
	for _, label := range []string{"noop", "noopfn", "lambda"} {
		what := whats[label]
		for _, cmd := range []string{"apply", "destroy"} {
			v := secs[label+"."+cmd]
			r.Res.Add(Figure{Key: "tofu." + label + "." + cmd, Section: tofuSection,
				Name: fmt.Sprintf("%s %d %s", cmd, r.Opt.TofuResources, what), Value: median(v), Unit: "s", Runs: len(v)})
		}
	}
}

// tofu runs one auto-approved command; no `tofu init`, as dev_overrides
// providers need none.
func (r *Runner) tofu(ctx context.Context, proj tofuProject, command string) error {
	cmd := exec.CommandContext(ctx, r.bin("tofu"), command, "-auto-approve", "-input=false", "-no-color")
	cmd.Dir = proj.dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+proj.tfrc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	cmd.Env = append(cmd.Env, proj.env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("tofu %s in %s: %w\n%s", command, proj.dir, err, tail(out))
	}
	return nil
}

// writeProject writes main.tf, the package the lambda config refers to,
// and a CLI config whose dev_overrides point both providers at their builds.
func (r *Runner) writeProject(label, config string) (tofuProject, error) {
	dir, err := r.scratch("tofu-" + label)
	if err != nil {
		return tofuProject{}, err
	}
	proj := tofuProject{label: label, dir: dir, tfrc: filepath.Join(dir, "dev.tfrc")}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return proj, err
	}
	tfrc := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.opentofu.org/lambdaform/lambda" = %q
    "registry.opentofu.org/lambdaform/noop"   = %q
  }
  direct {}
}
`, r.Opt.BinDir, r.Opt.NoopProviderDir)
	files := map[string][]byte{"main.tf": []byte(config), "dev.tfrc": []byte(tfrc), "function.zip": r.specs[1].Zip}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return proj, err
		}
	}
	return proj, nil
}

func lambdaConfig(endpoint string, n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    lambda = { source = "lambdaform/lambda" }
  }
}

provider "lambda" {
  backend  = "local"
  endpoint = %q
  region   = "us-east-1"
}
`, endpoint) + functionResource("lambda_function", n)
}

// noopFunctionConfig is lambdaConfig's resources as noop_function.
func noopFunctionConfig(n int) string {
	return `terraform {
  required_providers {
    noop = { source = "lambdaform/noop" }
  }
}
` + functionResource("noop_function", n)
}

// functionResource is n resources of type typ with the arguments the bench
// gives every function.
func functionResource(typ string, n int) string {
	return fmt.Sprintf(`
resource %q "f" {
  count            = %d
  function_name    = "tofu-bench-${count.index}"
  role             = %q
  runtime          = "python3.12"
  handler          = "lambda_function.handler"
  filename         = "${path.module}/function.zip"
  source_code_hash = filebase64sha256("${path.module}/function.zip")
}
`, typ, n, benchRole)
}

func noopConfig(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    noop = { source = "lambdaform/noop" }
  }
}

resource "noop_thing" "t" {
  count = %d
  name  = "thing-${count.index}"
}
`, n)
}

// tail returns the last 2 KB of out: enough to see why tofu failed.
func tail(out []byte) []byte {
	if len(out) > 2048 {
		return out[len(out)-2048:]
	}
	return out
}
