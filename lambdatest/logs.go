package lambdatest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/wait"
)

// LogGroup is the log group a function writes to unless its logging_config
// names another: /aws/lambda/NAME.
func LogGroup(name string) string { return "/aws/lambda/" + name }

// Logs returns every message in the function's log group (/aws/lambda/NAME)
// that has been delivered so far, oldest first and as written (print lines
// keep their trailing newline), read through the CloudWatch Logs API
// (FilterLogEvents). It returns an error if the group does not exist yet:
// the engine creates it when the function first writes a line.
func (e *Engine) Logs(ctx context.Context, name string) ([]string, error) {
	group := LogGroup(name)
	p := cloudwatchlogs.NewFilterLogEventsPaginator(e.LogsClient(),
		&cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(group)})
	var lines []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("lambdatest: reading %s: %w", group, err)
		}
		for _, ev := range page.Events {
			lines = append(lines, aws.ToString(ev.Message))
		}
	}
	return lines, nil
}

// WaitForLog waits until a message in the function's log group contains
// substr, then returns all messages as Logs does. Logs are delivered
// asynchronously, so use it instead of Logs right after an invocation;
// ctx bounds the wait.
func (e *Engine) WaitForLog(ctx context.Context, name, substr string) ([]string, error) {
	var lines []string
	err := wait.Until(ctx, wait.Default, func(ctx context.Context) (bool, string, error) {
		var err error
		lines, err = e.Logs(ctx, name)
		if err != nil && !isNotFound(err) {
			return false, "", err
		}
		for _, l := range lines {
			if strings.Contains(l, substr) {
				return true, "", nil
			}
		}
		return false, fmt.Sprintf("%d messages, none containing %q", len(lines), substr), nil
	})
	if err != nil {
		return lines, fmt.Errorf("lambdatest: waiting for %q in %s: %w", substr, LogGroup(name), err)
	}
	return lines, nil
}

// isNotFound reports whether err is CloudWatch Logs' ResourceNotFoundException.
func isNotFound(err error) bool {
	var nf *types.ResourceNotFoundException
	return errors.As(err, &nf)
}
