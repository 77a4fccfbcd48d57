// Package async is the local engine's asynchronous-invocation service: the
// durable per-function event queue behind Invoke with InvocationType Event,
// the retries, maximum event age, destinations and dead-letter queues AWS
// Lambda applies to those events, and the EventInvokeConfig records that
// configure them.
//
// Guarantee: when Enqueue returns nil the event is in a committed, fsynced
// bbolt transaction; it is processed at least once, even across kill -9
// (an attempt cut short by a crash runs again after the restart, with the
// attempt count and due time last committed).
//
// The queue lives in its own bbolt file (normally <data-dir>/async.db)
// rather than in the control-plane store: every accepted event, retry and
// completion is a write, and sharing the control plane's file would make
// deployments queue behind event traffic (the store serialises writers and
// fsyncs each commit). The price is that an event or EventInvokeConfig
// cannot be deleted in the same transaction as its function; instead each
// carries its function's generation (creation time) and anything recorded
// for an older generation is treated as gone, so a deleted function's
// settings and queued events never reach a re-created function of the
// same name.
//
// Writes are group-committed (commit.go): concurrent accepts share one
// fsync. Only each event's key, function and due time are kept in memory;
// payloads stay on disk until a worker reads them, so a backlog of
// thousands of large events costs little memory.
package async
