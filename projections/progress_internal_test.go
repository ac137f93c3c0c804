package projections

import (
	"testing"

	"github.com/opsledger/opsledger/eventstore"
)

func TestProgress_isKnownOnlyForTheGenerationItsRunnerFollows(t *testing.T) {
	p := &progress{passed: map[progressKey]progressEntry{}, changed: make(chan struct{})}
	k := progressKey{ns: "read", name: "ledger"}
	at := func(n uint64) eventstore.Position { return eventstore.Position{Major: n} }

	// Given a runner of generation 2 that passed position 10,
	changed := p.changes()
	p.pass(k, 2, at(10))
	select {
	case <-changed:
	default:
		t.Fatal("a move did not wake the waiters")
	}
	// then 10 and before are passed, 11 is not, and generation 3 knows nothing;
	if !p.hasPassed(k, 2, at(10)) || !p.hasPassed(k, 2, at(9)) || p.hasPassed(k, 2, at(11)) {
		t.Error("generation 2 passed = wrong bounds, want up to 10")
	}
	if p.hasPassed(k, 3, at(1)) || p.follows(k, 3) {
		t.Error("generation 3 is known, want unknown")
	}
	// a position it passed before does not move it back nor wake anyone;
	changed = p.changes()
	p.pass(k, 2, at(5))
	select {
	case <-changed:
		t.Error("an older position woke the waiters")
	default:
	}
	// forgetting another generation keeps it, and forgetting its own drops it.
	p.forget(k, 3)
	if !p.follows(k, 2) {
		t.Error("forget(3) dropped generation 2")
	}
	p.forget(k, 2)
	if p.follows(k, 2) || p.hasPassed(k, 2, at(1)) {
		t.Error("forget(2) kept generation 2")
	}
}
