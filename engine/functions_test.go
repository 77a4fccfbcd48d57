package engine_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

var (
	lastModifiedRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$`)
	uuidRe         = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

func TestCreateReturnsAWSDefaults(t *testing.T) {
	h := startEngine(t, t.TempDir(), engine.Config{})
	zip := makeZip(t, map[string]string{"index.py": "def handler(e, c): return e"})
	out := h.create("defaults", zip)

	checks := []struct {
		name      string
		got, want any
	}{
		{"FunctionArn", aws.ToString(out.FunctionArn), "arn:aws:lambda:us-east-1:000000000000:function:defaults"},
		{"MemorySize", aws.ToInt32(out.MemorySize), int32(128)},
		{"Timeout", aws.ToInt32(out.Timeout), int32(3)},
		{"Architectures", out.Architectures, []types.Architecture{types.ArchitectureX8664}},
		{"EphemeralStorage", aws.ToInt32(out.EphemeralStorage.Size), int32(512)},
		{"PackageType", out.PackageType, types.PackageTypeZip},
		{"Version", aws.ToString(out.Version), "$LATEST"},
		{"TracingConfig", out.TracingConfig.Mode, types.TracingModePassThrough},
		{"LogFormat", out.LoggingConfig.LogFormat, types.LogFormatText},
		{"LogGroup", aws.ToString(out.LoggingConfig.LogGroup), "/aws/lambda/defaults"},
		{"CodeSha256", aws.ToString(out.CodeSha256), codeSha(zip)},
		{"CodeSize", out.CodeSize, int64(len(zip))},
		{"State", out.State, types.StatePending},
		{"StateReason", aws.ToString(out.StateReason), "The function is being created."},
		{"StateReasonCode", out.StateReasonCode, types.StateReasonCodeCreating},
		{"LastUpdateStatus", out.LastUpdateStatus, types.LastUpdateStatus("")},
		{"Description", aws.ToString(out.Description), ""},
		{"Environment", out.Environment == nil, true},
	}
	for _, c := range checks {
		if !equal(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if !lastModifiedRe.MatchString(aws.ToString(out.LastModified)) {
		t.Errorf("LastModified = %q", aws.ToString(out.LastModified))
	}
	if !uuidRe.MatchString(aws.ToString(out.RevisionId)) {
		t.Errorf("RevisionId = %q", aws.ToString(out.RevisionId))
	}
	got := h.waitActive("defaults")
	if got.Configuration.LastUpdateStatus != types.LastUpdateStatusSuccessful || got.Configuration.StateReason != nil {
		t.Errorf("after activation: %+v", got.Configuration)
	}
	if aws.ToString(got.Configuration.RevisionId) == aws.ToString(out.RevisionId) {
		t.Error("activation kept the RevisionId; AWS issues a new one")
	}
}

func equal(a, b any) bool {
	if as, ok := a.([]types.Architecture); ok {
		return slices.Equal(as, b.([]types.Architecture))
	}
	return a == b
}

func TestFunctionLifecycle(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	zip1 := makeZip(t, map[string]string{"index.py": "v1"})
	h.create("life", zip1, func(in *lambda.CreateFunctionInput) {
		in.Tags = map[string]string{"team": "a"}
		in.Environment = &types.Environment{Variables: map[string]string{"A": "1"}}
	})
	got := h.waitActive("life")
	if got.Tags["team"] != "a" || got.Configuration.Environment.Variables["A"] != "1" {
		t.Fatalf("GetFunction tags/env = %v / %+v", got.Tags, got.Configuration.Environment)
	}
	if aws.ToString(got.Code.RepositoryType) != "S3" {
		t.Errorf("RepositoryType = %q", aws.ToString(got.Code.RepositoryType))
	}
	if body := download(t, aws.ToString(got.Code.Location)); string(body) != string(zip1) {
		t.Fatal("Code.Location did not return the uploaded zip")
	}

	upd, err := h.client.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String("life"), MemorySize: aws.Int32(512), Description: aws.String("changed"),
		Environment: &types.Environment{Variables: map[string]string{"B": "2"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if upd.LastUpdateStatus != types.LastUpdateStatusInProgress || aws.ToInt32(upd.MemorySize) != 512 {
		t.Fatalf("update response: status %s memory %d", upd.LastUpdateStatus, aws.ToInt32(upd.MemorySize))
	}
	got = h.waitUpdated("life")
	if v := got.Configuration.Environment.Variables; len(v) != 1 || v["B"] != "2" {
		t.Fatalf("environment after update = %v", v)
	}

	zip2 := makeZip(t, map[string]string{"index.py": "v2"})
	code, err := h.client.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("life"), ZipFile: zip2})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(code.CodeSha256) != codeSha(zip2) || aws.ToString(code.Description) != "changed" {
		t.Fatalf("UpdateFunctionCode: sha %s description %q", aws.ToString(code.CodeSha256), aws.ToString(code.Description))
	}
	got = h.waitUpdated("life")
	if body := download(t, aws.ToString(got.Code.Location)); string(body) != string(zip2) {
		t.Fatal("Code.Location after update did not return the new zip")
	}
	cfg, err := h.client.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("life")})
	if err != nil || aws.ToString(cfg.CodeSha256) != codeSha(zip2) {
		t.Fatalf("GetFunctionConfiguration: %v %v", cfg, err)
	}

	if _, err := h.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("life")}); err != nil {
		t.Fatal(err)
	}
	_, err = h.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("life")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) || aws.ToString(nf.Message) != "Function not found: arn:aws:lambda:us-east-1:000000000000:function:life" || aws.ToString(nf.Type) != "User" {
		t.Fatalf("GetFunction after delete: %v", err)
	}
}

func download(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func TestCodeLocationRejectsTamperedURL(t *testing.T) {
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("tamper", makeZip(t, map[string]string{"a": "b"}))
	got := h.waitActive("tamper")
	loc := aws.ToString(got.Code.Location)
	resp, err := http.Get(loc[:len(loc)-1] + "0")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("tampered URL: %s", resp.Status)
	}
}

func TestListFunctionsPagination(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	zip := makeZip(t, map[string]string{"index.py": "x"})
	want := []string{"fn-a", "fn-b", "fn-c", "fn-d", "fn-e"}
	for _, name := range want {
		h.create(name, zip)
	}
	var names []string
	p := lambda.NewListFunctionsPaginator(h.client, &lambda.ListFunctionsInput{MaxItems: aws.Int32(2)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, f := range out.Functions {
			names = append(names, aws.ToString(f.FunctionName))
			if f.State != "" || f.LastUpdateStatus != "" {
				t.Errorf("ListFunctions returned lifecycle fields for %s", aws.ToString(f.FunctionName))
			}
		}
	}
	if !slices.Equal(names, want) || pages != 3 {
		t.Fatalf("paged names = %v in %d pages, want %v in 3", names, pages, want)
	}

	h.waitActive("fn-a")
	if _, err := h.client.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("fn-a")}); err != nil {
		t.Fatal(err)
	}
	all, err := h.client.ListFunctions(ctx, &lambda.ListFunctionsInput{FunctionVersion: types.FunctionVersionAll})
	if err != nil {
		t.Fatal(err)
	}
	var arns []string
	for _, f := range all.Functions[:3] {
		arns = append(arns, aws.ToString(f.FunctionArn))
	}
	wantARNs := []string{
		"arn:aws:lambda:us-east-1:000000000000:function:fn-a:$LATEST",
		"arn:aws:lambda:us-east-1:000000000000:function:fn-a:1",
		"arn:aws:lambda:us-east-1:000000000000:function:fn-b:$LATEST",
	}
	if len(all.Functions) != 6 || !slices.Equal(arns, wantARNs) {
		t.Fatalf("FunctionVersion=ALL: %d items, first ARNs %v", len(all.Functions), arns)
	}
	_, err = h.client.ListFunctions(ctx, &lambda.ListFunctionsInput{FunctionVersion: "invalid"})
	wantAPIError(t, err, "ValidationException", "1 validation error detected: Value 'invalid' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]")
}

func TestAccountSettingsCountsFunctions(t *testing.T) {
	h := startEngine(t, t.TempDir(), engine.Config{})
	zip := makeZip(t, map[string]string{"index.py": "x"})
	h.create("one", zip)
	h.create("two", zip)
	out, err := h.client.GetAccountSettings(context.Background(), &lambda.GetAccountSettingsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if out.AccountUsage.FunctionCount != 2 || out.AccountUsage.TotalCodeSize != int64(len(zip)) {
		t.Errorf("usage = %+v", out.AccountUsage)
	}
	if out.AccountLimit.CodeSizeZipped != 52428800 || out.AccountLimit.CodeSizeUnzipped != 262144000 {
		t.Errorf("limits = %+v", out.AccountLimit)
	}
}
