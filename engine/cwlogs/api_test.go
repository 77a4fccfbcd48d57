package cwlogs

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

func TestLogGroupLifecycle(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	for _, name := range []string{"/aws/lambda/b", "/aws/lambda/a", "/other/a", "zeta"} {
		if _, err := c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String(name)}); err != nil {
			t.Fatalf("CreateLogGroup(%s): %v", name, err)
		}
	}
	_, err := c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String("zeta")})
	wantAPIError(t, err, "ResourceAlreadyExistsException", msgGroupExists)
	var exists *types.ResourceAlreadyExistsException
	if !errors.As(err, &exists) {
		t.Errorf("SDK did not decode the typed ResourceAlreadyExistsException: %T", err)
	}
	_, err = c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String("has space")})
	wantAPIError(t, err, "InvalidParameterException", "")

	out, err := c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/aws/lambda/")})
	if err != nil {
		t.Fatal(err)
	}
	if got := groupNames(out.LogGroups); !slices.Equal(got, []string{"/aws/lambda/a", "/aws/lambda/b"}) {
		t.Errorf("prefix match = %q", got)
	}
	g := out.LogGroups[0]
	if aws.ToString(g.Arn) != "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/a:*" ||
		aws.ToString(g.LogGroupArn) != "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/a" ||
		aws.ToInt64(g.CreationTime) == 0 || g.StoredBytes == nil || g.RetentionInDays != nil || g.LogGroupClass != types.LogGroupClassStandard {
		t.Errorf("group shape = %+v", g)
	}
	out, err = c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{LogGroupNamePattern: aws.String("r/a")})
	if err != nil {
		t.Fatal(err)
	}
	if got := groupNames(out.LogGroups); !slices.Equal(got, []string{"/other/a"}) {
		t.Errorf("pattern match = %q", got)
	}
	if out.LogGroups[0].StoredBytes != nil {
		t.Errorf("pattern results carry storedBytes; AWS returns only arn, creationTime and name")
	}
	_, err = c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{LogGroupNamePattern: aws.String("a"), LogGroupNamePrefix: aws.String("a")})
	wantAPIError(t, err, "InvalidParameterException", "")

	if _, err := c.DeleteLogGroup(ctx(t), &cwl.DeleteLogGroupInput{LogGroupName: aws.String("zeta")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteLogGroup(ctx(t), &cwl.DeleteLogGroupInput{LogGroupName: aws.String("zeta")})
	wantAPIError(t, err, "ResourceNotFoundException", msgGroupNotFound)
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("SDK did not decode the typed ResourceNotFoundException: %T", err)
	}
}

func TestDescribeLogGroupsPaginates(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	var want []string
	for _, name := range []string{"g05", "g01", "g03", "g02", "g04"} {
		if _, err := c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String(name)}); err != nil {
			t.Fatal(err)
		}
	}
	want = []string{"g01", "g02", "g03", "g04", "g05"}
	var got []string
	pages := 0
	p := cwl.NewDescribeLogGroupsPaginator(c, &cwl.DescribeLogGroupsInput{Limit: aws.Int32(2)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		pages++
		got = append(got, groupNames(out.LogGroups)...)
	}
	if !slices.Equal(got, want) || pages != 3 {
		t.Errorf("paginated %q in %d pages, want %q in 3", got, pages, want)
	}
	_, err := c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{Limit: aws.Int32(51)})
	wantAPIError(t, err, "InvalidParameterException", "")
	_, err = c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{NextToken: aws.String("!!")})
	wantAPIError(t, err, "InvalidParameterException", msgBadToken)
}

func TestRetentionPolicy(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	group := aws.String("g")
	_, err := c.PutRetentionPolicy(ctx(t), &cwl.PutRetentionPolicyInput{LogGroupName: group, RetentionInDays: aws.Int32(7)})
	wantAPIError(t, err, "ResourceNotFoundException", msgGroupNotFound)
	if _, err := c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: group}); err != nil {
		t.Fatal(err)
	}
	_, err = c.PutRetentionPolicy(ctx(t), &cwl.PutRetentionPolicyInput{LogGroupName: group, RetentionInDays: aws.Int32(2)})
	wantAPIError(t, err, "InvalidParameterException", "")
	if _, err := c.PutRetentionPolicy(ctx(t), &cwl.PutRetentionPolicyInput{LogGroupName: group, RetentionInDays: aws.Int32(14)}); err != nil {
		t.Fatal(err)
	}
	if got := retentionOf(t, c, "g"); got == nil || *got != 14 {
		t.Errorf("retention = %v, want 14", got)
	}
	if _, err := c.DeleteRetentionPolicy(ctx(t), &cwl.DeleteRetentionPolicyInput{LogGroupName: group}); err != nil {
		t.Fatal(err)
	}
	if got := retentionOf(t, c, "g"); got != nil {
		t.Errorf("retention after delete = %v, want none", *got)
	}
}

func retentionOf(t *testing.T, c *cwl.Client, group string) *int32 {
	t.Helper()
	out, err := c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(group)})
	if err != nil || len(out.LogGroups) != 1 {
		t.Fatalf("DescribeLogGroups: %v, %v", out, err)
	}
	return out.LogGroups[0].RetentionInDays
}

func groupNames(gs []types.LogGroup) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = aws.ToString(g.LogGroupName)
	}
	return out
}

func TestUnknownOperation(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	_, err := c.ListTagsForResource(ctx(t), &cwl.ListTagsForResourceInput{ResourceArn: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:g")})
	wantAPIError(t, err, "UnknownOperationException", "")
}

// millis is a recent time: PutLogEvents rejects events older than 14 days.
func millis(d time.Duration) int64 { return time.Now().Add(d).UnixMilli() }
