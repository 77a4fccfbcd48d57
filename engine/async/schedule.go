package async

import (
	"container/heap"
	"context"
	"slices"
	"sync"
	"time"
)

// item is the in-memory index entry of one queued event.
type item struct {
	seq      uint64
	function string
	due      time.Time
}

// fnState is one function's share of the queue: due events in order and
// the number of workers draining them.
type fnState struct {
	ready   []uint64
	running int
}

// scheduler holds due events per function and waiting retries in a heap
// ordered by due time. Each function's events are drained by at most its
// concurrency limit of workers, so a backlog of one function never delays
// another's events, and the HTTP handlers only ever append under a mutex.
type scheduler struct {
	q       *Queue
	mu      sync.Mutex
	fns     map[string]*fnState
	delayed delayHeap
	wake    chan struct{}
	total   int
}

func newScheduler(q *Queue) *scheduler {
	return &scheduler{q: q, fns: map[string]*fnState{}, wake: make(chan struct{}, 1)}
}

func (s *scheduler) state(function string) *fnState {
	f := s.fns[function]
	if f == nil {
		f = &fnState{}
		s.fns[function] = f
	}
	return f
}

// restore indexes an event loaded at Open (in key order, so each
// function's due events stay in arrival order).
func (s *scheduler) restore(it item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.place(it, s.q.now())
}

// add indexes an event and starts a worker for it if one is allowed.
func (s *scheduler) add(it item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.place(it, s.q.now()) {
		s.spawn(it.function)
		return
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// place files it as due or delayed and reports whether it is due.
func (s *scheduler) place(it item, now time.Time) bool {
	s.total++
	if it.due.After(now) {
		heap.Push(&s.delayed, it)
		return false
	}
	f := s.state(it.function)
	f.ready = append(f.ready, it.seq)
	return true
}

// kick starts workers for every function with due events (after Start).
func (s *scheduler) kick() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, f := range s.fns {
		// Restored events were appended in key order per function.
		slices.Sort(f.ready)
		s.spawn(name)
	}
}

func (s *scheduler) limit(function string) int {
	if s.q.opts.Concurrency != nil {
		return s.q.opts.Concurrency(function)
	}
	return s.q.opts.Workers
}

// spawn starts workers for function up to its limit; s.mu is held.
func (s *scheduler) spawn(function string) {
	if !s.q.started.Load() || s.q.ctx.Err() != nil {
		return
	}
	f := s.state(function)
	for f.running < s.limit(function) && f.running < len(f.ready) {
		f.running++
		s.q.wg.Add(1)
		go s.work(function)
	}
}

// work drains function's due events one at a time.
func (s *scheduler) work(function string) {
	defer s.q.wg.Done()
	for {
		seq, ok := s.next(function)
		if !ok {
			return
		}
		s.q.process(seq)
	}
}

func (s *scheduler) next(function string) (uint64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.fns[function]
	if len(f.ready) == 0 || s.q.ctx.Err() != nil || f.running > s.limit(function) {
		f.running--
		if f.running == 0 && len(f.ready) == 0 {
			delete(s.fns, function)
		}
		return 0, false
	}
	seq := f.ready[0]
	f.ready = f.ready[1:]
	s.total--
	return seq, true
}

// run moves delayed events to their functions when they fall due.
func (s *scheduler) run(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		timer.Reset(s.promote())
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-s.wake:
		}
	}
}

// promote makes every delayed event that is due ready and returns how long
// until the next one is.
func (s *scheduler) promote() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.q.now()
	for s.delayed.Len() > 0 && !s.delayed[0].due.After(now) {
		it := heap.Pop(&s.delayed).(item) //nolint:forcetypeassert // the heap holds only items
		f := s.state(it.function)
		f.ready = append(f.ready, it.seq)
		s.spawn(it.function)
	}
	if s.delayed.Len() == 0 {
		return time.Hour
	}
	return max(s.delayed[0].due.Sub(now), time.Millisecond)
}

// pending counts queued events not yet taken by a worker.
func (s *scheduler) pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// delayHeap orders waiting events by due time, then arrival.
type delayHeap []item

func (h delayHeap) Len() int { return len(h) }
func (h delayHeap) Less(i, j int) bool {
	if h[i].due.Equal(h[j].due) {
		return h[i].seq < h[j].seq
	}
	return h[i].due.Before(h[j].due)
}
func (h delayHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *delayHeap) Push(x any)   { *h = append(*h, x.(item)) } //nolint:forcetypeassert // heap.Push is only given items
func (h *delayHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}
