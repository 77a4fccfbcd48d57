package cwlogs

import (
	"slices"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/servicetest"
)

func TestSweepDeletesOnlyExpiredEvents(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := servicetest.NewClock(now)
	s := openTestStore(t, Options{Now: clock.Now})
	day := 24 * time.Hour
	events := []Event{
		{Time: now.Add(-10 * day), Message: "ten days old"},
		{Time: now.Add(-2 * day), Message: "two days old"},
		{Time: now.Add(-time.Hour), Message: "an hour old"},
	}
	for _, stream := range []string{"a", "b"} {
		if err := s.Append("kept", stream, events); err != nil {
			t.Fatal(err)
		}
		if err := s.Append("swept", stream, events); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetRetention("swept", 3); err != nil {
		t.Fatal(err)
	}
	// Expired events are hidden before the sweeper has run.
	if got := messages(readAll(t, s, "swept", "a")); !slices.Equal(got, []string{"two days old", "an hour old"}) {
		t.Errorf("before sweep, reads return %q", got)
	}
	n, err := s.Sweep()
	if err != nil {
		t.Fatalf("Sweep: %v", err)
	}
	if n != 2 {
		t.Errorf("Sweep deleted %d events, want 2 (one per stream of the group with retention)", n)
	}
	if got := messages(readAll(t, s, "kept", "b")); len(got) != 3 {
		t.Errorf("group without retention lost events: %q", got)
	}
	// The deleted bytes are gone from the group's size.
	groups, _ := s.Groups()
	want := int64(2 * (len("two days old") + len("an hour old")))
	if groups[1].Name != "swept" || groups[1].StoredBytes != want {
		t.Errorf("swept group = %+v, want StoredBytes %d", groups[1], want)
	}
	// Time passes: the next sweep removes what has since expired.
	clock.Set(now.Add(2 * day))
	if n, err := s.Sweep(); err != nil || n != 2 {
		t.Errorf("second Sweep = %d, %v; want 2", n, err)
	}
	if got := messages(readAll(t, s, "swept", "a")); !slices.Equal(got, []string{"an hour old"}) {
		t.Errorf("after second sweep: %q", got)
	}
}

func TestSweepHandlesMoreThanOneChunk(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	s := openTestStore(t, Options{Now: func() time.Time { return now }})
	old := make([]Event, sweepChunk+5)
	for i := range old {
		old[i] = Event{Time: now.Add(-48 * time.Hour), Message: "old"}
	}
	if err := s.Append("g", "s", old); err != nil {
		t.Fatal(err)
	}
	if err := s.Append("g", "s", []Event{{Time: now, Message: "new"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRetention("g", 1); err != nil {
		t.Fatal(err)
	}
	n, err := s.Sweep()
	if err != nil || n != len(old) {
		t.Fatalf("Sweep = %d, %v; want %d", n, err, len(old))
	}
	lo, hi := fullRange()
	res, err := s.readStream("g", "s", readQuery{lo: lo, hi: hi, forward: true, limit: 1 << 30})
	if err != nil || len(res.events) != 1 || res.events[0].Message != "new" {
		t.Errorf("after sweep: %v, %v", messages(res.events), err)
	}
}
