package engine_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
	"github.com/lambdaform/terraform-provider-lambda/engine/audit"
)

// childDirEnv makes the test binary act as an engine process (see TestMain),
// so a test can SIGKILL a real engine.
const childDirEnv = "LAMBDAFORM_TEST_ENGINE_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childDirEnv); dir != "" {
		os.Exit(runChildEngine(dir))
	}
	os.Exit(m.Run())
}

func runChildEngine(dir string) int {
	e, err := engine.New(engine.Config{DataDir: dir})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ln, err := e.Listen("127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("LISTENING %s\n", ln.Addr())
	if err := e.Serve(context.Background(), ln); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// startChild runs an engine subprocess on dir and returns it with a client.
func startChild(t *testing.T, dir string) (*exec.Cmd, *lambda.Client) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childDirEnv+"="+dir)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("engine subprocess did not start: %v", err)
	}
	addr := strings.TrimSpace(strings.TrimPrefix(line, "LISTENING "))
	return cmd, newClient("http://"+addr, "AKIDTEST", "secret")
}

func TestKill9KeepsCommittedState(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cmd, client := startChild(t, dir)
	zips := map[string][]byte{}
	for i := range 5 {
		name := fmt.Sprintf("durable-%d", i)
		zips[name] = makeZip(t, map[string]string{"index.py": name})
		in := createInput(name, zips[name])
		in.Environment = &types.Environment{Variables: map[string]string{"NAME": name}}
		in.Tags = map[string]string{"n": name}
		in.Publish = true
		if _, err := client.CreateFunction(ctx, in); err != nil {
			t.Fatal(err)
		}
		if _, err := client.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: aws.String(name), Name: aws.String("live"), FunctionVersion: aws.String("1")}); err != nil {
			t.Fatal(err)
		}
		if _, err := client.AddPermission(ctx, s3Permission(name+":live", "s3")); err != nil {
			t.Fatal(err)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	h := startEngine(t, dir, engine.Config{})
	for name, zip := range zips {
		got := h.waitActive(name) // also proves unfinished transitions resume
		c := got.Configuration
		if aws.ToString(c.CodeSha256) != codeSha(zip) || c.Environment.Variables["NAME"] != name || got.Tags["n"] != name {
			t.Fatalf("%s after kill -9: %+v tags %v", name, c, got.Tags)
		}
		if string(download(t, aws.ToString(got.Code.Location))) != string(zip) {
			t.Fatalf("%s code differs after kill -9", name)
		}
		wantAliasAndPolicy(t, h, name)
	}
}

func TestRestartKeepsEverything(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	h := startEngine(t, dir, engine.Config{})
	zip := makeZip(t, map[string]string{"index.py": "keep"})
	h.create("keep", zip, func(in *lambda.CreateFunctionInput) { in.Publish = true; in.MemorySize = aws.Int32(256) })
	before := h.waitActive("keep")
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String("keep"), Name: aws.String("live"), FunctionVersion: aws.String("1")})
	addPermission(t, h, s3Permission("keep:live", "s3"))
	h.stop()

	h2 := startEngine(t, dir, engine.Config{})
	after, err := h2.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("keep")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(after.Configuration.RevisionId) != aws.ToString(before.Configuration.RevisionId) ||
		aws.ToInt32(after.Configuration.MemorySize) != 256 || string(download(t, aws.ToString(after.Code.Location))) != string(zip) {
		t.Fatalf("after restart: %+v", after.Configuration)
	}
	if _, err := h2.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("keep"), Qualifier: aws.String("1")}); err != nil {
		t.Fatalf("version 1 after restart: %v", err)
	}
	wantAliasAndPolicy(t, h2, "keep")
	// Deleting the function removes its now-unreferenced code blob.
	if _, err := h2.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("keep")}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "blobs", "sha256"))
	if err != nil || len(entries) != 0 {
		t.Fatalf("blobs after delete: %v %v", entries, err)
	}
}

func TestAuthAndAudit(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	h := startEngine(t, dir, engine.Config{AccessKey: "AKIDGOOD", SecretKey: "good-secret"})
	good := newClient(h.server.URL, "AKIDGOOD", "good-secret")
	bad := newClient(h.server.URL, "AKIDGOOD", "wrong-secret")

	if _, err := good.CreateFunction(ctx, createInput("audited", makeZip(t, map[string]string{"a": "b"}))); err != nil {
		t.Fatalf("signed create: %v", err)
	}
	_, err := bad.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("audited")})
	if err == nil {
		t.Fatal("request with a wrong secret was accepted")
	}
	_, err = good.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("absent")})
	wantAPIError(t, err, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:absent")
	h.stop()

	f, err := os.Open(filepath.Join(dir, "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []audit.Entry
	if err := audit.ReadAll(f, func(e audit.Entry) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		op, fn, code string
		status       int
	}{
		{"CreateFunction", "audited", "", 201},
		{"GetFunction", "", "", 403},
		{"GetFunction", "absent", "ResourceNotFoundException", 404},
	}
	if len(got) != len(want) {
		t.Fatalf("audit entries = %+v", got)
	}
	for i, w := range want {
		e := got[i]
		if e.Operation != w.op || e.FunctionName != w.fn || e.Status != w.status || (w.code != "" && e.ErrorCode != w.code) ||
			e.AccessKeyID != "AKIDGOOD" || e.RequestID == "" || e.SourceIP == "" {
			t.Errorf("entry %d = %+v, want %+v", i, e, w)
		}
	}
}

// wantAliasAndPolicy checks the alias "live" → 1 and its s3 permission.
func wantAliasAndPolicy(t *testing.T, h *harness, name string) {
	t.Helper()
	al, err := h.client.GetAlias(context.Background(), &lambda.GetAliasInput{FunctionName: aws.String(name), Name: aws.String("live")})
	if err != nil || aws.ToString(al.FunctionVersion) != "1" {
		t.Fatalf("alias of %s after restart: %+v %v", name, al, err)
	}
	if got := aws.ToString(getPolicy(t, h, name, "live").Policy); got != policyDoc(s3Statement("s3", fnARN+name+":live")) {
		t.Fatalf("policy of %s:live after restart: %s", name, got)
	}
}
