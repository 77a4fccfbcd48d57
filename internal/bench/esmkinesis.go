package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// countingPython appends the size of every batch to the file named by
// OUT, so the bench can tell when every record put has been processed.
const countingPython = `import os
OUT = os.environ["OUT"]
def handler(event, context):
    with open(OUT, "a") as f:
        f.write("%d\n" % len(event["Records"]))
`

const (
	putEvery         = 100 * time.Millisecond // the producer's pace
	iteratorAgeGauge = "lambda_iterator_age_seconds"
	sampleEvery      = 100 * time.Millisecond
	// catchUpBound bounds the wait for the mapping to process the last
	// records once the producer has stopped.
	catchUpBound = time.Minute
)

// kinesisMapping puts KinesisRate records a second (a PutRecords of a
// tenth of them every 100 ms) for KinesisDuration into a stream of shards
// shards read by a BatchSize 100 mapping, sampling the IteratorAge gauge
// meanwhile. It records the largest and the last sample, CloudWatch's
// Maximum of IteratorAge over the run, and how long the mapping took to
// process the last records after the producer stopped.
func (r *Runner) kinesisMapping(ctx context.Context, c *eventClients, shards int) error {
	stream := fmt.Sprintf("esm-bench-%d", shards)
	fn := fmt.Sprintf("esm-kinesis-bench-%d", shards)
	arn, err := createStream(ctx, c.kinesis, stream, shards)
	if err != nil {
		return err
	}
	dir, err := r.scratch("kinesis-" + strconv.Itoa(shards))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	counts := filepath.Join(dir, "batches.txt")
	if err := c.createPython(ctx, fn, countingPython, map[string]string{"OUT": counts}); err != nil {
		return err
	}
	uuid, err := c.createMapping(ctx, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(arn), FunctionName: aws.String(fn), BatchSize: aws.Int32(100),
		StartingPosition: lambdatypes.EventSourcePositionTrimHorizon,
	})
	if err != nil {
		return err
	}
	defer func() { _ = c.deleteMapping(ctx, uuid) }()

	t0 := time.Now()
	sampler := startAgeSampler(ctx, c, fn)
	p := produce(ctx, c.kinesis, stream, r.Opt.KinesisRate, r.Opt.KinesisDuration)
	var processed int64
	err = until(ctx, catchUpBound, func() (bool, error) {
		var err error
		processed, err = sumLines(counts)
		return processed >= p.put, err
	})
	caughtUp := time.Now()
	note := ""
	if _, notYet := errors.AsType[errNotYet](err); notYet {
		note = fmt.Sprintf("not caught up within %s: %d of %d records processed", catchUpBound, processed, p.put)
	} else if err != nil {
		return err
	}
	ages := sampler.stop()
	cwMax, cwErr := iteratorAgeMax(ctx, c.cw, fn, t0)
	r.recordKinesis(shards, kinesisRun{
		putRate: float64(p.put) / p.elapsed.Seconds(), failed: p.failed, putErr: p.firstErr,
		ages: ages, cwMax: cwMax, cwErr: cwErr, catchUp: caughtUp.Sub(p.lastPut), note: note,
	})
	return nil
}

// kinesisRun is what one Kinesis run measured.
type kinesisRun struct {
	putRate float64
	failed  int64
	putErr  error
	ages    ageSamples
	cwMax   float64
	cwErr   error
	catchUp time.Duration
	note    string
}

func (r *Runner) recordKinesis(shards int, k kinesisRun) {
	key := fmt.Sprintf("esm.kinesis.s%d", shards)
	name := fmt.Sprintf("%d shard(s): ", shards)
	add := func(suffix, what string, v float64, unit, note string) {
		r.Res.Add(Figure{Key: key + suffix, Section: kinesisSection, Name: name + what, Value: v, Unit: unit, Note: note})
	}
	add(".put", fmt.Sprintf("records put (PutRecords every %s, %s)", putEvery, r.Opt.KinesisDuration),
		k.putRate, "rec/s", fmt.Sprintf("target pace %d rec/s", r.Opt.KinesisRate))
	add(".put.errors", "records not put", float64(k.failed), "recs", joinNotes("", k.putErr))
	sampled := fmt.Sprintf("%d samples every %s of %s", k.ages.n, sampleEvery, iteratorAgeGauge)
	add(".age.max", "IteratorAge, largest sample", k.ages.max, "ms", sampled)
	add(".age.last", "IteratorAge, last sample (after catch-up)", k.ages.last, "ms", "")
	cwNote := "GetMetricData Maximum over the run"
	if k.cwErr != nil {
		cwNote = fmt.Sprintf("GetMetricData: %.100v", k.cwErr)
	}
	add(".age.cw-max", "IteratorAge, CloudWatch Maximum", k.cwMax, "ms", cwNote)
	if k.note == "" {
		k.note = fmt.Sprintf("polled every %s", pollEvery)
	}
	add(".catch-up", "all records processed, after the last PutRecords returned", ms(k.catchUp), "ms", k.note)
}

