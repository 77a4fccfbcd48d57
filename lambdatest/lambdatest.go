package lambdatest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// Dummy key pair the clients sign with when the engine does not verify
// signatures: the SDK refuses to send unsigned requests.
const (
	dummyAccessKey = "LAMBDATESTACCESSKEY0"
	dummySecretKey = "lambdatest-secret-key-not-verified"
)

// Option changes how an engine is started.
type Option func(*engine.Config)

// WithRegion sets the region the engine answers for (default us-east-1).
func WithRegion(region string) Option { return func(c *engine.Config) { c.Region = region } }

// WithAccountID sets the account ID in ARNs (default 000000000000).
func WithAccountID(id string) Option { return func(c *engine.Config) { c.AccountID = id } }

// WithCredentials makes the engine verify AWS Signature V4 with this key
// pair; the engine's clients, ProviderConfig and Env use the same pair.
func WithCredentials(accessKey, secretKey string) Option {
	return func(c *engine.Config) { c.AccessKey, c.SecretKey = accessKey, secretKey }
}

// WithKeepAlive sets how long an idle execution environment stays warm
// (default 5 minutes); a short one makes the next invocation a cold start.
func WithKeepAlive(d time.Duration) Option { return func(c *engine.Config) { c.KeepAlive = d } }

// WithLogger sends the engine's own logs to l (default: discarded).
func WithLogger(l *slog.Logger) Option { return func(c *engine.Config) { c.Logger = l } }

// WithConfig edits the engine configuration directly, for settings without
// an option of their own, such as interpreters (Python, Node,
// RuntimeOverrides).
func WithConfig(f func(*engine.Config)) Option { return Option(f) }

// Engine is a running engine and the clients that talk to it.
type Engine struct {
	cfg      engine.Config
	endpoint string
	core     *engine.Engine
	cancel   context.CancelFunc
	served   chan error
	cleanup  func() error
	once     sync.Once
	closeErr error
}

// Start starts an engine with its data in t.TempDir() and stops it when the
// test and its subtests end. It fails the test if the engine cannot start.
func Start(t testing.TB, opts ...Option) *Engine {
	t.Helper()
	e, err := start(t.TempDir(), nil, opts)
	if err != nil {
		t.Fatalf("lambdatest: %v", err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("lambdatest: %v", err)
		}
	})
	return e
}

// New starts an engine with its data in a new temporary directory, which
// Close removes. Prefer Start in tests.
func New(opts ...Option) (*Engine, error) {
	dir, err := os.MkdirTemp("", "lambdatest-")
	if err != nil {
		return nil, fmt.Errorf("lambdatest: data directory: %w", err)
	}
	remove := func() error { return os.RemoveAll(dir) }
	e, err := start(dir, remove, opts)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("lambdatest: %w", err), remove())
	}
	return e, nil
}

func start(dir string, cleanup func() error, opts []Option) (*Engine, error) {
	cfg := engine.Config{DataDir: dir, Region: "us-east-1", AccountID: "000000000000"}
	for _, o := range opts {
		o(&cfg)
	}
	core, err := engine.New(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := core.Listen("127.0.0.1:0")
	if err != nil {
		return nil, errors.Join(err, core.Close())
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{
		cfg: cfg, endpoint: "http://" + ln.Addr().String(), core: core,
		cancel: cancel, served: make(chan error, 1), cleanup: cleanup,
	}
	go func() { e.served <- core.Serve(ctx, ln) }()
	return e, nil
}

// Close stops serving, ends every execution environment and closes the
// engine's store; New's data directory is removed. Calling it again
// returns the first call's result.
func (e *Engine) Close() error {
	e.once.Do(func() {
		e.cancel()
		errs := []error{<-e.served, e.core.Close()}
		if e.cleanup != nil {
			errs = append(errs, e.cleanup())
		}
		e.closeErr = errors.Join(errs...)
	})
	return e.closeErr
}

// Endpoint is the engine's base URL, such as http://127.0.0.1:41234. It
// serves the Lambda API, the CloudWatch Logs API and GET /healthz.
func (e *Engine) Endpoint() string { return e.endpoint }

// Region is the region the engine answers for.
func (e *Engine) Region() string { return e.cfg.Region }

// AccountID is the account ID in the engine's ARNs.
func (e *Engine) AccountID() string { return e.cfg.AccountID }

// RoleARN is a well-formed execution role ARN in the engine's account, for
// CreateFunction (the engine accepts any well-formed role ARN).
func (e *Engine) RoleARN() string { return "arn:aws:iam::" + e.cfg.AccountID + ":role/lambdatest" }

// credentials returns the key pair clients sign with.
func (e *Engine) credentials() (accessKey, secretKey string) {
	if e.cfg.AccessKey != "" && e.cfg.SecretKey != "" {
		return e.cfg.AccessKey, e.cfg.SecretKey
	}
	return dummyAccessKey, dummySecretKey
}
