package metrics

import (
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	bolt "go.etcd.io/bbolt"
)

// Options configures a Recorder.
type Options struct {
	// FlushInterval is how often recorded minutes are merged into the
	// file; default 5s. Reads never wait for it (see the package doc).
	FlushInterval time.Duration
	// Retention is how long 1-minute data is kept; default 15 days, as
	// CloudWatch keeps data points with a 60-second period.
	Retention time.Duration
	// SweepInterval is how often expired data is deleted; default 10m.
	SweepInterval time.Duration
	// Logger defaults to discarding.
	Logger *slog.Logger
	// Now is the clock; default time.Now. Tests inject a fixed clock.
	Now func() time.Time
}

const (
	defaultFlushInterval = 5 * time.Second
	defaultRetention     = 15 * 24 * time.Hour
	defaultSweepInterval = 10 * time.Minute
	numShards            = 32
)

// Recorder records function metrics in memory, flushes them to its file
// and answers queries over both. All methods are safe for concurrent use.
type Recorder struct {
	db        *bolt.DB
	log       *slog.Logger
	now       func() time.Time
	retention time.Duration
	seed      maphash.Seed
	shards    [numShards]handleShard

	// mu guards the series registry and the concurrency state maps.
	mu        sync.RWMutex
	series    map[seriesKey]*series
	functions map[string]*funcState
	resources map[handleKey]*resState
	reserved  atomic.Pointer[[]*funcState] // functions with reserved concurrency
	inflight  atomic.Int64                 // account-wide running invocations

	// flushMu makes a flush (drain + commit) atomic for readers: while a
	// reader holds it, every minute is either in the file or in memory.
	flushMu sync.RWMutex
	// unflushed holds minutes a failed commit drained; the next flush
	// retries them and reads include them.
	unflushed map[seriesKey][]point
	closed    bool // under flushMu

	prom      *promMetrics
	closing   chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup
}

// handleKey names what an observer call is about: a function, the
// qualifier it was invoked with ("" when unqualified) and the version that
// ran ("" when not known or not applicable).
type handleKey struct{ function, qualifier, version string }

type handleShard struct {
	mu sync.RWMutex
	m  map[handleKey]*handle
	_  [40]byte // keep shards on separate cache lines
}

// funcState and resState are a function's and a function:qualifier's
// live concurrency.
type funcState struct {
	name     string
	inflight atomic.Int64
	reserved atomic.Bool
}

type resState struct {
	fn          *funcState
	qualifier   string
	inflight    atomic.Int64
	provisioned atomic.Int64 // allocated provisioned concurrency; 0 = none
	iteratorAge atomic.Int64 // last IteratorAge, milliseconds
}

// ErrClosed is returned by queries after Close.
var ErrClosed = errors.New("metrics: recorder is closed")

var seriesBucket = []byte("series")

// Open opens (creating if needed) the metrics file at path and starts the
// flusher and the retention sweeper.
func Open(path string, opts Options) (*Recorder, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("metrics: open %s: %w", path, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(seriesBucket)
		return err
	}); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("metrics: initialise %s: %w", path, err)
	}
	r := &Recorder{
		db: db, log: opts.Logger, now: opts.Now, retention: opts.Retention, seed: maphash.MakeSeed(),
		series: map[seriesKey]*series{}, functions: map[string]*funcState{}, resources: map[handleKey]*resState{},
		unflushed: map[seriesKey][]point{}, closing: make(chan struct{}),
	}
	for i := range r.shards {
		r.shards[i].m = map[handleKey]*handle{}
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.now == nil {
		r.now = time.Now
	}
	if r.retention <= 0 {
		r.retention = defaultRetention
	}
	r.prom = newPromMetrics(r)
	r.wg.Add(1)
	go r.loop(durationOr(opts.FlushInterval, defaultFlushInterval), durationOr(opts.SweepInterval, defaultSweepInterval))
	return r, nil
}

