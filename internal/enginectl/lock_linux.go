package enginectl

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// errLocked: another open file description holds the data directory's lock.
var errLocked = errors.New("engine lock is held")

// dirLock is the exclusive flock on <data-dir>/engine.lock. The kernel drops
// it when the file is closed, including when the process dies, so a crashed
// engine never leaves the directory locked.
type dirLock struct{ f *os.File }

// tryLock takes the lock without blocking; errLocked means someone holds it.
func tryLock(dataDir string) (*dirLock, error) {
	f, err := os.OpenFile(filepath.Join(dataDir, LockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, fmt.Errorf("locking %s: %w", f.Name(), err)
	}
	return &dirLock{f: f}, nil
}

func (l *dirLock) release() error { return l.f.Close() }

// lockState reports whether an engine holds dataDir's lock and, when the
// kernel says so, which process. A missing directory is not locked.
func lockState(dataDir string) (held bool, holder int, err error) {
	l, err := tryLock(dataDir)
	switch {
	case err == nil:
		return false, 0, l.release()
	case errors.Is(err, errLocked):
		return true, lockHolder(filepath.Join(dataDir, LockFile)), nil
	case errors.Is(err, fs.ErrNotExist):
		return false, 0, nil
	}
	return false, 0, err
}

// lockHolder finds the pid holding the flock on path in /proc/locks; 0 when
// it cannot tell. Lines look like
//
//	3: FLOCK  ADVISORY  WRITE 4242 00:2d:1234567 0 EOF
//
// (waiters are marked "->" and skipped). The device is matched when it
// agrees with stat(2); on stacked filesystems (overlayfs) the kernel may
// report the underlying device, so the inode alone is accepted then.
func lockHolder(path string) int {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return 0
	}
	data, err := os.ReadFile("/proc/locks")
	if err != nil {
		return 0
	}
	dev := uint64(st.Dev) //nolint:unconvert // Dev is not uint64 on every Linux architecture.
	major := (dev>>8)&0xfff | (dev>>32)&^uint64(0xfff)
	minor := dev&0xff | (dev>>12)&^uint64(0xff)
	wantDev := fmt.Sprintf("%02x:%02x", major, minor)
	ino := strconv.FormatUint(uint64(st.Ino), 10) //nolint:unconvert // as above
	byInode := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 6 || f[1] != "FLOCK" {
			continue // a waiter ("->"), or a POSIX/OFD lock
		}
		i := strings.LastIndexByte(f[5], ':')
		if i < 0 || f[5][i+1:] != ino {
			continue
		}
		pid, err := strconv.Atoi(f[4])
		if err != nil || pid <= 0 {
			continue
		}
		if f[5][:i] == wantDev {
			return pid
		}
		byInode = pid
	}
	return byInode
}

// processGone reports whether pid has exited: it no longer exists or is a
// zombie waiting for its parent to collect it.
func processGone(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	// "pid (comm) S …": the state follows the last ')'.
	i := bytes.LastIndexByte(b, ')')
	return i >= 0 && i+2 < len(b) && (b[i+2] == 'Z' || b[i+2] == 'X')
}
