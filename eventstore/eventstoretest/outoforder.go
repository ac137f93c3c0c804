package eventstoretest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// testOutOfOrderCommits appends A in a transaction held open
// (Options.Begin), then appends and commits B, and reads the global log
// (ReadAll and a subscription) before and after A commits. Whatever order the store gives A and B, a
// reader never skips A: one that resumes from the last position it saw
// gets both exactly once, in the order a final ReadAll returns, and the
// subscription delivers that same order.
func testOutOfOrderCommits(t *testing.T, e *env) {
	tx := e.begin()
	sub := e.subscribe(e.base, e.mine())
	a, b := e.event("a"), e.event("b")
	streamA, streamB := e.stream("a"), e.stream("b")
	if _, err := tx.Append(e.ctx, streamA, eventstore.NoStream, a); err != nil {
		t.Fatalf("append in a held transaction: %v", err)
	}
	ctx, cancel := context.WithTimeout(e.ctx, promptly)
	_, err := e.s.Append(ctx, streamB, eventstore.NoStream, b)
	cancel()
	if err != nil {
		t.Fatalf("append to another stream while a transaction is open: %v", err)
	}
	if rs := e.read(streamA, eventstore.ReadStreamOptions{}); len(rs) != 0 {
		t.Fatalf("uncommitted append visible in its stream: %v", ids(rs))
	}
	before := e.readFor(200 * time.Millisecond)
	if err := tx.Commit(); err != nil {
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

// testOlderTransactionKeepsStreamOrder holds a transaction open, appends
// to a stream outside it, then appends the stream's next version inside
// it. The held transaction took its place in the global log before the
// first version committed, so the store must refuse the append (a
// conflict) or place it after that version: once the transaction commits,
// the global log holds the stream in version order.
func testOlderTransactionKeepsStreamOrder(t *testing.T, e *env) {
	stream := e.stream("order-1")
	tx := e.begin()
	e.append(stream, eventstore.NoStream, e.event("placed"))
	want := 2
	if _, err := tx.Append(e.ctx, stream, eventstore.Exact(1), e.event("shipped")); isConflict(err) {
		want = 1
	} else if err != nil {
		t.Fatalf("append in the held transaction: %v, want success or a conflict", err)
	}
	if _, err := tx.Append(e.ctx, e.stream("order-2"), eventstore.NoStream, e.event("placed")); err != nil {
		t.Fatalf("append to a new stream in the held transaction after the first append: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("commit held transaction: %v", err)
	}
	all := e.readAll(eventstore.Filter{StreamPrefixes: []string{stream}}, 100, want)
	if len(all) != want {
		t.Fatalf("global log holds %d events of %s, want %d", len(all), stream, want)
	}
	checkStreamOrder(t, all)
}

// begin starts a held transaction (Options.Begin), skipping the test when
// the store has none. A test that fails before committing it has it
// committed when it ends, so it does not hold back the others' readers.
func (e *env) begin() Transaction {
	e.t.Helper()
	if e.opts.Begin == nil {
		e.t.Skip("the store commits appends in position order (Options.Begin is nil)")
	}
	tx, err := e.opts.Begin(e.ctx, e.s)
	if err != nil {
		e.t.Fatalf("Begin: %v", err)
	}
	e.t.Cleanup(func() { _ = tx.Commit() }) // fails harmlessly once committed
	return tx
}
