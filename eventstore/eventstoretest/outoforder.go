package eventstoretest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// testOutOfOrderCommits appends A in a transaction held open, then appends
// and commits B, and reads the global log (ReadAll and a subscription)
// before and after A commits. Whatever order the store gives A and B, a
// reader never skips A: one that resumes from the last position it saw
// gets both exactly once, in the order a final ReadAll returns, and the
// subscription delivers that same order.
func testOutOfOrderCommits(t *testing.T, e *env) {
	if e.opts.HoldOpen == nil {
		t.Skip("the store commits appends in position order (Options.HoldOpen is nil)")
	}
	sub := e.subscribe(e.base, e.mine())
	a, b := e.event("a"), e.event("b")
	streamA, streamB := e.stream("a"), e.stream("b")
	commit, err := e.opts.HoldOpen(e.ctx, e.s, streamA, eventstore.NoStream, a)
	if err != nil {
		t.Fatalf("HoldOpen: %v", err)
	}
	committed := false
	t.Cleanup(func() {
		if !committed {
			_ = commit() // release the transaction; the test already failed
		}
	})
	ctx, cancel := context.WithTimeout(e.ctx, promptly)
	_, err = e.s.Append(ctx, streamB, eventstore.NoStream, b)
	cancel()
	if err != nil {
		t.Fatalf("append to another stream while a transaction is open: %v", err)
	}
	if rs := e.read(streamA, eventstore.ReadStreamOptions{}); len(rs) != 0 {
		t.Fatalf("uncommitted append visible in its stream: %v", ids(rs))
	}
	before := e.readFor(200 * time.Millisecond)
	committed = true
	if err := commit(); err != nil {
		t.Fatalf("commit held transaction: %v", err)
	}
	from := e.base
	if len(before) > 0 {
		from = before[len(before)-1].Position
	}
	t.Logf("A=%s B=%s; the reader saw %v while A was open and resumes from %v", a.ID, b.ID, ids(before), from)
	seen := append(before, e.readAllFrom(from, e.mine(), 100, 2-len(before))...)
	got, want := ids(seen), []string{a.ID, b.ID}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("reader saw %v before A committed and resumed from %v (-want +got):\n%s", ids(before), from, diff)
	}
	final := e.readAll(e.mine(), 100, 2)
	checkAscending(t, "ReadAll", final)
	if diff := cmp.Diff(ids(final), ids(seen)); diff != "" {
		t.Errorf("resuming reader's order (-final ReadAll +reader):\n%s", diff)
	}
	e.expect(sub, ids(final), streamB, e.event("closed"))
}

// readFor reads the subtest's events from e.base for d, resuming from the
// last position seen, and returns what it saw.
func (e *env) readFor(d time.Duration) []eventstore.Recorded {
	e.t.Helper()
	var got []eventstore.Recorded
	from := e.base
	for end := time.Now().Add(d); time.Now().Before(end); {
		page, err := e.s.ReadAll(e.ctx, from, 100, e.mine())
		if err != nil {
			e.t.Fatalf("ReadAll while a transaction is open: %v", err)
		}
		got = append(got, page...)
		if len(page) > 0 {
			from = page[len(page)-1].Position
		}
		time.Sleep(5 * time.Millisecond)
	}
	return got
}
