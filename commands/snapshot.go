package commands

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/snapshots"
)

// snapshotQueue bounds the snapshots waiting to be saved. A full queue
// drops the new one: a snapshot is only a shortcut, and the next multiple
// of the interval takes another.
const snapshotQueue = 256

// snapshotter takes snapshots of the aggregates whose state has a codec
// (stateCodecs) every `every` events, and after a fold on a cache miss
// that took longer than budget, and saves them in the background,
// never on a command's latency path. Snapshots are never needed for a
// correct answer: whatever goes wrong with one, the stream is read from
// the start instead.
type snapshotter struct {
	store  snapshots.Store
	events eventstore.Store
	every  uint64
	// budget, when not zero, is how long folding a stream on a cache
	// miss may take before a snapshot is offered even short of `every`
	// new events: a stream slow to fold (large events, a slow store)
	// gets one sooner.
	budget time.Duration
	now    func() time.Time // the clock fold times are measured with
	log    *slog.Logger
	queue  chan pendingSnapshot
	once   sync.Once // the first failure is logged, not every one
	// pending counts the snapshots queued and not yet saved.
	pending   sync.WaitGroup
	stop      context.CancelFunc
	closing   chan struct{} // closed by close: save what is queued, then stop
	closeOnce sync.Once
	done      chan struct{}
}

// closeBudget bounds how long close saves the snapshots still queued:
// shutting down must not wait on a slow snapshot store.
const closeBudget = 2 * time.Second

// pendingSnapshot is a state encoded when its append succeeded (the
// aggregate then goes back to the cache and evolves on), waiting for the
// saver to learn which event its version is and when it was recorded.
// A snapshot stores the state; the idempotency keys the aggregate keeps
// at its version (the window's, see keyWindow: a replay must find them
// whether the aggregate came from a snapshot or a full read), oldest
// first; and the id of the event at its
// version, which proves that the stream read after it continues the
// history the snapshot folded (not a store restored from a backup, nor
// another store with a stream of the same name). See snapshot_keys.go
// for the envelope that holds them.
type pendingSnapshot struct {
	stream, schema string
	version        uint64
	state          []byte
	keyCount       int
	keys           []byte // packed (see packKeys)
}

func newSnapshotter(store snapshots.Store, events eventstore.Store, every int, budget time.Duration, log *slog.Logger) *snapshotter {
	if store == nil || every <= 0 {
		return nil
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &snapshotter{store: store, events: events, every: uint64(every), budget: max(budget, 0), now: time.Now, log: log,
		queue: make(chan pendingSnapshot, snapshotQueue), stop: stop, closing: make(chan struct{}), done: make(chan struct{})}
	go s.run(ctx)
	return s
}

// offerSnapshot queues a snapshot of a when it folded at least `every`
// events since its newest snapshot. The state is encoded here, while the
// command owns the aggregate (it then goes back to the cache and evolves
// on); the saving happens in the background.
func offerSnapshot[S any](s *snapshotter, a *aggregate[S]) {
	if s == nil || a.version-a.snapped < s.every {
		return
	}
	queueSnapshot(s, a)
}

// offerSnapshotAfterFold queues a snapshot of a, just folded on a cache
// miss from foldStart on, when it folded `every` events since its newest
// snapshot or when the fold took the budget or longer and a has events
// its newest snapshot lacks.
func offerSnapshotAfterFold[S any](s *snapshotter, a *aggregate[S], foldStart time.Time) {
	if s.overBudget(foldStart) && a.version > a.snapped {
		queueSnapshot(s, a)
		return
	}
	offerSnapshot(s, a)
}

// foldStarts returns when a fold starts, for overBudget (the zero time
// when there is no budget: the clock is then never read).
func (s *snapshotter) foldStarts() time.Time {
	if s == nil || s.budget == 0 {
		return time.Time{}
	}
	return s.now()
}

// overBudget reports whether a fold that started at start took the
// budget or longer.
func (s *snapshotter) overBudget(start time.Time) bool {
	return s != nil && s.budget > 0 && s.now().Sub(start) >= s.budget
}

// queueSnapshot encodes a's state and queues it for saving.
func queueSnapshot[S any](s *snapshotter, a *aggregate[S]) {
	c, ok := codecFor[S]()
	if !ok {
		return
	}
	state, err := c.marshal(a.state)
	if err != nil {
		s.failed("encode", a.stream, err)
		return
	}
	select {
	case <-s.closing: // closed: nothing saves it any more
		return
	default:
	}
	s.pending.Add(1)
	select {
	case s.queue <- pendingSnapshot{stream: a.stream, schema: c.schema, version: a.version, state: state, keyCount: len(a.keys), keys: packKeysInOrder(a.keys, a.keyOrder)}:
		a.snapped = a.version
	default: // overloaded: skip this one
		s.pending.Done()
	}
}

// run saves queued snapshots until close, then those still queued.
func (s *snapshotter) run(ctx context.Context) {
	defer close(s.done)
	for {
		select {
		case <-s.closing:
			s.drain(ctx)
			return
		case p := <-s.queue:
			s.saveQueued(ctx, p)
		}
	}
}

// drain saves the snapshots queued when close was called, within
// closeBudget; those it has no time for are dropped (they are never
// needed: the streams are read from the start instead).
func (s *snapshotter) drain(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, closeBudget)
	defer cancel()
	for {
		select {
		case p := <-s.queue:
			s.saveQueued(ctx, p)
		default:
			return
		}
	}
}

