package provider_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
	"github.com/lambdaform/terraform-provider-lambda/internal/enginectl"
)

// TestAccProvider_autostart: with local { autostart = true } and nothing at
// the endpoint, the provider starts its bundled engine, every later tofu
// command (plan, apply, import, destroy) uses that same engine, and it is
// still serving once they have all exited. Stopping it leaves no process.
func TestAccProvider_autostart(t *testing.T) {
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1", resource.EnvTfAcc)
	}
	if acctest.IsAWS() {
		t.Skip("autostart concerns the local backend")
	}
	dataDir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	endpoint := "http://" + addr
	// Registered after TempDir, so it runs before the directory is removed.
	t.Cleanup(func() {
		res, err := enginectl.Stop(context.Background(), dataDir)
		if err != nil || !res.Stopped {
			t.Errorf("stopping the autostarted engine: %+v, %v", res, err)
		}
		if pids := processesNaming(t, dataDir); len(pids) > 0 {
			t.Errorf("processes still running for %s after Stop: %v", dataDir, pids)
		}
	})

	name := acctest.RandomName("autostart")
	zip := acctest.WriteZip(t, acctest.PythonHandler("v1"))
	config := func(description string) string {
		return fmt.Sprintf(`
provider "lambda" {
  backend  = "local"
  endpoint = %q
  local {
    autostart = true
    data_dir  = %q
    log_level = "warn"
  }
}

resource "lambda_function" "test" {
  function_name = %q
  role          = "arn:aws:iam::000000000000:role/lambdaform-acc"
  handler       = "lambda_function.handler"
  runtime       = "python3.12"
  filename      = %q
  description   = %q
}
`, endpoint, dataDir, name, zip, description)
	}
	// The engine the first command started; every later check expects it.
	var enginePID int
	sameEngine := func(*terraform.State) error {
		info, err := enginectl.ReadInfo(dataDir)
		if err != nil {
			return fmt.Errorf("no engine record in %s: %w", dataDir, err)
		}
		switch {
		case info.PID == os.Getpid():
			return errors.New("the engine runs inside the provider's process, not detached")
		case enginePID == 0:
			enginePID = info.PID
		case info.PID != enginePID:
			return fmt.Errorf("engine pid %d, want the first one (%d) still serving", info.PID, enginePID)
		}
		if info.Addr != addr {
			return fmt.Errorf("engine serves %s, want %s", info.Addr, addr)
		}
		return nil
	}
	arn := regexp.MustCompile(`^arn:aws:lambda:us-east-1:000000000000:function:` + name + `$`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionGone(endpoint, name),
		Steps: []resource.TestStep{
			{
				Config: config("v1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("lambda_function.test", tfjsonpath.New("arn"), knownvalue.StringRegexp(arn)),
					statecheck.ExpectKnownValue("lambda_function.test", tfjsonpath.New("description"), knownvalue.StringExact("v1")),
				},
				Check: sameEngine,
			},
			{
				Config: config("v2"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("lambda_function.test", tfjsonpath.New("description"), knownvalue.StringExact("v2")),
				},
				Check: sameEngine,
			},
			{
				ResourceName:            "lambda_function.test",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"filename", "publish", "source_code_hash"},
			},
		},
	})
	if t.Failed() {
		return
	}

	// Every tofu process has exited; the engine serves on.
	if err := sameEngine(nil); err != nil {
		t.Fatal(err)
	}
	if pids := processesNaming(t, dataDir); len(pids) != 1 || pids[0] != enginePID {
		t.Fatalf("processes running for %s: %v, want only the engine %d", dataDir, pids, enginePID)
	}
	resp, err := http.Get(endpoint + "/healthz")
	if err != nil {
		t.Fatalf("the engine stopped with the last tofu command: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %s", resp.Status)
	}
}

// checkFunctionGone asks the engine at endpoint whether the function is
// gone, which also proves the engine outlived `tofu destroy`.
func checkFunctionGone(endpoint, name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		client := lambda.NewFromConfig(aws.Config{
			Region:      "us-east-1",
			Credentials: credentials.NewStaticCredentialsProvider("AKIAAUTOSTARTTEST000", "secret", ""),
		}, func(o *lambda.Options) { o.BaseEndpoint = aws.String(endpoint) })
		_, err := client.GetFunction(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String(name)})
		var notFound *types.ResourceNotFoundException
		if errors.As(err, &notFound) {
			return nil
		}
		return fmt.Errorf("function %s after destroy: %v, want ResourceNotFoundException", name, err)
	}
}

// processesNaming lists the live (not zombie) processes whose command line
// mentions dir, from /proc.
func processesNaming(t *testing.T, dir string) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || !bytes.Contains(cmdline, []byte(dir)) {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if i := bytes.LastIndexByte(stat, ')'); err == nil && i >= 0 && i+2 < len(stat) && stat[i+2] != 'Z' {
			pids = append(pids, pid)
		}
	}
	return pids
}