func durationOr(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func (r *Recorder) loop(flushEvery, sweepEvery time.Duration) {
	defer r.wg.Done()
	flush, sweep := time.NewTicker(flushEvery), time.NewTicker(sweepEvery)
	defer flush.Stop()
	defer sweep.Stop()
	r.logErr("sweep", r.Sweep())
	for {
		select {
		case <-flush.C:
			r.logErr("flush", r.Flush())
		case <-sweep.C:
			r.logErr("sweep", r.Sweep())
		case <-r.closing:
			return
		}
	}
}

func (r *Recorder) logErr(what string, err error) {
	if err != nil {
		r.log.Error("metrics "+what+" failed", "err", err)
	}
}

// Close stops the background work, flushes what was recorded and closes
// the file. Observer calls after Close are recorded in memory only.
func (r *Recorder) Close() error {
	var err error
	r.closeOnce.Do(func() {
		close(r.closing)
		r.wg.Wait()
		err = r.Flush()
		r.flushMu.Lock()
		defer r.flushMu.Unlock()
		r.closed = true
		if cerr := r.db.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("metrics: close: %w", cerr))
		}
	})
	return err
}

func (r *Recorder) minute() int64 { return r.now().Unix() / 60 }

// handle returns the cached state for one (function, qualifier, version),
// creating it on first use. The common path is a read-locked map lookup in
// one of numShards shards.
func (r *Recorder) handle(fn, qualifier, version string) *handle {
	k := handleKey{fn, qualifier, version}
	sh := &r.shards[maphash.String(r.seed, fn)%numShards]
	sh.mu.RLock()
	h := sh.m[k]
	sh.mu.RUnlock()
	if h != nil {
		return h
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if h = sh.m[k]; h == nil {
		h = &handle{r: r, key: k, res: r.resource(fn, qualifier)}
		sh.m[k] = h
	}
	return h
}

func (r *Recorder) resource(fn, qualifier string) *resState {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.functions[fn]
	if f == nil {
		f = &funcState{name: fn}
		r.functions[fn] = f
	}
	k := handleKey{function: fn, qualifier: qualifier}
	res := r.resources[k]
	if res == nil {
		res = &resState{fn: f, qualifier: qualifier}
		r.resources[k] = res
	}
	return res
}

// seriesFor returns the registered series for k, creating it.
func (r *Recorder) seriesFor(k seriesKey) *series {
	r.mu.RLock()
	s := r.series[k]
	r.mu.RUnlock()
	if s != nil {
		return s
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if s = r.series[k]; s == nil {
		s = &series{key: k}
		r.series[k] = s
	}
	return s
}

// handle caches, per metric, the series an observation is added to at
// each dimension level, so the hot path does no map lookups after the
// first call.
type handle struct {
	r     *Recorder
	key   handleKey
	res   *resState
	slots [numMetrics]atomic.Pointer[levelSet]
	// Prometheus children, resolved on first use so that a label set
	// appears only for what happened to it.
	counters  [numPromCounters]atomic.Pointer[prometheus.Counter]
	observers [numPromObservers]atomic.Pointer[prometheus.Observer]
}

// levelSet holds a metric's series at the account, function, resource
// and executed-version levels; nil where the metric or the call has none.
type levelSet [4]*series

const (
	idxAccount = iota
	idxFunction
	idxResource
	idxExecuted
)

func (h *handle) levels(m metricID) *levelSet {
	if ls := h.slots[m].Load(); ls != nil {
		return ls
	}
	ls := &levelSet{}
	def, k := catalog[m], h.key
	resource := ""
	if k.qualifier != "" {
		resource = k.function + ":" + k.qualifier
	}
	if def.levels&lvAccount != 0 {
		ls[idxAccount] = h.r.seriesFor(seriesKey{metric: m})
	}
	if def.levels&lvFunction != 0 {
		ls[idxFunction] = h.r.seriesFor(seriesKey{metric: m, function: k.function})
	}
	if def.levels&lvResource != 0 && resource != "" {
		ls[idxResource] = h.r.seriesFor(seriesKey{metric: m, function: k.function, resource: resource})
	}
	// ExecutedVersion tells apart the versions behind an alias; a version
	// qualifier already names the version that ran.
	if def.levels&lvExecuted != 0 && resource != "" && k.version != "" && k.version != k.qualifier {
		ls[idxExecuted] = h.r.seriesFor(seriesKey{metric: m, function: k.function, resource: resource, version: k.version})
	}
	h.slots[m].Store(ls)
	return ls
}

// record adds v at every level of metric m.
func (h *handle) record(m metricID, minute int64, v float64) {
	for _, s := range h.levels(m) {
		if s != nil {
			s.add(minute, v)
		}
	}
}
