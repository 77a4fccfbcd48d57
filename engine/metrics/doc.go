// Package metrics records the metrics AWS Lambda publishes for functions
// (namespace AWS/Lambda: Invocations, Errors, Throttles, Duration,
// ConcurrentExecutions, the async, provisioned-concurrency and stream
// metrics) and serves them three ways: as Prometheus text (GET /metrics),
// and through the CloudWatch API's GetMetricData, GetMetricStatistics and
// ListMetrics in the protocols CloudWatch clients speak — Smithy RPC v2
// CBOR (current SDKs and the AWS CLI), AWS JSON 1.0, and the query
// protocol (older CLIs) — so that one assertion works against AWS and the
// engine.
//
// The invoke path calls the Recorder's observer methods on every
// invocation, so they only touch memory: each series keeps the current
// minute's statistics (count, sum, minimum, maximum) in a few lock stripes,
// and a flusher merges them every few seconds into 1-minute buckets in a
// bbolt file (normally <data-dir>/metrics.db) kept for a retention period
// (15 days by default, as CloudWatch keeps 1-minute data). Reads overlay the
// not-yet-flushed minutes on the file, so a query right after an invocation
// already counts it.
package metrics
