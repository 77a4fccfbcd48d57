package boltbatch

import (
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"
)

var errClosed = errors.New("closed")

func openWriter(t *testing.T) (*bolt.DB, *Writer, func()) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "t.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := New(db, slog.New(slog.DiscardHandler), "test", errClosed)
	closing := make(chan struct{})
	done := make(chan struct{})
	go func() { w.Run(closing); close(done) }()
	stop := func() { close(closing); <-done; _ = db.Close() }
	return db, w, stop
}

func put(key string) Op {
	return func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("b"))
		if err != nil {
			return err
		}
		return b.Put([]byte(key), []byte("v"))
	}
}

func TestConcurrentChangesAreAllCommitted(t *testing.T) {
	db, w, stop := openWriter(t)
	defer stop()
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := range 200 {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- w.Submit(put(fmt.Sprint(i))).Wait() }()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	_ = db.View(func(tx *bolt.Tx) error {
		if n := tx.Bucket([]byte("b")).Stats().KeyN; n != 200 {
			t.Errorf("%d keys committed, want 200", n)
		}
		return nil
	})
}

func TestFailingOpFailsItsBatch(t *testing.T) {
	_, w, stop := openWriter(t)
	defer stop()
	boom := errors.New("boom")
	err := w.Submit(put("a"), func(*bolt.Tx) error { return boom }).Wait()
	if !errors.Is(err, boom) {
		t.Fatalf("Wait = %v, want the op's error", err)
	}
}

func TestSubmitAfterCloseFails(t *testing.T) {
	_, w, stop := openWriter(t)
	stop()
	if err := w.Submit(put("late")).Wait(); !errors.Is(err, errClosed) {
		t.Fatalf("Wait after close = %v, want %v", err, errClosed)
	}
}