func (s *snapshotter) saveQueued(ctx context.Context, p pendingSnapshot) {
	if err := s.save(ctx, p); err != nil && ctx.Err() == nil {
		s.failed("save", p.stream, err)
	}
	s.pending.Done()
}

// save reads the event at the snapshot's version, for its id and time,
// and keeps the snapshot.
func (s *snapshotter) save(ctx context.Context, p pendingSnapshot) error {
	recs, err := s.events.ReadStream(ctx, p.stream, eventstore.ReadStreamOptions{FromVersion: p.version, ToVersion: p.version, Limit: 1})
	if err != nil {
		return err
	}
	if len(recs) != 1 || recs[0].StreamVersion != p.version {
		return fmt.Errorf("event %d of %s not found", p.version, p.stream)
	}
	return s.store.Save(ctx, snapshots.Snapshot{Stream: p.stream, Schema: p.schema, Version: p.version,
		RecordedUntil: recs[0].RecordedAt, State: encodeEnvelope(recs[0].ID, p.state, p.keyCount, p.keys)})
}

func (s *snapshotter) failed(what, stream string, err error) {
	s.once.Do(func() {
		s.log.Warn("aggregate snapshot failed; streams are read from the start instead (logged once)",
			"op", what, "stream", stream, "err", err)
	})
}

// flush waits until every queued snapshot is saved (or failed), for
// tests.
func (s *snapshotter) flush() { s.pending.Wait() }

// close saves the snapshots still queued (within closeBudget), then stops
// the saver. Offers after close are dropped.
func (s *snapshotter) close() {
	if s == nil {
		return
	}
	s.closeOnce.Do(func() { close(s.closing) })
	<-s.done
	s.stop()
}

// loadFolded folds stream into a, a new aggregate: from the newest
// usable snapshot and the events after it, else from the start.
func loadFolded[S any](ctx context.Context, l *eventLog, evolve func(S, domain.Event) S, a *aggregate[S]) error {
	start := l.snapshots.foldStarts()
	ok, err := restoreSnapshot(ctx, l, evolve, a, time.Time{})
	if !ok && err == nil {
		err = a.catchUp(ctx, l, evolve, false)
	}
	if err == nil {
		offerSnapshotAfterFold(l.snapshots, a, start)
	}
	return err
}

