package commands

import (
	"context"
	"errors"
	"sync"

	"github.com/opsledger/opsledger/snapshots"
)

// A restarted instance starts with an empty aggregate cache, so the
// first command on each stream read its newest snapshot and then the
// events after it: two more round trips and a decoding than a command
// on a cached aggregate, paid by the first commands after every restart
// (`cold_command_ms_10k`, issue 15). WarmCache folds, before the instance
// says it is ready, the aggregates of the streams whose snapshots were
// saved last: those that grew last before the restart, the likeliest to
// take the next commands (decision 58). A warmed aggregate is a
// cached one like any other: the append at its version proves it
// current, and any other answer catches up first (decision 5), so the
// warm-up changes no answer, only which commands read the store.

// warmer folds one stream into the cache.
type warmer func(ctx context.Context, stream string) error

// warmers are the warmers of the state types with snapshots, by schema.
// Repositories register as they are made, which may be after New
// (Handler.Erasure), hence the lock.
type warmers struct {
	mu sync.Mutex
	by map[string]warmer
}

func (w *warmers) add(schema string, f warmer) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.by == nil {
		w.by = map[string]warmer{}
	}
	w.by[schema] = f
}

func (w *warmers) of(schema string) (warmer, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	f, ok := w.by[schema]
	return f, ok
}

// registerWarmer lets WarmCache fold the streams whose snapshots are of
// S's schema; a state type without snapshots has none to warm from.
// One state type has one evolve in every repository (see repository),
// so whichever repository of S registers last folds as the others would.
func registerWarmer[S any](r repository[S]) {
	if c, ok := codecFor[S](); ok {
		r.log.warmers.add(c.schema, r.warm)
	}
}

// warm folds stream (from its newest snapshot and the events after it)
// into the cache, unless the cache holds it already.
func (r repository[S]) warm(ctx context.Context, stream string) error {
	if held := r.log.cache.checkOut(ctx, stream); held != nil {
		r.log.cache.put(held)
		return nil
	}
	a := newAggregate[S](stream)
	if err := loadFolded(ctx, r.log, r.evolve, a); err != nil {
		r.log.cache.release(stream)
		return err
	}
	r.log.cache.put(a)
	return nil
}

// WarmCache folds into the aggregate cache the streams whose snapshots
// were saved last, newest first, at most limit of them (and no more
// than the cache holds). It returns how many it folded; it stops at the
// first error or when ctx ends (the caller bounds its time): whatever is
// left is read by its first command, as without the warm-up. Without
// snapshots, a cache, or a snapshot store that lists its recent streams,
// it does nothing.
func (h *Handler) WarmCache(ctx context.Context, limit int) (int, error) {
	l := h.log
	if l.snapshots == nil || l.cache == nil {
		return 0, nil
	}
	lister, ok := l.snapshots.store.(snapshots.RecentLister)
	if !ok {
		return 0, nil
	}
	refs, err := lister.Recent(ctx, min(limit, l.cache.maxStreams))
	if err != nil {
		return 0, err
	}
	warmed := 0
	for _, ref := range refs {
		warm, ok := l.warmers.of(ref.Schema)
		if !ok { // a schema of other code (a rolling upgrade) or a state no longer snapshotted
			continue
		}
		if err := warm(ctx, ref.Stream); err != nil {
			return warmed, errors.Join(err, ctx.Err())
		}
		warmed++
	}
	return warmed, nil
}