// createStream creates a stream and waits until it is ACTIVE, returning
// its ARN.
func createStream(ctx context.Context, c *kinesis.Client, name string, shards int) (string, error) {
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(int32(shards))}); err != nil {
		return "", fmt.Errorf("CreateStream: %w", err)
	}
	var arn string
	err := until(ctx, settleBound, func() (bool, error) {
		out, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
		if err != nil {
			return false, fmt.Errorf("DescribeStreamSummary: %w", err)
		}
		arn = aws.ToString(out.StreamDescriptionSummary.StreamARN)
		return out.StreamDescriptionSummary.StreamStatus == kinesistypes.StreamStatusActive, nil
	})
	return arn, err
}

// produced is what the producer did: records the stream took and those
// it did not, when the last PutRecords returned and how long producing
// took (d, or longer if PutRecords fell behind).
type produced struct {
	put, failed int64
	firstErr    error
	lastPut     time.Time
	elapsed     time.Duration
}

// produce puts rate/10 records every putEvery for d, each with its own
// partition key so they spread over the shards. A PutRecords slower than
// putEvery delays the next one (ticks are dropped), so the rate achieved
// shows.
func produce(ctx context.Context, c *kinesis.Client, stream string, rate int, d time.Duration) produced {
	var p produced
	per := max(1, rate*int(putEvery/time.Millisecond)/1000)
	tick := time.NewTicker(putEvery)
	defer tick.Stop()
	pad := strings.Repeat("x", 64)
	n, start := 0, time.Now()
	// No wait after the last put, so the catch-up time starts from it.
puts:
	for i := range max(1, int(d/putEvery)) {
		if i > 0 {
			select {
			case <-ctx.Done():
				break puts
			case <-tick.C:
			}
		}
		entries := make([]kinesistypes.PutRecordsRequestEntry, per)
		for i := range entries {
			entries[i] = kinesistypes.PutRecordsRequestEntry{
				PartitionKey: aws.String("k" + strconv.Itoa(n)), Data: []byte(`{"n":` + strconv.Itoa(n) + `,"pad":"` + pad + `"}`),
			}
			n++
		}
		out, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String(stream), Records: entries})
		p.lastPut = time.Now()
		if err != nil {
			p.failed += int64(per)
			if p.firstErr == nil {
				p.firstErr = err
			}
			continue
		}
		bad := int64(aws.ToInt32(out.FailedRecordCount))
		p.put, p.failed = p.put+int64(per)-bad, p.failed+bad
	}
	p.elapsed = max(d, p.lastPut.Sub(start))
	return p
}

// ageSamples summarises IteratorAge gauge samples, in milliseconds.
type ageSamples struct {
	max, last float64
	n         int
}

// ageSampler reads the IteratorAge gauge of fn every sampleEvery until
// stopped.
type ageSampler struct {
	c      *eventClients
	fn     string
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	s      ageSamples
}

func startAgeSampler(ctx context.Context, c *eventClients, fn string) *ageSampler {
	ctx, cancel := context.WithCancel(ctx)
	a := &ageSampler{c: c, fn: fn, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(a.done)
		tick := time.NewTicker(sampleEvery)
		defer tick.Stop()
		for {
			a.sample(ctx)
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return a
}

// sample records one reading; a series not yet there (no batch so far)
// or a failed scrape is not a sample.
func (a *ageSampler) sample(ctx context.Context) {
	v, found, err := a.c.promValue(ctx, iteratorAgeGauge, a.fn, true)
	if err != nil || !found {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.s.n++
	a.s.last = v * 1000
	a.s.max = max(a.s.max, a.s.last)
}

// stop takes a final sample and returns the summary.
func (a *ageSampler) stop() ageSamples {
	a.cancel()
	<-a.done
	a.sample(context.Background())
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.s
}

// iteratorAgeMax asks the engine's CloudWatch API for the Maximum of fn's
// IteratorAge since start, in milliseconds.
func iteratorAgeMax(ctx context.Context, c *cloudwatch.Client, fn string, start time.Time) (float64, error) {
	out, err := c.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(start.Truncate(time.Minute)), EndTime: aws.Time(time.Now().Truncate(time.Minute).Add(time.Minute)),
		MetricDataQueries: []cwtypes.MetricDataQuery{{Id: aws.String("age"), MetricStat: &cwtypes.MetricStat{
			Metric: &cwtypes.Metric{Namespace: aws.String("AWS/Lambda"), MetricName: aws.String("IteratorAge"),
				Dimensions: []cwtypes.Dimension{{Name: aws.String("FunctionName"), Value: aws.String(fn)}}},
			Period: aws.Int32(60), Stat: aws.String("Maximum"),
		}}},
	})
	if err != nil {
		return 0, err
	}
	var v float64
	found := false
	for _, res := range out.MetricDataResults {
		for _, x := range res.Values {
			v, found = max(v, x), true
		}
	}
	if !found {
		return 0, errors.New("no IteratorAge data")
	}
	return v, nil
}

// sumLines adds up the integers in path, one a line; a missing file (no
// batch yet) is 0 and a partial last line is left for the next read.
func sumLines(path string) (int64, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var n int64
	for line := range strings.Lines(string(data)) {
		if !strings.HasSuffix(line, "\n") {
			break
		}
		v, err := strconv.ParseInt(strings.TrimSpace(line), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		n += v
	}
	return n, nil
}
