package sandbox

import (
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestCPUsFor(t *testing.T) {
	for _, tc := range []struct{ mb, want int }{
		{128, 1}, {1769, 1}, {1770, 2}, {3538, 2}, {3539, 3}, {10240, 6},
	} {
		if got := CPUsFor(tc.mb); got != tc.want {
			t.Errorf("CPUsFor(%d) = %d, want %d", tc.mb, got, tc.want)
		}
	}
}

// TestCPUsSpread checks that environments go to the least used CPUs, that
// a set as large as the machine means "anywhere", and that released CPUs
// are used again.
func TestCPUsSpread(t *testing.T) {
	c := &CPUs{allowed: []int{0, 2, 3}, load: map[int]int{}}
	steps := []struct {
		acquire int   // 0: release the set of step release
		release int   // index of an earlier step
		want    []int // the set acquired (acquire steps)
	}{
		{acquire: 1, want: []int{0}},
		{acquire: 1, want: []int{2}},
		{acquire: 2, want: []int{3, 0}},
		{acquire: 3, want: nil},
		{acquire: 1, want: []int{2}},
		{release: 2},
		{acquire: 1, want: []int{3}},
	}
	var got [][]int
	for i, s := range steps {
		if s.acquire == 0 {
			c.Release(got[s.release])
			got = append(got, nil)
			continue
		}
		set := c.Acquire(s.acquire)
		if !slices.Equal(set, s.want) {
			t.Fatalf("step %d: Acquire(%d) = %v, want %v (load %v)", i, s.acquire, set, s.want, c.load)
		}
		got = append(got, set)
	}
	var nilCPUs *CPUs
	if set := nilCPUs.Acquire(1); set != nil || nilCPUs.Count() != 0 {
		t.Fatalf("nil CPUs placed an environment on %v", set)
	}
}

// TestStartOn checks that the child runs on the CPUs asked for and that
// the calling thread gets its own mask back.
func TestStartOn(t *testing.T) {
	c, err := DetectCPUs()
	if err != nil {
		t.Fatal(err)
	}
	if c == nil {
		t.Skip("one CPU: nothing to place")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var before unix.CPUSet
	if err := unix.SchedGetaffinity(0, &before); err != nil {
		t.Fatal(err)
	}
	last := c.allowed[len(c.allowed)-1]
	cmd := exec.Command("grep", "Cpus_allowed_list", "/proc/self/status")
	var out strings.Builder
	cmd.Stdout = &out
	if err := StartOn(cmd, []int{last}); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(strings.TrimPrefix(out.String(), "Cpus_allowed_list:")); got != strconv.Itoa(last) {
		t.Errorf("child ran on CPUs %q, want %d", got, last)
	}
	var after unix.CPUSet
	if err := unix.SchedGetaffinity(0, &after); err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("calling thread's mask %v after the start, %v before", after, before)
	}
}
