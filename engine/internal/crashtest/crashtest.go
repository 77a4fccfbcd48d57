// Package crashtest runs the kill -9 tests of the engine's durable stores:
// the test binary re-executes itself as a child that writes and prints
// "committed <id>" after each acknowledged write; the parent SIGKILLs it
// once enough writes were acknowledged and then checks, by reopening the
// file, that every acknowledged write survived.
package crashtest

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// KillAfter starts the test binary running only the test named child, with
// env (NAME=value) added to its environment, reads its "committed <id>"
// lines until n were seen, kills it with SIGKILL and returns the ids. A
// line starting with "error" fails the test.
func KillAfter(t testing.TB, child, env string, n int) map[string]bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]bool{}
	lines := bufio.NewScanner(out)
	for lines.Scan() && len(acked) < n {
		line := lines.Text()
		if strings.HasPrefix(line, "error") {
			t.Fatalf("child: %s", line)
		}
		if id, ok := strings.CutPrefix(line, "committed "); ok {
			acked[id] = true
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if len(acked) < n {
		t.Fatalf("child stopped after %d acknowledged writes, want %d", len(acked), n)
	}
	return acked
}
