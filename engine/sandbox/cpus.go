package sandbox

import (
	"fmt"
	"os/exec"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/sys/unix"
)

// MBPerCPU is the memory size at which Lambda gives a function the
// equivalent of one vCPU ("At 1,769 MB, a function has the equivalent of
// one vCPU", Configure Lambda function memory).
const MBPerCPU = 1769

// CPUsFor is how many CPUs an environment of memoryMB may run on: one per
// MBPerCPU begun, as Lambda's compute grows with memory.
func CPUsFor(memoryMB int) int { return max(1, (memoryMB+MBPerCPU-1)/MBPerCPU) }

// CPUs places execution environments on the engine's CPUs. An environment
// runs on CPUsFor(MemorySize) of them (all of them once that is as many as
// the engine has), the least used at its start, so environments spread
// evenly. Besides keeping a function within the compute AWS gives it,
// this keeps a runtime's threads on one CPU: a runtime hands each event
// from thread to thread, and on a VM a wake-up across CPUs costs more than
// the work (aws-lambda-go: about 40% more invocations per second on two
// cores when each environment stays on one).
type CPUs struct {
	mu      sync.Mutex
	allowed []int       // the CPUs the engine itself may use
	load    map[int]int // live environments per CPU
}

// DetectCPUs returns the placement over the CPUs the engine may run on, or
// nil when there is only one (nothing to place).
func DetectCPUs() (*CPUs, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return nil, fmt.Errorf("sandbox: read CPU affinity: %w", err)
	}
	c := &CPUs{load: map[int]int{}}
	for i := range len(set) * 64 {
		if set.IsSet(i) {
			c.allowed = append(c.allowed, i)
		}
	}
	if len(c.allowed) < 2 {
		return nil, nil
	}
	return c, nil
}

// Count is how many CPUs environments are placed on (0 for a nil CPUs).
func (c *CPUs) Count() int {
	if c == nil {
		return 0
	}
	return len(c.allowed)
}

// Acquire picks the n least used CPUs for a new environment. It returns
// nil (run anywhere) when c is nil or n covers every CPU. Release the set
// when the environment ends.
func (c *CPUs) Acquire(n int) []int {
	if c == nil || n >= len(c.allowed) {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	order := slices.Clone(c.allowed)
	// Stable: among equally used CPUs the lowest numbered comes first.
	slices.SortStableFunc(order, func(a, b int) int { return c.load[a] - c.load[b] })
	set := order[:n]
	for _, cpu := range set {
		c.load[cpu]++
	}
	return set
}

// Release returns a set that Acquire handed out.
func (c *CPUs) Release(set []int) {
	if c == nil || len(set) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cpu := range set {
		c.load[cpu]--
	}
}

// StartOn starts cmd confined to cpus. The child inherits the affinity of
// the thread that forks it, so this goroutine takes a thread of its own,
// narrows it for the fork and widens it again. Setting the mask before
// exec, rather than on the running process, also covers every thread the
// runtime starts and lets it size itself (Go's GOMAXPROCS) to it.
func StartOn(cmd *exec.Cmd, cpus []int) error {
	if len(cpus) == 0 {
		return cmd.Start()
	}
	// Unlocked (never ended) afterwards: the thread is also the parent
	// whose exit Pdeathsig watches, so it must outlive the child.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// Placement only saves CPU time: where the mask cannot be read or set
	// (a CPU went offline), the environment runs anywhere.
	var old, set unix.CPUSet
	for _, cpu := range cpus {
		set.Set(cpu)
	}
	if unix.SchedGetaffinity(0, &old) != nil || unix.SchedSetaffinity(0, &set) != nil {
		return cmd.Start()
	}
	startErr := cmd.Start()
	// Fails only when every CPU of old has gone offline; the thread then
	// keeps a narrower mask, which slows the goroutines that use it and
	// nothing else.
	_ = unix.SchedSetaffinity(0, &old)
	return startErr
}
