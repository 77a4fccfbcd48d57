package esm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/sqs"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// Mapping states as AWS reports them.
const (
	StateCreating  = "Creating"
	StateEnabling  = "Enabling"
	StateEnabled   = "Enabled"
	StateDisabling = "Disabling"
	StateDisabled  = "Disabled"
	StateUpdating  = "Updating"
	StateDeleting  = "Deleting"
)

// Source kinds.
const (
	KindSQS     = "sqs"
	KindKinesis = "kinesis"
)

// ErrFunctionNotFound is what a Resolver returns when the mapping's
// function (or its version or alias) no longer exists.
var ErrFunctionNotFound = errors.New("function not found")

// Resolver resolves the function a mapping invokes, as it is now: an alias
// is routed by its weights at every batch, $LATEST runs its newest code.
type Resolver interface {
	Target(function, qualifier string) (Target, error)
}

// Target is a resolved function and the execution role it runs with.
type Target struct {
	Function invoke.Function
	Role     string
}

// Invoker runs a synchronous invocation; engine/invoke's Manager is one.
type Invoker interface {
	Invoke(ctx context.Context, fn invoke.Function, req invoke.Request) (invoke.Result, error)
}

// Queues is the SQS service: the pollers' source for SQS mappings and the
// on-failure destination of stream mappings. *sqs.Store implements it.
type Queues interface {
	Receive(ctx context.Context, ref string, in sqs.ReceiveInput) ([]sqs.Message, error)
	DeleteBatch(ref string, handles []string) ([]bool, []error, error)
	QueueByARN(arn string) (string, bool)
	Send(ctx context.Context, ref string, in sqs.SendInput) (sqs.SendResult, error)
}

// Observer receives the pollers' metrics. IteratorAge is AWS's
// IteratorAge metric of stream sources: how old the last record of a
// batch was when the function finished with it.
type Observer interface {
	IteratorAge(function string, ms int64)
}

// NopObserver discards metrics.
type NopObserver struct{}

// IteratorAge does nothing.
func (NopObserver) IteratorAge(string, int64) {}

// DefaultSQSConcurrency is how many batches an SQS mapping without
// ScalingConfig invokes at once: the five concurrent batches AWS starts
// every SQS mapping with (AWS then scales up; a local engine need not).
const DefaultSQSConcurrency = 5

// Options configures a Manager.
type Options struct {
	Store     *store.Store
	Queues    Queues
	Streams   Streams // nil when the engine serves no Kinesis
	Invoker   Invoker
	Observer  Observer // nil: NopObserver
	Logger    *slog.Logger
	Region    string
	AccountID string
}

// Manager runs the pollers of every enabled mapping.
type Manager struct {
	opts     Options
	log      *slog.Logger
	resolver Resolver
	ctx      context.Context // ends at Close; invocations run under it
	cancel   context.CancelFunc
	wg       sync.WaitGroup

	mu      sync.Mutex
	pollers map[string]*running
	pending map[string]bool
	wake    chan struct{}
}

// running is one mapping's pollers.
type running struct {
	revision string
	stop     context.CancelFunc
	done     chan struct{} // closed when the pollers stopped receiving
}

// New returns a Manager; it polls nothing until Start.
func New(opts Options) *Manager {
	if opts.Observer == nil {
		opts.Observer = NopObserver{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Manager{
		opts: opts, log: opts.Logger, ctx: ctx, cancel: cancel,
		pollers: map[string]*running{}, pending: map[string]bool{}, wake: make(chan struct{}, 1),
	}
}

// Start resumes every stored mapping (finishing transitions a previous run
// left unfinished) and then follows Changed notifications.
func (m *Manager) Start(r Resolver) error {
	m.resolver = r
	var all []store.EventSourceMapping
	err := m.opts.Store.View(func(tx *store.Tx) (err error) {
		all, err = tx.EventSourceMappings()
		return err
	})
	if err != nil {
		return fmt.Errorf("esm: load mappings: %w", err)
	}
	for _, mp := range all {
		m.Changed(mp.UUID)
	}
	m.wg.Add(1)
	go m.loop()
	return nil
}

// Changed tells the Manager a mapping was created, updated or marked for
// deletion; it reconciles the pollers in the background.
func (m *Manager) Changed(uuid string) {
	m.mu.Lock()
	m.pending[uuid] = true
	m.mu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// SourceExists reports whether the queue or stream an ARN names exists.
func (m *Manager) SourceExists(kind, arn string) bool {
	switch kind {
	case KindSQS:
		_, ok := m.opts.Queues.QueueByARN(arn)
		return ok
	case KindKinesis:
		return m.streamExists(arn)
	}
	return false
}

// Close stops every poller and waits for in-flight batches; a batch cut
// short is neither deleted nor checkpointed, so it is delivered again.
func (m *Manager) Close() {
	m.cancel()
	m.wg.Wait()
}

func (m *Manager) loop() {
	defer m.wg.Done()
	for {
		select {
		case <-m.ctx.Done():
			m.stopAll()
			return
		case <-m.wake:
		}
		m.mu.Lock()
		batch := m.pending
		m.pending = map[string]bool{}
		m.mu.Unlock()
		for uuid := range batch {
			if err := m.reconcile(uuid); err != nil && m.ctx.Err() == nil {
				m.log.Error("esm: reconcile mapping", "uuid", uuid, "error", err)
			}
		}
	}
}

func (m *Manager) stopAll() {
	m.mu.Lock()
	uuids := make([]string, 0, len(m.pollers))
	for uuid := range m.pollers {
		uuids = append(uuids, uuid)
	}
	m.mu.Unlock()
	for _, uuid := range uuids {
		m.stop(uuid)
	}
}
