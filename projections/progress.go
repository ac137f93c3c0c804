package projections

import (
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
)

// progress is what the live runners of this process know of how far their
// projections have come, beyond what the checkpoints say. A checkpoint
// moves only with the events a projection applies, so a projection that
// selects none of the latest events keeps an old checkpoint, and a wait
// for it had to read the log to learn that nothing it selects lies in
// between. A runner reads the log unfiltered and records, after each
// batch, the position up to which it has applied every event it selects,
// skipped events included; WaitFor takes that from memory and wakes when
// it moves instead of polling the database on a timer.
//
// Entries are keyed by pool as well as namespace: two applications in one
// process may use the same namespace in different databases.
type progress struct {
	mu      sync.Mutex
	passed  map[progressKey]progressEntry
	changed chan struct{} // closed (and replaced) when an entry moves
}

type progressKey struct {
	pool *pgxpool.Pool
	ns   Namespace
	name string
}

// progressEntry says that generation gen has applied every event its
// projection selects up to pos.
type progressEntry struct {
	gen int
	pos eventstore.Position
}

// liveProgress is the process's board; the runners write it, WaitFor reads it.
var liveProgress = &progress{passed: map[progressKey]progressEntry{}, changed: make(chan struct{})}

// pass records that generation gen of the projection has passed pos.
func (p *progress) pass(k progressKey, gen int, pos eventstore.Position) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e, ok := p.passed[k]; ok && e.gen == gen && e.pos.Compare(pos) >= 0 {
		return
	}
	p.passed[k] = progressEntry{gen: gen, pos: pos}
	close(p.changed)
	p.changed = make(chan struct{})
}

// forget drops generation gen's entry when its runner stops following:
// nothing in this process keeps it current any more.
func (p *progress) forget(k progressKey, gen int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e, ok := p.passed[k]; ok && e.gen == gen {
		delete(p.passed, k)
	}
}

// hasPassed reports whether generation gen is known here to have passed pos.
func (p *progress) hasPassed(k progressKey, gen int, pos eventstore.Position) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.passed[k]
	return ok && e.gen == gen && e.pos.Compare(pos) >= 0
}

// follows reports whether a runner of this process follows generation gen.
func (p *progress) follows(k progressKey, gen int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.passed[k]
	return ok && e.gen == gen
}

// changes is closed at the next move of any entry.
func (p *progress) changes() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.changed
}

// LivePassed returns the position up to which the runner of this process
// that follows projection name (of pool's namespace ns) has applied every
// event the projection selects, skipped events included; ok is false
// when no runner of this process follows it. The runner records it after
// its batch's transaction committed, so the rows are visible by then to
// every session.
func LivePassed(pool *pgxpool.Pool, ns Namespace, name string) (pos eventstore.Position, ok bool) {
	liveProgress.mu.Lock()
	defer liveProgress.mu.Unlock()
	e, ok := liveProgress.passed[progressKey{pool: pool, ns: ns, name: name}]
	return e.pos, ok
}

// LiveMoved is closed at the next move of any live runner of this
// process: a watcher takes it, reads LivePassed and waits on it, so no
// move between its read and its wait is missed.
func LiveMoved() <-chan struct{} { return liveProgress.changes() }