// restoreSnapshot folds into a, a new aggregate, the newest snapshot of
// its stream recorded until then (zero: the newest) and the events after
// it, up to then. ok is false, and a untouched, when there is no usable
// snapshot: none, one of another schema, one the code cannot decode, or
// one whose last event is not the stream's event at its version.
func restoreSnapshot[S any](ctx context.Context, l *eventLog, evolve func(S, domain.Event) S, a *aggregate[S], until time.Time) (ok bool, err error) {
	s := l.snapshots
	c, hasCodec := codecFor[S]()
	if s == nil || !hasCodec {
		return false, nil
	}
	snap, found, err := s.store.Load(ctx, a.stream, c.schema, snapshots.Bound{RecordedUntil: until})
	if err != nil {
		s.failed("load", a.stream, err)
		return false, nil
	}
	if !found {
		return false, nil
	}
	restored, eventID, err := decodeSnapshot[S](c, snap)
	if err != nil {
		s.failed("decode", a.stream, err)
		return false, nil
	}
	tail, err := l.store.ReadStream(ctx, a.stream, eventstore.ReadStreamOptions{FromVersion: snap.Version, RecordedUntil: until})
	if err != nil {
		return false, fmt.Errorf("load %s: %w", a.stream, err)
	}
	if len(tail) == 0 || tail[0].StreamVersion != snap.Version || tail[0].ID != eventID {
		return false, nil
	}
	for _, r := range tail[1:] {
		e, err := l.codec.DecodeRecorded(r)
		if err != nil {
			return false, fmt.Errorf("load %s: %w", a.stream, err)
		}
		restored.apply(evolve, e, r.StreamVersion, r.Position, r.Metadata.IdempotencyKey)
	}
	*a = *restored
	return true, nil
}

// decodeSnapshot rebuilds the aggregate snap encoded and returns it with
// the id of the event at its version.
func decodeSnapshot[S any](c stateCodec, snap snapshots.Snapshot) (*aggregate[S], string, error) {
	e, err := decodeEnvelope(snap.State)
	if err != nil {
		return nil, "", envelopeFailed(snap.Stream, err)
	}
	v, err := c.unmarshal(e.state)
	if err != nil {
		return nil, "", err
	}
	state, ok := v.(S)
	if !ok {
		return nil, "", fmt.Errorf("snapshot state is a %T", v)
	}
	a := newAggregate[S](snap.Stream)
	a.state, a.version, a.snapped = state, snap.Version, snap.Version
	a.restoreKeys(e.keys)
	return a, e.eventID, nil
}

// LoadAsOf folds stream as it was known at until: the nearest snapshot
// recorded until then and the events after it up to then, or every event
// recorded until then. ok is false when the stream had no events then.
func (r repository[S]) LoadAsOf(ctx context.Context, stream string, until time.Time) (state S, version uint64, ok bool, err error) {
	a := newAggregate[S](stream)
	restored, err := restoreSnapshot(ctx, r.log, r.evolve, a, until)
	if err != nil {
		return state, 0, false, err
	}
	if !restored {
		history, err := r.log.store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{RecordedUntil: until})
		if err != nil {
			return state, 0, false, fmt.Errorf("load %s: %w", stream, err)
		}
		for _, rec := range history {
			e, err := r.log.codec.DecodeRecorded(rec)
			if err != nil {
				return state, 0, false, fmt.Errorf("load %s: %w", stream, err)
			}
			a.apply(r.evolve, e, rec.StreamVersion, rec.Position, "")
		}
	}
	return a.state, a.version, a.version > 0, nil
}

// snapshotConfig is what WithSnapshots configures.
type snapshotConfig struct {
	store  snapshots.Store
	every  int
	budget time.Duration
	log    *slog.Logger
}

func (c snapshotConfig) start(events eventstore.Store) *snapshotter {
	return newSnapshotter(c.store, events, c.every, c.budget, c.log)
}

// WithSnapshots keeps a snapshot of an aggregate's state in store every
// `every` events of its stream (0: none), so that loading a long stream
// reads only the events after its newest snapshot. Snapshots are saved in
// the background and are never needed for a correct answer: one that is
// missing, fails or was taken by code with another StateSchema is ignored
// and the stream read from the start. log hears of the first failure.
// Close stops the background saver.
func WithSnapshots(store snapshots.Store, every int, log *slog.Logger) Option {
	return func(c *config) { c.snapshots.store, c.snapshots.every, c.snapshots.log = store, every, log }
}

// WithSnapshotBudget also takes a snapshot (with WithSnapshots) of a
// stream whose fold on a cache miss took budget or longer, even before
// `every` new events: the streams slow to fold are those a snapshot helps
// most. 0 (the default) takes snapshots every `every` events only.
func WithSnapshotBudget(budget time.Duration) Option {
	return func(c *config) { c.snapshots.budget = budget }
}

// Close stops what New started in the background (the snapshot saver).
func (h *Handler) Close() { h.log.snapshots.close() }
