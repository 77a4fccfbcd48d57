package conn

import "sync"

// keyedMutex hands out one mutex per key, created on first use. Its zero
// value is ready to use, so a Client built as a struct literal has one.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (k *keyedMutex) lock(key string) func() {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*sync.Mutex{}
	}
	l, ok := k.locks[key]
	if !ok {
		l = &sync.Mutex{}
		k.locks[key] = l
	}
	k.mu.Unlock()
	l.Lock()
	return l.Unlock
}

// LockFunction serialises writes to one function's resource-based policy and
// version list and returns the unlock function. AWS has acknowledged that
// AddPermission and RemovePermission calls sent in parallel for the same
// function can be lost, which is why the AWS provider takes a per-function
// mutex too; PublishVersion takes it so that "which versions existed before"
// is not raced by a parallel publish from this provider.
//
// name must be the bare function name (see lambdaapi.ParseFunctionRef), so
// that a name and an ARN of the same function share a lock.
func (c *Client) LockFunction(name string) (unlock func()) {
	return c.locks.lock(name)
}
