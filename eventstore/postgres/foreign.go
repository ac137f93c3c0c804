package postgres

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// foreignXids is what the store knows of the running transactions of
// other databases of its cluster: they hold back the snapshot's xmin,
// and with it the global log, for as long as they run, but they can never
// write the log (an xid belongs to one backend's transaction and a backend
// to one database, for good). Reads pass the list to visible, which then
// looks past them.
//
// The list is learnt only when a subscriber finds events held back for
// foreignAfter, because finding out reads every backend's status (about
// 0.3 ms of server CPU with 400 connection slots, against 0.05 ms for a
// trivial statement): a log held back by the appends in flight a moment
// ago clears by itself, and paying that on every read would cost more
// than the short holds delay. Any list is safe, however old: an xid on
// it never writes here, and one missing from it is only waited for.
type foreignXids struct {
	mu      sync.Mutex
	xids    []uint64
	learnt  time.Time
	learnMu sync.Mutex // one learning query at a time
}

// foreignAfter is how long a subscriber waits on events held back before
// the store learns which running transactions are other databases'.
const foreignAfter = 2 * time.Millisecond

// learnForeignSQL lists the transactions of the current snapshot that a
// backend of another database reports as its own, as xid8: backend_xid
// is the 32-bit xid, matched against the snapshot's full ones. A backend
// without a database (a background process) is not counted as foreign.
const learnForeignSQL = `SELECT coalesce(array_agg(r.x), '{}') FROM pg_snapshot_xip(pg_current_snapshot()) r(x)
	WHERE r.x::xid IN (SELECT a.backend_xid FROM pg_stat_get_activity(NULL) a
		WHERE a.backend_xid IS NOT NULL AND a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database()))`

// list returns the known foreign transactions, never nil (it is sent as
// an array).
func (f *foreignXids) list() []uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.xids == nil {
		return []uint64{}
	}
	return f.xids
}

// learnForeignSince asks the database which running transactions are
// other databases', unless another subscriber learnt it after since.
func (s *Store) learnForeignSince(ctx context.Context, since time.Time) error {
	f := &s.foreign
	f.learnMu.Lock()
	defer f.learnMu.Unlock()
	f.mu.Lock()
	fresh := f.learnt.After(since)
	f.mu.Unlock()
	if fresh {
		return nil
	}
	start := time.Now()
	var xids []uint64
	if err := s.pool.QueryRow(ctx, learnForeignSQL).Scan(&xids); err != nil {
		return fmt.Errorf("learn other databases' transactions: %w", unavailable(err))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.xids, f.learnt = xids, start
	return nil
}

// foreignLearning paces one subscriber's learning while the log stays
// held back: first after foreignAfter, then after twice as long each time
// (up to maxForeignEvery), so a hold by a long transaction of this
// database, which learning cannot lift, costs a few queries, not one per
// append that wakes the subscriber.
type foreignLearning struct {
	held  time.Time // since when, or since the last learning
	every time.Duration
}

// maxForeignEvery caps the pause between two learnings of one hold.
const maxForeignEvery = time.Second

// due records that the log is held back at now and reports whether it is
// time to learn, and since when the subscriber has waited.
func (l *foreignLearning) due(now time.Time) (since time.Time, ok bool) {
	if l.held.IsZero() {
		l.held, l.every = now, foreignAfter
		return time.Time{}, false
	}
	if now.Sub(l.held) < l.every {
		return time.Time{}, false
	}
	since = l.held
	l.held, l.every = now, min(2*l.every, maxForeignEvery)
	return since, true
}
