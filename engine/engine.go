// Package engine is Lambdaform's local engine: an HTTP server that speaks
// AWS Lambda's own REST API over a durable store in a data directory, so the
// stock AWS SDKs, CLI and the Terraform provider work against it unchanged.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/async"
	"github.com/lambdaform/terraform-provider-lambda/engine/audit"
	"github.com/lambdaform/terraform-provider-lambda/engine/auth"
	"github.com/lambdaform/terraform-provider-lambda/engine/codezip"
	"github.com/lambdaform/terraform-provider-lambda/engine/cwlogs"
	"github.com/lambdaform/terraform-provider-lambda/engine/esm"
	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/kinesis"
	"github.com/lambdaform/terraform-provider-lambda/engine/lambdaapi"
	"github.com/lambdaform/terraform-provider-lambda/engine/metrics"
	"github.com/lambdaform/terraform-provider-lambda/engine/secrets"
	"github.com/lambdaform/terraform-provider-lambda/engine/sqs"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// Config configures an Engine.
type Config struct {
	DataDir              string       // required
	Region               string       // default "us-east-1"
	AccountID            string       // default "000000000000"
	AccessKey, SecretKey string       // when both set, SigV4 signatures are verified
	Logger               *slog.Logger // default: discard

	// Python and Node name the interpreters the python3.x and nodejsNN.x
	// runtimes run on (default "python3" and "node"); RuntimeOverrides
	// pins one runtime to its own interpreter, e.g. "python3.12" →
	// "/usr/bin/python3.12".
	Python, Node     string
	RuntimeOverrides map[string]string
	// KeepAlive is how long an idle execution environment stays warm
	// (default 5 minutes).
	KeepAlive time.Duration
	// AnyCPU lets every execution environment run on any CPU instead of
	// on one CPU per 1,769 MB (see engine/sandbox.CPUs): better on a
	// machine whose CPUs are busy with other work.
	AnyCPU bool
	// AsyncRetryBase is the delay before the first retry of a failed
	// Event invocation; the n-th retry waits n times as long (default 1
	// minute, as on AWS).
	AsyncRetryBase time.Duration
	// AsyncQueues delivers to SQS destinations and dead-letter queues;
	// nil uses the engine's own SQS service (tests substitute their own).
	AsyncQueues async.QueueSender
	// DisableMetrics runs the engine without recording metrics (no
	// CloudWatch API, no /metrics): benchmarks use it to measure what
	// recording costs.
	DisableMetrics bool
	// ConcurrencyLimit is the account's concurrent-execution quota
	// (default 1000, AWS's default). Reservations must leave
	// min(100, ⌈limit/10⌉) unreserved (invoke.MinUnreserved).
	ConcurrencyLimit int
}

// Engine is a running local engine's state. Create it with New, serve it
// with Listen and Serve (or mount Handler), and release it with Close.
type Engine struct {
	cfg     Config
	log     *slog.Logger
	store   *store.Store
	audit   *audit.Log
	logs    *cwlogs.Store
	queues  *sqs.Store
	streams *kinesis.Store
	metrics *metrics.Recorder
	invoker *invoke.Manager
	async   *async.Queue
	esm     *esm.Manager
	api     *lambdaapi.API
	handler http.Handler
}

// shutdownTimeout bounds how long Serve waits for in-flight requests.
const shutdownTimeout = 10 * time.Second

// New opens (creating if needed) the durable store in cfg.DataDir.
func New(cfg Config) (*Engine, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("engine: DataDir is required")
	}
	cfg = withDefaults(cfg)
	// Execution environments run with their own working directory, so
	// every path derived from the data directory must be absolute.
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("engine: data directory: %w", err)
	}
	cfg.DataDir = dir
	e := &Engine{cfg: cfg, log: cfg.Logger}
	if err := e.open(); err != nil {
		_ = e.Close()
		return nil, err
	}
	return e, nil
}

