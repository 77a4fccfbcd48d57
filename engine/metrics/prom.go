package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Prometheus exposition: counters and histograms are cumulative since the
// engine started (what Prometheus expects; rate() makes them per-second),
// labelled with the most specific dimensions of each observation, so
// sum by (function_name) gives the function-level figure. Gauges are read
// from the live concurrency state at scrape time.

type promCounterID uint8

const (
	pInvocations promCounterID = iota
	pErrors
	pThrottles
	pDeadLetterErrors
	pDestinationFailures
	pAsyncReceived
	pAsyncDropped
	pProvisionedInvocations
	pSpilloverInvocations
	numPromCounters
)

type promObserverID uint8

const (
	pDuration promObserverID = iota
	pAsyncEventAge
	numPromObservers
)

var (
	invokeLabels = []string{"function_name", "resource", "executed_version"}
	gaugeLabels  = []string{"function_name", "resource"}
	// durationBuckets reach Lambda's 15-minute timeout.
	durationBuckets = []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300, 900}
	ageBuckets      = []float64{.01, .1, 1, 10, 60, 300, 900, 3600, 6 * 3600}
)

type promMetrics struct {
	reg       *prometheus.Registry
	counters  [numPromCounters]*prometheus.CounterVec
	observers [numPromObservers]*prometheus.HistogramVec
}

func newPromMetrics(r *Recorder) *promMetrics {
	counter := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, invokeLabels)
	}
	p := &promMetrics{reg: prometheus.NewRegistry()}
	p.counters = [numPromCounters]*prometheus.CounterVec{
		pInvocations:            counter("lambda_invocations_total", "Invocations of function code, including those that returned an error (CloudWatch Invocations)."),
		pErrors:                 counter("lambda_errors_total", "Invocations that resulted in a function error (CloudWatch Errors)."),
		pThrottles:              counter("lambda_throttles_total", "Invocation requests refused for lack of concurrency (CloudWatch Throttles)."),
		pDeadLetterErrors:       counter("lambda_dead_letter_errors_total", "Failures to send an event to the dead-letter queue (CloudWatch DeadLetterErrors)."),
		pDestinationFailures:    counter("lambda_destination_delivery_failures_total", "Failures to send a record to a destination (CloudWatch DestinationDeliveryFailures)."),
		pAsyncReceived:          counter("lambda_async_events_received_total", "Events queued for asynchronous invocation (CloudWatch AsyncEventsReceived)."),
		pAsyncDropped:           counter("lambda_async_events_dropped_total", "Asynchronous events dropped without reaching a destination (CloudWatch AsyncEventsDropped)."),
		pProvisionedInvocations: counter("lambda_provisioned_concurrency_invocations_total", "Invocations served by provisioned concurrency (CloudWatch ProvisionedConcurrencyInvocations)."),
		pSpilloverInvocations:   counter("lambda_provisioned_concurrency_spillover_invocations_total", "Invocations served by standard concurrency while provisioned concurrency was in use (CloudWatch ProvisionedConcurrencySpilloverInvocations)."),
	}
	p.observers = [numPromObservers]*prometheus.HistogramVec{
		pDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "lambda_duration_seconds",
			Help: "Time function code spent processing an event (CloudWatch Duration).", Buckets: durationBuckets}, invokeLabels),
		pAsyncEventAge: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "lambda_async_event_age_seconds",
			Help: "Time from queueing an asynchronous event to invoking the function (CloudWatch AsyncEventAge).", Buckets: ageBuckets}, invokeLabels),
	}
	for _, c := range p.counters {
		p.reg.MustRegister(c)
	}
	for _, o := range p.observers {
		p.reg.MustRegister(o)
	}
	p.reg.MustRegister(gaugeCollector{r})
	return p
}

// PrometheusHandler serves the metrics in the Prometheus text format. The
// engine mounts it at GET /metrics, outside SigV4 checks, as scrapers do
// not sign requests.
func (r *Recorder) PrometheusHandler() http.Handler {
	return promhttp.HandlerFor(r.prom.reg, promhttp.HandlerOpts{ErrorLog: nil})
}

func (h *handle) labels() []string {
	resource := h.key.function
	if h.key.qualifier != "" {
		resource += ":" + h.key.qualifier
	}
	return []string{h.key.function, resource, h.key.version}
}

func (h *handle) counter(id promCounterID) prometheus.Counter {
	if c := h.counters[id].Load(); c != nil {
		return *c
	}
	c := h.r.prom.counters[id].WithLabelValues(h.labels()...)
	h.counters[id].Store(&c)
	return c
}

func (h *handle) observer(id promObserverID) prometheus.Observer {
	if o := h.observers[id].Load(); o != nil {
		return *o
	}
	o := h.r.prom.observers[id].WithLabelValues(h.labels()...)
	h.observers[id].Store(&o)
	return o
}

var (
	descConcurrent = prometheus.NewDesc("lambda_concurrent_executions",
		"Function instances processing events now (CloudWatch ConcurrentExecutions).", gaugeLabels, nil)
	descUnreserved = prometheus.NewDesc("lambda_unreserved_concurrent_executions",
		"Instances processing events now for functions without reserved concurrency (CloudWatch UnreservedConcurrentExecutions).", nil, nil)
	descProvisioned = prometheus.NewDesc("lambda_provisioned_concurrent_executions",
		"Provisioned instances processing events now (CloudWatch ProvisionedConcurrentExecutions).", gaugeLabels, nil)
	descUtilization = prometheus.NewDesc("lambda_provisioned_concurrency_utilization",
		"Provisioned instances in use over those allocated (CloudWatch ProvisionedConcurrencyUtilization).", gaugeLabels, nil)
	descIteratorAge = prometheus.NewDesc("lambda_iterator_age_seconds",
		"Age of the newest record in the last batch an event source mapping invoked with (CloudWatch IteratorAge).", gaugeLabels, nil)
)

// gaugeCollector reports the live concurrency state.
type gaugeCollector struct{ r *Recorder }

func (g gaugeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descConcurrent, descUnreserved, descProvisioned, descUtilization, descIteratorAge} {
		ch <- d
	}
}

func (g gaugeCollector) Collect(ch chan<- prometheus.Metric) {
	r := g.r
	ch <- prometheus.MustNewConstMetric(descUnreserved, prometheus.GaugeValue, float64(r.unreserved(r.inflight.Load())))
	r.mu.RLock()
	defer r.mu.RUnlock()
	for k, res := range r.resources {
		resource := k.function
		if k.qualifier != "" {
			resource += ":" + k.qualifier
		}
		n := res.inflight.Load()
		ch <- prometheus.MustNewConstMetric(descConcurrent, prometheus.GaugeValue, float64(n), k.function, resource)
		if alloc := res.provisioned.Load(); alloc > 0 {
			busy := min(n, alloc)
			ch <- prometheus.MustNewConstMetric(descProvisioned, prometheus.GaugeValue, float64(busy), k.function, resource)
			ch <- prometheus.MustNewConstMetric(descUtilization, prometheus.GaugeValue, float64(busy)/float64(alloc), k.function, resource)
		}
		if age := res.iteratorAge.Load(); age > 0 {
			ch <- prometheus.MustNewConstMetric(descIteratorAge, prometheus.GaugeValue, float64(age)/1000, k.function, resource)
		}
	}
}
