package cwlogs

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestAppendCreatesGroupAndStreamAndKeepsOrder(t *testing.T) {
	s := openTestStore(t, Options{DefaultRetention: 7 * 24 * time.Hour})
	base := time.Now()
	err := s.Append("/aws/lambda/f", "2024/01/01/[$LATEST]abc", []Event{
		{Time: base, Message: "START"},
		{Time: base, Message: "same millisecond"},
		{Time: base.Add(-time.Second), Message: "earlier"},
	})
	if err != nil {
		t.Fatalf("Append: %v", err)
	}
	got := messages(readAll(t, s, "/aws/lambda/f", "2024/01/01/[$LATEST]abc"))
	want := []string{"earlier", "START", "same millisecond"}
	if !slices.Equal(got, want) {
		t.Errorf("events = %q, want %q (timestamp order, arrival order within a millisecond)", got, want)
	}
	groups, err := s.Groups()
	if err != nil || len(groups) != 1 {
		t.Fatalf("Groups = %v, %v", groups, err)
	}
	if groups[0].RetentionDays != 7 {
		t.Errorf("auto-created group retention = %d, want the default 7", groups[0].RetentionDays)
	}
}

func TestAppendRejectsInvalidNamesWithoutHarmingOthers(t *testing.T) {
	s := openTestStore(t, Options{})
	tests := []struct{ group, stream string }{
		{"", "s"}, {"bad group", "s"}, {"g", ""}, {"g", "a:b"}, {"g", "a*b"},
	}
	for _, tt := range tests {
		if err := s.Append(tt.group, tt.stream, []Event{{Message: "x"}}); err == nil {
			t.Errorf("Append(%q, %q) succeeded, want a validation error", tt.group, tt.stream)
		}
	}
	if err := s.Append("g", "s", []Event{{Message: "ok"}}); err != nil {
		t.Fatalf("valid Append after invalid ones: %v", err)
	}
}

func TestConcurrentAppendsAreAllCommitted(t *testing.T) {
	s := openTestStore(t, Options{})
	const writers, perWriter = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*perWriter)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				errs <- s.Append("g", fmt.Sprintf("s%d", w), []Event{{Message: fmt.Sprintf("w%d-%d", w, i)}})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("Append: %v", err)
		}
	}
	for w := range writers {
		got := messages(readAll(t, s, "g", fmt.Sprintf("s%d", w)))
		if len(got) != perWriter {
			t.Errorf("stream s%d has %d events, want %d", w, len(got), perWriter)
		}
	}
}

func TestEventsSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "logs.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Append("g", "s", []Event{{Time: time.UnixMilli(1000), Message: "one"}, {Time: time.UnixMilli(2000), Message: "two"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRetention("g", 30); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Append("g", "s", []Event{{Message: "late"}}); !errors.Is(err, ErrClosed) {
		t.Errorf("Append after Close = %v, want ErrClosed", err)
	}
	s2, err := Open(path, Options{Now: func() time.Time { return time.UnixMilli(3000) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := messages(readAll(t, s2, "g", "s")); !slices.Equal(got, []string{"one", "two"}) {
		t.Errorf("after reopen events = %q", got)
	}
	groups, _ := s2.Groups()
	if len(groups) != 1 || groups[0].RetentionDays != 30 || groups[0].StoredBytes != int64(len("one")+len("two")) {
		t.Errorf("after reopen groups = %+v", groups)
	}
}

func TestOpenRejectsRetentionAWSDoesNotOffer(t *testing.T) {
	for _, d := range []time.Duration{2 * 24 * time.Hour, 36 * time.Hour, -time.Hour} {
		if _, err := Open(filepath.Join(t.TempDir(), "logs.db"), Options{DefaultRetention: d}); err == nil {
			t.Errorf("Open with DefaultRetention %s succeeded", d)
		}
	}
}
