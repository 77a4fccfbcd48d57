package kinesis

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/crashtest"
)

// crashChildEnv names the store file a re-executed test binary puts to.
const crashChildEnv = "KINESIS_CRASH_CHILD_DB"

// TestCrashChild is the child half of TestPutSurvivesKill9: it puts forever
// from several goroutines (so commits are shared) and prints each record's
// number once Put has returned.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("only runs as the child of TestPutSurvivesKill9")
	}
	s, err := Open(path, Options{})
	if err != nil {
		fmt.Println("error", err)
		return
	}
	if err := s.CreateStream(CreateInput{Name: "c", ShardCount: 2}); err != nil {
		fmt.Println("error", err)
		return
	}
	if err := finishNow(s, "c"); err != nil {
		fmt.Println("error", err)
		return
	}
	lines := make(chan string)
	for w := range 4 {
		go func() {
			for i := w; ; i += 4 {
				n := strconv.Itoa(i)
				if _, err := s.Put(context.Background(), "c", []PutEntry{{PartitionKey: n, Data: []byte(n)}}); err != nil {
					lines <- "error " + err.Error()
					return
				}
				lines <- "committed " + n
			}
		}()
	}
	for l := range lines {
		fmt.Println(l)
	}
}

// TestPutSurvivesKill9 kills a process that is putting records, with
// SIGKILL, and checks that every record it was told was committed can be
// read after reopening the file.
func TestPutSurvivesKill9(t *testing.T) {
	path := t.TempDir() + "/kinesis.db"
	acked := crashtest.KillAfter(t, "TestCrashChild", crashChildEnv+"="+path, 300)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer s.Close()
	found := map[string]bool{}
	for _, sh := range []string{ShardID(0), ShardID(1)} {
		it, err := s.Iterator("c", sh, IteratorInput{Type: TrimHorizon})
		if err != nil {
			t.Fatal(err)
		}
		recs, _, _, err := s.GetRecords(t.Context(), it, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			found[string(r.Data)] = true
		}
	}
	for n := range acked {
		if !found[n] {
			t.Fatalf("record %s was acknowledged but is gone after kill -9 (%d of %d found)", n, len(found), len(acked))
		}
	}
}
