package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOutputLinesAndSync(t *testing.T) {
	o, err := NewOutput()
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close(time.Second)
	long := strings.Repeat("z", MaxLineBytes+10)
	fmt.Fprint(o.w, "one\r\ntwo\n\npartial")
	if err := o.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(o.w, long+"\n")
	if err := o.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range o.Take(nil) {
		got = append(got, l.Text)
	}
	if len(got) < 4 || got[0] != "one" || got[1] != "two" || got[2] != "partial" {
		t.Fatalf("lines = %q", got[:min(3, len(got))])
	}
	if joined := strings.Join(got[3:], ""); joined != long || len(got) != 5 {
		t.Fatalf("long line came back as %d pieces totalling %d bytes", len(got)-3, len(joined))
	}
	if len(o.Take(nil)) != 0 {
		t.Fatal("Take returned lines twice")
	}
}

func TestCodeCacheReadOnly(t *testing.T) {
	c, err := NewCodeCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Ensure("../../etc", "x"); err == nil {
		t.Fatal("a non-hex key was accepted")
	}
	key := strings.Repeat("ab", 32)
	if _, err := c.Ensure(key, filepath.Join(t.TempDir(), "missing.zip")); err == nil {
		t.Fatal("missing zip accepted")
	}
	if err := c.Remove(key); err != nil {
		t.Fatal(err)
	}
}

func TestDirUsage(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	for p, n := range map[string]int{"x": 100, "a/y": 2000, "a/b/z": 3} {
		if err := os.WriteFile(filepath.Join(dir, p), make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := DirUsage(dir); err != nil || got != 2103 {
		t.Fatalf("DirUsage = %d, %v; want 2103", got, err)
	}
}

func TestParsers(t *testing.T) {
	m, ok := parseMountInfo("35 24 0:30 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory")
	if !ok || m.point != "/sys/fs/cgroup/memory" || m.fstype != "cgroup" || !hasItem(m.superOpts, "memory") {
		t.Errorf("parseMountInfo = %+v, %v", m, ok)
	}
	cg := "12:pids:/a\n4:memory:/process_api/x\n0::/user.slice\n"
	if p, err := parseOwnCgroup(cg, "memory"); err != nil || p != "/process_api/x" {
		t.Errorf("v1 own cgroup = %q, %v", p, err)
	}
	if p, err := parseOwnCgroup(cg, ""); err != nil || p != "/user.slice" {
		t.Errorf("v2 own cgroup = %q, %v", p, err)
	}
	pg, rss, ok := parseStat([]byte("42 (a b) c) S 1 42 42 0 -1 4194304 1 0 0 0 0 0 0 0 20 0 1 0 100 1000 77 18446744073709551615"))
	if !ok || pg != 42 || rss != 77 {
		t.Errorf("parseStat = %d %d %v", pg, rss, ok)
	}
}

// TestStopKillsTheWholeGroup starts a shell that leaves a background child
// and checks both are gone after Stop.
func TestStopKillsTheWholeGroup(t *testing.T) {
	for _, mode := range []string{"", ModeWatchdog} {
		t.Run("mode="+mode, func(t *testing.T) {
			mem, err := DetectMemory(nil, mode)
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				if err := mem.Close(); err != nil {
					t.Error(err)
				}
			}()
			out, err := NewOutput()
			if err != nil {
				t.Fatal(err)
			}
			p, err := Start(Spec{Name: RandomHex(8), Command: []string{"/bin/sh", "-c", "sleep 300 & echo $!; wait"},
				Env: []string{"PATH=/usr/bin:/bin"}, Dir: t.TempDir(), MemoryBytes: 64 << 20}, mem, out)
			if err != nil {
				t.Fatal(err)
			}
			var child int
			for child == 0 {
				_ = out.Sync(context.Background())
				for _, l := range out.Take(nil) {
					_, _ = fmt.Sscan(l.Text, &child)
				}
			}
			if err := p.Stop(50 * time.Millisecond); err != nil {
				t.Fatal(err)
			}
			if err := out.Close(time.Second); err != nil {
				t.Fatal(err)
			}
			for _, pid := range []int{p.Pid(), child} {
				if data, alive := awaitDeath(pid); alive {
					t.Errorf("process %d survived Stop: %s", pid, data)
				}
			}
		})
	}
}

func TestStartErrorIsRecognised(t *testing.T) {
	mem, err := DetectMemory(nil, ModeWatchdog)
	if err != nil {
		t.Fatal(err)
	}
	out, err := NewOutput()
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close(time.Second)
	_, err = Start(Spec{Name: "x", Command: []string{filepath.Join(t.TempDir(), "nope")}, Dir: t.TempDir()}, mem, out)
	if !IsStartError(err) {
		t.Fatalf("err = %v, want a StartError", err)
	}
}

// awaitDeath reports whether pid is still running (neither gone nor a
// zombie) once a SIGKILL already sent has had time to be delivered: the
// kernel acts on it asynchronously, so a busy machine may show the process
// running for a moment after Stop returned.
func awaitDeath(pid int) (stat []byte, alive bool) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil || strings.Contains(string(data), ") Z ") {
			return nil, false
		}
		if time.Now().After(deadline) {
			return data, true
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestTempDirNoticesNewFiles(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Minute)
	if err := os.Chtimes(dir, old, old); err != nil {
		t.Fatal(err)
	}
	td := NewTempDir(dir)
	for range 2 { // the second call takes the remembered-empty path
		if got, err := td.Usage(); err != nil || got != 0 {
			t.Fatalf("Usage of an empty dir = %d, %v", got, err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a", "f"), make([]byte, 70), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := td.Usage(); err != nil || got != 70 {
		t.Fatalf("Usage = %d, %v; want 70", got, err)
	}
	// Growing a file in a subdirectory leaves dir's mtime alone: a
	// non-empty dir is always walked.
	if err := os.WriteFile(filepath.Join(dir, "a", "f"), make([]byte, 90), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := td.Usage(); err != nil || got != 90 {
		t.Fatalf("Usage = %d, %v; want 90", got, err)
	}
}

// TestSyncSeesEveryEarlierLine races writes against Sync: whether Sync
// takes its fast path or writes the mark, the line must be there.
func TestSyncSeesEveryEarlierLine(t *testing.T) {
	o, err := NewOutput()
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close(time.Second)
	for i := range 2000 {
		fmt.Fprintf(o.w, "line %d\n", i)
		if err := o.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := o.Take(nil); len(got) != 1 || got[0].Text != fmt.Sprintf("line %d", i) {
			t.Fatalf("after line %d, Take = %v", i, got)
		}
	}
}

func TestSplitterKeepsSyncMarkWhole(t *testing.T) {
	var got [][]byte
	emit := func(b []byte) { got = append(got, bytes.Clone(b)) }
	var s splitter
	line := append(bytes.Repeat([]byte("x"), MaxLineBytes-3), syncMark...)
	s.feed(line[:MaxLineBytes+2], emit) // the mark split across two reads
	s.feed(append(line[MaxLineBytes+2:], '\n'), emit)
	if len(got) != 1 || !bytes.HasSuffix(got[0], syncMark) {
		t.Fatalf("got %d lines; the mark must end the only one", len(got))
	}
}
