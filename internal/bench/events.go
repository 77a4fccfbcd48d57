package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Sections of the event figures; the table sorts sections by number.
const (
	asyncSection   = "9. Asynchronous (Event) invocations, trivial python3.12 function"
	sqsSection     = "10. SQS event source mapping (BatchSize 10), trivial python3.12 function"
	kinesisSection = "11. Kinesis event source mapping (TRIM_HORIZON, BatchSize 100), python3.12 function"
)

// Bounds that stop a stuck engine from hanging the run; reaching one is
// noted next to the figure, never an error.
const (
	drainBound  = 3 * time.Minute  // async queue or SQS queue to empty
	settleBound = 30 * time.Second // a mapping to become Enabled, a stream ACTIVE
	pollEvery   = 20 * time.Millisecond
)

// trivialPython does nothing with its event.
const trivialPython = "def handler(event, context):\n    return None\n"

// eventClients are aws-sdk-go-v2 clients for the engine's Lambda, SQS,
// Kinesis and CloudWatch APIs, all on one loopback endpoint, with retries
// off so every failure is counted.
type eventClients struct {
	base    string
	hc      *http.Client
	lambda  *lambda.Client
	sqs     *sqs.Client
	kinesis *kinesis.Client
	cw      *cloudwatch.Client
}

func newEventClients(hc *http.Client, base string) *eventClients {
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDBENCH", "bench-secret", ""),
		HTTPClient:  hc,
		Retryer:     func() aws.Retryer { return aws.NopRetryer{} },
	}
	return &eventClients{
		base: base, hc: hc,
		lambda:  lambda.NewFromConfig(cfg, func(o *lambda.Options) { o.BaseEndpoint = aws.String(base) }),
		sqs:     sqs.NewFromConfig(cfg, func(o *sqs.Options) { o.BaseEndpoint = aws.String(base) }),
		kinesis: kinesis.NewFromConfig(cfg, func(o *kinesis.Options) { o.BaseEndpoint = aws.String(base) }),
		cw:      cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) { o.BaseEndpoint = aws.String(base) }),
	}
}

// EventSources measures Event invocations through the durable async queue,
// an SQS mapping draining a queue and Kinesis mappings under a steady
// producer, against the engine serving at base. Each part that fails is
// recorded as skipped; the others still run. The test runs it against an
// in-process engine.
func (r *Runner) EventSources(ctx context.Context, base string) {
	c := newEventClients(r.hc, base)
	parts := []struct {
		name string
		run  func() error
	}{
		{"async Event invocations", func() error { return r.asyncEvents(ctx, c) }},
		{"SQS event source mapping", func() error { return r.sqsMapping(ctx, c) }},
	}
	for _, n := range r.Opt.KinesisShards {
		parts = append(parts, struct {
			name string
			run  func() error
		}{fmt.Sprintf("Kinesis event source mapping, %d shard(s)", n), func() error { return r.kinesisMapping(ctx, c, n) }})
	}
	for _, p := range parts {
		fmt.Fprintf(r.Opt.Progress, "bench:   %s ...\n", p.name)
		if err := p.run(); err != nil {
			r.Res.Skip(p.name, err)
			fmt.Fprintf(r.Opt.Progress, "bench:   %s: %v\n", p.name, err)
		}
	}
}

// eventEngine runs EventSources on an engine of its own, so backlogs left
// by these parts cannot slow the other sections, nor theirs these.
func (r *Runner) eventEngine(ctx context.Context) error {
	dir, err := r.scratch("engine-events")
	if err != nil {
		return err
	}
	p, err := startEngineProc(r.bin("lambdaform"), dir)
	if err != nil {
		return err
	}
	defer p.Stop()
	r.EventSources(ctx, p.URL)
	return nil
}

// createPython creates a python3.12 function running src as
// lambda_function.py with env, and waits until it is Active.
func (c *eventClients) createPython(ctx context.Context, name, src string, env map[string]string) error {
	zip, err := makeZip(zipFile{"lambda_function.py", []byte(src), 0o644})
	if err != nil {
		return err
	}
	in := &lambda.CreateFunctionInput{
		FunctionName: aws.String(name), Runtime: types.RuntimePython312, Handler: aws.String("lambda_function.handler"),
		Role: aws.String(benchRole), Code: &types.FunctionCode{ZipFile: zip},
	}
	if env != nil {
		in.Environment = &types.Environment{Variables: env}
	}
	if _, err := c.lambda.CreateFunction(ctx, in); err != nil {
		return fmt.Errorf("CreateFunction %s: %w", name, err)
	}
	return controlAPI{base: c.base, client: c.hc}.waitActive(ctx, name)
}

// createMapping creates an event source mapping and waits until it is
// Enabled, returning its UUID.
func (c *eventClients) createMapping(ctx context.Context, in *lambda.CreateEventSourceMappingInput) (string, error) {
	out, err := c.lambda.CreateEventSourceMapping(ctx, in)
	if err != nil {
		return "", fmt.Errorf("CreateEventSourceMapping: %w", err)
	}
	uuid := aws.ToString(out.UUID)
	err = until(ctx, settleBound, func() (bool, error) {
		m, err := c.lambda.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
		if err != nil {
			return false, err
		}
		return aws.ToString(m.State) == "Enabled", nil
	})
	if err != nil {
		return "", fmt.Errorf("mapping %s: %w", uuid, err)
	}
	return uuid, nil
}

// deleteMapping stops a mapping's pollers so they cost nothing during the
// parts that follow.
func (c *eventClients) deleteMapping(ctx context.Context, uuid string) error {
	_, err := c.lambda.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: aws.String(uuid)})
	return err
}

// errNotYet is until's error when cond never held within its bound.
type errNotYet struct{ bound time.Duration }

func (e errNotYet) Error() string { return fmt.Sprintf("condition not met within %s", e.bound) }

// until polls cond every pollEvery until it holds, returns an error, ctx
// ends or bound passes (errNotYet).
func until(ctx context.Context, bound time.Duration, cond func() (bool, error)) error {
	deadline := time.Now().Add(bound)
	for {
		ok, err := cond()
		if err != nil || ok {
			return err
		}
		if time.Now().After(deadline) {
			return errNotYet{bound}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pollEvery):
		}
	}
}

// promValue scrapes the engine's Prometheus /metrics and folds (sum or
// max) the values of metric's series for function fn; found is false when
// there is no such series yet.
func (c *eventClients) promValue(ctx context.Context, metric, fn string, useMax bool) (v float64, found bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/metrics", nil)
	if err != nil {
		return 0, false, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, false, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, false, fmt.Errorf("GET /metrics: status %d", resp.StatusCode)
	}
	v, found = promFold(body, metric, fn, useMax)
	return v, found, nil
}

// promFold reads Prometheus text: lines `name{labels} value`.
func promFold(body []byte, metric, fn string, useMax bool) (v float64, found bool) {
	label := `function_name="` + fn + `"`
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		name, rest, ok := strings.Cut(line, "{")
		if !ok || name != metric {
			continue
		}
		labels, value, ok := strings.Cut(rest, "} ")
		if !ok || !hasLabel(labels, label) {
			continue
		}
		fields := strings.Fields(value)
		if len(fields) == 0 {
			continue
		}
		x, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			continue
		}
		switch {
		case !found:
			v = x
		case useMax:
			v = max(v, x)
		default:
			v += x
		}
		found = true
	}
	return v, found
}

// hasLabel reports whether the comma-separated labels hold label exactly.
func hasLabel(labels, label string) bool {
	for l := range strings.SplitSeq(labels, ",") {
		if l == label {
			return true
		}
	}
	return false
}
