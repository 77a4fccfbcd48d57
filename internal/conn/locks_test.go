package conn

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestLockFunctionSerialisesPerName(t *testing.T) {
	var c Client
	var inside, maxInside atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock := c.LockFunction("f")
			n := inside.Add(1)
			for {
				m := maxInside.Load()
				if n <= m || maxInside.CompareAndSwap(m, n) {
					break
				}
			}
			inside.Add(-1)
			unlock()
		}()
	}
	wg.Wait()
	if got := maxInside.Load(); got != 1 {
		t.Fatalf("%d goroutines held the lock of f at once, want 1", got)
	}
}

func TestLockFunctionIndependentNames(t *testing.T) {
	var c Client
	unlockF := c.LockFunction("f")
	defer unlockF()
	done := make(chan struct{})
	go func() {
		// Would block forever if g shared f's mutex.
		c.LockFunction("g")()
		close(done)
	}()
	<-done
}
