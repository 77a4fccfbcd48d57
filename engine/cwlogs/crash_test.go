package cwlogs

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// crashChildEnv names the store file a re-executed test binary appends to.
const crashChildEnv = "CWLOGS_CRASH_CHILD_DB"

// TestCrashChild is the child half of TestAppendSurvivesKill9: it appends
// forever and prints the number of each event once Append has returned.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("only runs as the child of TestAppendSurvivesKill9")
	}
	s, err := Open(path, Options{})
	if err != nil {
		fmt.Println("error", err)
		return
	}
	for i := 0; ; i++ {
		if err := s.Append("g", "s", []Event{{Message: strconv.Itoa(i)}}); err != nil {
			fmt.Println("error", err)
			return
		}
		fmt.Println("committed", i)
	}
}

// TestAppendSurvivesKill9 kills a process that is appending, with SIGKILL,
// and checks that every event it was told was written is in the store.
func TestAppendSurvivesKill9(t *testing.T) {
	path := t.TempDir() + "/logs.db"
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	last := -1
	lines := bufio.NewScanner(out)
	for lines.Scan() && last < 200 {
		line := lines.Text()
		if strings.HasPrefix(line, "error") {
			t.Fatalf("child: %s", line)
		}
		if n, ok := strings.CutPrefix(line, "committed "); ok {
			last, _ = strconv.Atoi(n)
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer s.Close()
	got := messages(readAll(t, s, "g", "s"))
	if len(got) < last+1 {
		t.Fatalf("after kill -9 the store has %d events, but %d were acknowledged", len(got), last+1)
	}
	for i := 0; i <= last; i++ {
		if got[i] != strconv.Itoa(i) {
			t.Fatalf("event %d = %q, want %d", i, got[i], i)
		}
	}
}