func withDefaults(cfg Config) Config {
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.AccountID == "" {
		cfg.AccountID = "000000000000"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg
}

func (e *Engine) open() error {
	st, err := store.Open(e.cfg.DataDir, e.log)
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	e.store = st
	box, err := secrets.Open(e.cfg.DataDir)
	if err != nil {
		return fmt.Errorf("engine: open secrets: %w", err)
	}
	if e.audit, err = audit.Open(filepath.Join(e.cfg.DataDir, "audit.log")); err != nil {
		return fmt.Errorf("engine: open audit log: %w", err)
	}
	if e.logs, err = cwlogs.Open(filepath.Join(e.cfg.DataDir, "logs.db"), cwlogs.Options{Logger: e.log}); err != nil {
		return fmt.Errorf("engine: open logs: %w", err)
	}
	if e.queues, err = sqs.Open(filepath.Join(e.cfg.DataDir, "sqs.db"),
		sqs.Options{Region: e.cfg.Region, AccountID: e.cfg.AccountID, Logger: e.log}); err != nil {
		return fmt.Errorf("engine: open queues: %w", err)
	}
	if e.streams, err = kinesis.Open(filepath.Join(e.cfg.DataDir, "kinesis.db"),
		kinesis.Options{Region: e.cfg.Region, AccountID: e.cfg.AccountID, Logger: e.log}); err != nil {
		return fmt.Errorf("engine: open streams: %w", err)
	}
	if err := e.openMetrics(); err != nil {
		return err
	}
	if err := e.openInvoker(); err != nil {
		return err
	}
	if err := e.openAsync(); err != nil {
		return err
	}
	e.esm = esm.New(esm.Options{
		Store: st, Queues: e.queues, Streams: e.streams, Invoker: e.invoker, Logger: e.log,
		Region: e.cfg.Region, AccountID: e.cfg.AccountID, Observer: e.streamObserver(),
	})
	e.api, err = lambdaapi.New(lambdaapi.Config{
		Region: e.cfg.Region, AccountID: e.cfg.AccountID, Store: st, Secrets: box,
		Audit: e.audit, Logger: e.log, Limits: codezip.DefaultLimits(), Invoker: e.invoker, Async: e.async,
		ConcurrencyLimit: e.cfg.ConcurrencyLimit, EventSources: e.esm, ConcurrencyObserver: e.concurrencyObserver(),
	})
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	e.async.Start(e.api.AsyncResolver())
	if err := e.esm.Start(e.api.MappingResolver()); err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	e.handler = e.routes()
	return nil
}

func (e *Engine) routes() http.Handler {
	verifier := auth.New(auth.Config{AccessKey: e.cfg.AccessKey, SecretKey: e.cfg.SecretKey, Region: e.cfg.Region},
		lambdaapi.AuthErrorWriter)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	mux.Handle("GET "+lambdaapi.CodePathPrefix, e.api.CodeHandler())
	// CloudWatch Logs (JSON 1.1), SQS (JSON 1.0 and the query protocol) and Kinesis (JSON 1.1)
	// share the address with the Lambda REST API, so one endpoint URL
	// serves every service a function's tooling needs.
	authCfg := auth.Config{AccessKey: e.cfg.AccessKey, SecretKey: e.cfg.SecretKey, Region: e.cfg.Region}
	logsH := auth.New(authCfg, cwlogs.AuthErrorWriter).Middleware(cwlogs.NewHandler(e.logs, e.cfg.Region, e.cfg.AccountID))
	sqsH := auth.New(authCfg, sqs.AuthErrorWriter).Middleware(sqs.NewHandler(e.queues))
	kinesisH := auth.New(authCfg, kinesis.AuthErrorWriter).Middleware(kinesis.NewHandler(e.streams))
	metricsH := e.metricsHandler(authCfg)
	if e.metrics != nil {
		// Prometheus scrapers do not sign requests.
		mux.Handle("GET /metrics", e.metrics.PrometheusHandler())
	}
	lambdaH := e.api.Handler(verifier.Middleware)
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case cwlogs.IsRequest(r):
			logsH.ServeHTTP(w, r)
		case sqs.IsRequest(r):
			sqsH.ServeHTTP(w, r)
		case kinesis.IsRequest(r):
			kinesisH.ServeHTTP(w, r)
		case metricsH != nil && metrics.IsRequest(r):
			metricsH.ServeHTTP(w, r)
		default:
			lambdaH.ServeHTTP(w, r)
		}
	}))
	return mux
}

// Handler returns the engine's HTTP handler.
func (e *Engine) Handler() http.Handler { return e.handler }

// Listen opens a TCP listener on addr ("127.0.0.1:0" picks a free port).
func (e *Engine) Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("engine: listen on %s: %w", addr, err)
	}
	return ln, nil
}

// Serve serves on ln until ctx is done, then shuts down gracefully and
// returns nil.
func (e *Engine) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           e.handler,
		ReadHeaderTimeout: 30 * time.Second,
		ErrorLog:          slog.NewLogLogger(e.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	e.log.Info("engine serving", "addr", ln.Addr().String(), "region", e.cfg.Region, "data_dir", e.cfg.DataDir)
	select {
	case err := <-errc:
		return fmt.Errorf("engine: serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("engine: shutdown: %w", err)
	}
	e.log.Info("engine stopped")
	return nil
}

// Close stops background work, ends every execution environment (their
// last log lines are written first) and closes the logs, the audit log and
// the store.
func (e *Engine) Close() error {
	var errs []error
	if e.esm != nil {
		e.esm.Close() // first, so that no batch starts on a closing invoker
	}
	if e.async != nil {
		// First, so that no queued event starts on a closing invoker.
		errs = append(errs, e.async.Close())
	}
	if e.api != nil {
		e.api.Close()
	}
	if e.invoker != nil {
		errs = append(errs, e.invoker.Close())
	}
	if e.metrics != nil {
		errs = append(errs, e.metrics.Close())
	}
	if e.queues != nil {
		errs = append(errs, e.queues.Close())
	}
	if e.streams != nil {
		errs = append(errs, e.streams.Close())
	}
	if e.logs != nil {
		errs = append(errs, e.logs.Close())
	}
	if e.audit != nil {
		errs = append(errs, e.audit.Close())
	}
	if e.store != nil {
		errs = append(errs, e.store.Close())
	}
	return errors.Join(errs...)
}
