package async

import (
	"sync/atomic"
	"time"
)

// Metrics receives the asynchronous-invocation metrics AWS publishes per
// function (Lambda developer guide, "Asynchronous invocation metrics").
// Calls come from many goroutines and must not block.
type Metrics interface {
	AsyncEventReceived(function string)
	// AsyncEventAge is the time between enqueueing and an invocation.
	AsyncEventAge(function string, age time.Duration)
	// AsyncEventDropped counts events that ended without success.
	AsyncEventDropped(function string)
	DeadLetterError(function string)
	DestinationDeliveryFailure(function string)
}

// Stats are the queue's totals since Open.
type Stats struct {
	AsyncEventsReceived         uint64
	AsyncEventsDropped          uint64
	DeadLetterErrors            uint64
	DestinationDeliveryFailures uint64
	// MaxAsyncEventAge is the largest AsyncEventAge seen.
	MaxAsyncEventAge time.Duration
}

// Stats returns the totals so far.
func (q *Queue) Stats() Stats {
	c := &q.stats
	return Stats{
		AsyncEventsReceived: c.recv.Load(), AsyncEventsDropped: c.drop.Load(),
		DeadLetterErrors: c.dlqErr.Load(), DestinationDeliveryFailures: c.destErr.Load(),
		MaxAsyncEventAge: time.Duration(c.maxAge.Load()),
	}
}

type counters struct {
	hook                        Metrics
	recv, drop, dlqErr, destErr atomic.Uint64
	maxAge                      atomic.Int64
}

func (c *counters) received(fn string) {
	c.recv.Add(1)
	if c.hook != nil {
		c.hook.AsyncEventReceived(fn)
	}
}

func (c *counters) age(fn string, d time.Duration) {
	for {
		old := c.maxAge.Load()
		if int64(d) <= old || c.maxAge.CompareAndSwap(old, int64(d)) {
			break
		}
	}
	if c.hook != nil {
		c.hook.AsyncEventAge(fn, d)
	}
}

func (c *counters) dropped(fn string) {
	c.drop.Add(1)
	if c.hook != nil {
		c.hook.AsyncEventDropped(fn)
	}
}

func (c *counters) deadLetterError(fn string) {
	c.dlqErr.Add(1)
	if c.hook != nil {
		c.hook.DeadLetterError(fn)
	}
}

func (c *counters) deliveryFailure(fn string) {
	c.destErr.Add(1)
	if c.hook != nil {
		c.hook.DestinationDeliveryFailure(fn)
	}
}
