package bench

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// sqsSenders send the messages in parallel, so sending is not what limits
// the figure.
const sqsSenders = 4

// sqsMapping fills a queue with SQSMessages messages through
// SendMessageBatch while a BatchSize 10 mapping drains it into a trivial
// function, and records messages per second from the first send until
// the queue holds no message (visible or in flight).
func (r *Runner) sqsMapping(ctx context.Context, c *eventClients) error {
	const fn, queue = "esm-sqs-bench", "esm-bench"
	q, err := c.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(queue)})
	if err != nil {
		return fmt.Errorf("CreateQueue: %w", err)
	}
	url := aws.ToString(q.QueueUrl)
	attrs, err := c.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return fmt.Errorf("GetQueueAttributes: %w", err)
	}
	if err := c.createPython(ctx, fn, trivialPython, nil); err != nil {
		return err
	}
	uuid, err := c.createMapping(ctx, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(attrs.Attributes["QueueArn"]), FunctionName: aws.String(fn), BatchSize: aws.Int32(10),
	})
	if err != nil {
		return err
	}
	defer func() { _ = c.deleteMapping(ctx, uuid) }()

	t0 := time.Now()
	sent, failed, firstErr := sendMessages(ctx, c.sqs, url, r.Opt.SQSMessages)
	sentAt := time.Now()
	var left int
	err = until(ctx, drainBound, func() (bool, error) {
		var err error
		left, err = queueDepth(ctx, c.sqs, url)
		return left == 0, err
	})
	empty := time.Now()
	note := fmt.Sprintf("%d messages", sent)
	if _, notYet := errors.AsType[errNotYet](err); notYet {
		note = fmt.Sprintf("queue not empty within %s: %d of %d left", drainBound, left, sent)
	} else if err != nil {
		return err
	}
	r.Res.Add(Figure{Key: "esm.sqs", Section: sqsSection, Name: "drained, first send to queue empty",
		Value: float64(sent-int64(left)) / empty.Sub(t0).Seconds(), Unit: "msg/s", Note: note})
	r.Res.Add(Figure{Key: "esm.sqs.send", Section: sqsSection,
		Name:  fmt.Sprintf("sent (SendMessageBatch, %d senders, while draining)", sqsSenders),
		Value: float64(sent) / sentAt.Sub(t0).Seconds(), Unit: "msg/s"})
	r.Res.Add(Figure{Key: "esm.sqs.send.errors", Section: sqsSection, Name: "messages not sent",
		Value: float64(failed), Unit: "msgs", Note: joinNotes("", firstErr)})
	return nil
}

// sendMessages sends n small messages in batches of ten from sqsSenders
// goroutines, counting the messages the queue took and those it did not.
func sendMessages(ctx context.Context, c *sqs.Client, url string, n int) (sent, failed int64, firstErr error) {
	var ok, bad atomic.Int64
	var once sync.Once
	next := make(chan int)
	go func() {
		defer close(next)
		for i := 0; i < n; i += 10 {
			next <- i
		}
	}()
	var wg sync.WaitGroup
	for range sqsSenders {
		wg.Go(func() {
			for first := range next {
				var entries []sqstypes.SendMessageBatchRequestEntry
				for i := first; i < min(first+10, n); i++ {
					entries = append(entries, sqstypes.SendMessageBatchRequestEntry{
						Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(`{"n":` + strconv.Itoa(i) + `}`),
					})
				}
				out, err := c.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries})
				if err != nil {
					bad.Add(int64(len(entries)))
					once.Do(func() { firstErr = err })
					continue
				}
				ok.Add(int64(len(out.Successful)))
				bad.Add(int64(len(out.Failed)))
			}
		})
	}
	wg.Wait()
	return ok.Load(), bad.Load(), firstErr
}

// queueDepth is ApproximateNumberOfMessages plus
// ApproximateNumberOfMessagesNotVisible.
func queueDepth(ctx context.Context, c *sqs.Client, url string) (int, error) {
	out, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{
			sqstypes.QueueAttributeNameApproximateNumberOfMessages, sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
		},
	})
	if err != nil {
		return 0, fmt.Errorf("GetQueueAttributes: %w", err)
	}
	visible, err1 := strconv.Atoi(out.Attributes["ApproximateNumberOfMessages"])
	inFlight, err2 := strconv.Atoi(out.Attributes["ApproximateNumberOfMessagesNotVisible"])
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("GetQueueAttributes: %w", err)
	}
	return visible + inFlight, nil
}
