package lambdatest_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/lambdaform/terraform-provider-lambda/lambdatest"
)

func TestLogsReadsTheFunctionsLogGroup(t *testing.T) {
	e := lambdatest.Start(t)
	ctx := testContext(t)
	createEcho(ctx, t, e, "logger")

	if _, err := e.Invoke(ctx, "logger", map[string]string{"marker": "first"}); err != nil {
		t.Fatal(err)
	}
	// REPORT is the last line of an invocation, so once it is there the
	// function's own line is too.
	lines, err := e.WaitForLog(ctx, "logger", "REPORT RequestId:")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "START RequestId:") })
	j := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, `got {"marker": "first"}`) })
	if i < 0 || j < i {
		t.Fatalf("want START then the function's line, got:\n%s", strings.Join(lines, ""))
	}

	again, err := e.Logs(ctx, "logger")
	if err != nil {
		t.Fatal(err)
	}
	if len(again) < len(lines) || !slices.Equal(again[:len(lines)], lines) {
		t.Errorf("Logs() = %q, want it to start with what WaitForLog returned %q", again, lines)
	}
}

func TestLogsOfAFunctionThatNeverRan(t *testing.T) {
	e := lambdatest.Start(t)
	ctx := testContext(t)
	var nf *types.ResourceNotFoundException
	if _, err := e.Logs(ctx, "never-ran"); !errorsAs(err, &nf) {
		t.Errorf("Logs of a missing group: %v, want ResourceNotFoundException", err)
	}
}

func TestLogsClientTalksToTheEngine(t *testing.T) {
	e := lambdatest.Start(t)
	ctx := testContext(t)
	c := e.LogsClient()
	if _, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/app/test")}); err != nil {
		t.Fatal(err)
	}
	out, err := c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/app/")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.LogGroups) != 1 || aws.ToString(out.LogGroups[0].LogGroupName) != "/app/test" {
		t.Errorf("DescribeLogGroups = %+v, want /app/test", out.LogGroups)
	}
}
