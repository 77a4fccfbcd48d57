package sandbox

import (
	"fmt"
	"io"
	"os"
	"syscall"
	"time"
)

// stampSlack bounds how far a file timestamp can lag the clock: the kernel
// stamps with a coarse clock, one jiffy (at most 10 ms) behind.
const stampSlack = 10 * time.Millisecond

// TempDir measures an environment's private temporary directory after each
// invocation. Most functions leave it empty, so instead of walking it every
// time it remembers when it last found it empty: a directory can only gain
// an entry by changing its mtime, so the same old mtime means still empty,
// at the cost of one stat.
type TempDir struct {
	dir        string
	emptyMtime int64 // ns; the mtime with which dir was found empty, 0 if none
}

// NewTempDir measures dir.
func NewTempDir(dir string) *TempDir { return &TempDir{dir: dir} }

// Usage is the total size of the files under the directory.
func (t *TempDir) Usage() (int64, error) {
	var st syscall.Stat_t
	if err := syscall.Stat(t.dir, &st); err != nil {
		return 0, fmt.Errorf("sandbox: measure %s: %w", t.dir, err)
	}
	mtime := st.Mtim.Nano()
	if t.emptyMtime != 0 && mtime == t.emptyMtime {
		return 0, nil
	}
	t.emptyMtime = 0
	empty, err := isEmpty(t.dir)
	if err != nil || !empty {
		return DirUsage(t.dir)
	}
	// A change within stampSlack of the stat could carry the same coarse
	// mtime; only an older one proves later changes will show.
	if time.Since(time.Unix(0, mtime)) > stampSlack {
		t.emptyMtime = mtime
	}
	return 0, nil
}

func isEmpty(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, fmt.Errorf("sandbox: measure %s: %w", dir, err)
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if err == io.EOF {
		return true, nil
	}
	return false, err
}
