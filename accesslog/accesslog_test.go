package accesslog_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/accesslog"
	"github.com/opsledger/opsledger/queries"
)

// countingSink records the batches written; it can hold the writer.
type countingSink struct {
	mu      sync.Mutex
	batches [][]queries.AccessRecord
	hold    chan struct{}
	fail    error
}

func (s *countingSink) Write(_ context.Context, es []queries.AccessRecord) error {
	if s.hold != nil {
		<-s.hold
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	s.batches = append(s.batches, append([]queries.AccessRecord(nil), es...))
	return nil
}

func (s *countingSink) entries() (batches, entries int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.batches {
		entries += len(b)
	}
	return len(s.batches), entries
}

func page(reader string, n int) []queries.AccessRecord {
	out := make([]queries.AccessRecord, n)
	for i := range out {
		out[i] = queries.AccessRecord{ReaderID: reader, SubjectID: string(rune('a' + i))}
	}
	return out
}

// Given a writer busy with a batch, when 50 reads of 20 entries each are
// recorded, then none waits, and once the writer is free their entries are
// written whole in a few batches (a read is never split), not one COPY a
// read.
func TestLog_ReadsUnderLoadShareBatches(t *testing.T) {
	sink := &countingSink{hold: make(chan struct{})}
	log := accesslog.New(sink, accesslog.Options{Rest: time.Millisecond})
	ctx := context.Background()
	if err := log.Record(ctx, page("first", 1)...); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // the writer holds the first read
	for range 50 {
		if err := log.Record(ctx, page("reader", 20)...); err != nil {
			t.Fatalf("Record: %v", err)
		}
	}
	if got := log.Pending(); got != 1000 {
		t.Errorf("Pending = %d, want the 1,000 entries queued", got)
	}
	close(sink.hold)
	if err := log.Close(); err != nil {
		t.Fatal(err)
	}
	batches, entries := sink.entries()
	if entries != 1001 || batches > 3 {
		t.Errorf("%d entries in %d batches, want 1,001 in at most 3 (the first read, then 1,000 entries in batches of about 1,000)", entries, batches)
	}
	for _, b := range sink.batches[1:] {
		if len(b)%20 != 0 {
			t.Errorf("a batch of %d entries: a read was split", len(b))
		}
	}
}

// Given a queue bounded at 30 entries and a writer that cannot write, when
// reads of 20 entries come, then the first is queued, and the second,
// which does not fit, is written by its read and, failing, refused.
func TestLog_TheQueueIsBoundedInEntries(t *testing.T) {
	sink := &countingSink{hold: make(chan struct{}), fail: errors.New("database away")}
	log := accesslog.New(sink, accesslog.Options{Queue: 30, Retry: time.Millisecond})
	ctx := context.Background()
	if err := log.Record(ctx, page("first", 1)...); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // the writer holds the first read
	if err := log.Record(ctx, page("r1", 20)...); err != nil {
		t.Errorf("a read that fits: %v", err)
	}
	close(sink.hold)
	if err := log.Record(ctx, page("r2", 20)...); !errors.Is(err, accesslog.ErrNotRecorded) {
		t.Errorf("a read that does not fit, its own write failing: %v, want ErrNotRecorded", err)
	}
	_ = log.Close()
}

// Given a writer resting after a batch of several reads, with a rest far
// longer than the test, when a whole batch's worth of entries comes, then
// the writer takes them without waiting out its rest.
func TestLog_AWholeBatchEndsTheWritersRest(t *testing.T) {
	log, sink := restingLog(t, accesslog.Options{Rest: time.Hour, Batch: 100})
	ctx := context.Background()
	for _, p := range [][]queries.AccessRecord{page("c", 60), page("d", 40)} {
		if err := log.Record(ctx, p...); err != nil {
			t.Fatal(err)
		}
	}
	waitForEntries(t, sink, 103)
}

// restingLog gives a log whose writer wrote the first read alone, then a
// batch of two reads (a and b), and now rests: the sink holds 3 entries.
func restingLog(t *testing.T, o accesslog.Options) (*accesslog.Log, *countingSink) {
	t.Helper()
	sink := &countingSink{hold: make(chan struct{})}
	log := accesslog.New(sink, o)
	t.Cleanup(func() { _ = log.Close() })
	ctx := context.Background()
	if err := log.Record(ctx, page("first", 1)...); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // the writer holds the first read
	for _, reader := range []string{"a", "b"} {
		if err := log.Record(ctx, page(reader, 1)...); err != nil {
			t.Fatal(err)
		}
	}
	close(sink.hold)
	waitForEntries(t, sink, 3) // the batch of a and b: the writer rests now
	return log, sink
}

// waitForEntries waits until sink holds n entries; it gives up after ten
// seconds, which only a writer that does not take them can need.
func waitForEntries(t *testing.T, sink *countingSink, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if _, got := sink.entries(); got >= n {
			return
		}
	}
	_, got := sink.entries()
	t.Fatalf("the sink holds %d entries, want %d: the writer did not take them", got, n)
}

// Given a writer resting after a batch of several reads, with a rest far
// longer than the test, when the log is flushed, then the entries queued
// are written without waiting out the rest, and none is left unwritten.
func TestLog_FlushWritesWhatIsQueuedWithoutResting(t *testing.T) {
	log, sink := restingLog(t, accesslog.Options{Rest: time.Hour})
	ctx := context.Background()
	if err := log.Record(ctx, page("c", 20)...); err != nil {
		t.Fatal(err)
	}
	flushCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := log.Flush(flushCtx); err != nil {
		t.Fatalf("Flush: %v (the writer did not take the entries)", err)
	}
	if _, entries := sink.entries(); entries != 23 || log.Unwritten() != 0 {
		t.Errorf("after Flush: %d entries written, %d unwritten; want 23 and 0", entries, log.Unwritten())
	}
}
