package cwlogs

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/crashtest"
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
	// The child appends 0, 1, 2, … one at a time: the highest acknowledged
	// id says how many events must be there.
	last := -1
	for id := range crashtest.KillAfter(t, "TestCrashChild", crashChildEnv+"="+path, 201) {
		if n, err := strconv.Atoi(id); err == nil && n > last {
			last = n
		}
	}
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
