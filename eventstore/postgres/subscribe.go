package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/opsledger/opsledger/eventstore"
)

// ErrClosed is returned by Recv after Close, or after the store closed.
var ErrClosed = errors.New("postgres event store: subscription closed")

// maxPendingWait caps the re-poll interval while committed events wait
// behind an older running transaction, which may end without a NOTIFY
// (a rollback, or a transaction that is not an append).
const maxPendingWait = 100 * time.Millisecond

// Subscribe implements eventstore.Store. The subscription reads with
// ReadAll; it sleeps until an append wakes it, and re-polls on a short
// timer only while it knows committed events are not yet visible. While
// they are held back it also learns, now and then, which running
// transactions are other databases' (foreignXids), so that those stop
// holding them back.
func (s *Store) Subscribe(ctx context.Context, from eventstore.Position, filter eventstore.Filter) (eventstore.Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sub := &subscription{s: s, pos: from, filter: filter, wake: make(chan struct{}, 1), closed: make(chan struct{})}
	if !s.hub.add(sub) {
		return nil, fmt.Errorf("subscribe: %w", ErrClosed)
	}
	return sub, nil
}

type subscription struct {
	s      *Store
	filter eventstore.Filter
	wake   chan struct{} // an append may have happened
	closed chan struct{}
	once   sync.Once

	mu  sync.Mutex // serializes Recv
	pos eventstore.Position
}

func (sub *subscription) poke() {
	select {
	case sub.wake <- struct{}{}:
	default:
	}
}

// Recv implements eventstore.Subscription.
func (sub *subscription) Recv(ctx context.Context) ([]eventstore.Recorded, error) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	var wait pendingWait
	var learning foreignLearning
	for {
		if err := sub.ended(ctx); err != nil {
			return nil, err
		}
		batch, err := sub.next(ctx)
		if err != nil || len(batch) > 0 {
			return batch, sub.fail(ctx, err)
		}
		pending, err := sub.s.pendingAfter(ctx, sub.pos)
		if err != nil {
			return nil, sub.fail(ctx, err)
		}
		learnt, err := sub.learnIfHeld(ctx, pending, &learning)
		if err != nil {
			return nil, sub.fail(ctx, err)
		}
		if learnt {
			continue // read again: what held the events back may be another database's
		}
		woken, err := sub.sleep(ctx, wait.next(pending))
		if err != nil {
			return nil, err
		}
		if woken {
			wait.woken()
		}
	}
}

// pendingWait is how long a subscriber sleeps, unless woken, while the
// events after its position are held back: 2 ms, then twice as long
// each time up to maxPendingWait, so a long transaction holding the log
// costs a few reads, not one every 2 ms.
//
// A wake-up (an append) starts it again at 2 ms. It used to double on
// every read, woken or not, so a burst of appends behind one held
// transaction grew it to 100 ms in a few milliseconds; when the holder
// then ended without an append of its own (a read model's, the
// scheduler's or the sealer's transaction), its events waited out that
// sleep unless another append came first (decision 53).
type pendingWait struct{ d time.Duration }

// next is the sleep after a read that found nothing, given whether
// events are held back (none: sleep until woken).
func (w *pendingWait) next(pending bool) time.Duration {
	switch {
	case !pending:
		w.d = 0
	case w.d == 0:
		w.d = 2 * time.Millisecond
	default:
		w.d = min(2*w.d, maxPendingWait)
	}
	return w.d
}

// woken notes that the sleep ended with a wake-up.
func (w *pendingWait) woken() { w.d = 0 }

// learnIfHeld learns which running transactions are other databases'
// when events have been held back long enough (foreignLearning), and
// reports whether it did.
func (sub *subscription) learnIfHeld(ctx context.Context, pending bool, l *foreignLearning) (bool, error) {
	if !pending {
		*l = foreignLearning{}
		return false, nil
	}
	since, ok := l.due(time.Now())
	if !ok {
		return false, nil
	}
	return true, sub.s.learnForeignSince(ctx, since)
}

// next reads the batch after pos. A filtered subscription also moves past
// events it skipped: every event up to the head seen before a short read
// was scanned by that read.
func (sub *subscription) next(ctx context.Context) ([]eventstore.Recorded, error) {
	filtered := len(sub.filter.StreamPrefixes) > 0 || len(sub.filter.EventTypes) > 0
	var head eventstore.Position
	if filtered {
		var err error
		if head, err = sub.s.Head(ctx); err != nil {
			return nil, err
		}
	}
	batch, err := sub.s.ReadAll(ctx, sub.pos, sub.s.batch, sub.filter)
	if err != nil {
		return nil, err
	}
	if len(batch) > 0 {
		sub.pos = batch[len(batch)-1].Position
	}
	if filtered && len(batch) < sub.s.batch && head.Compare(sub.pos) > 0 {
		sub.pos = head
	}
	return batch, nil
}

// sleep waits for a wake-up, or for d when d > 0; it reports whether a
// wake-up ended it.
func (sub *subscription) sleep(ctx context.Context, d time.Duration) (bool, error) {
	var timeout <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-sub.wake:
		return true, nil
	case <-timeout:
		return false, nil
	case <-ctx.Done():
		return false, ctx.Err()
	case <-sub.closed:
		return false, ErrClosed
	case <-sub.s.hub.done:
		return false, ErrClosed
	}
}

func (sub *subscription) ended(ctx context.Context) error {
	select {
	case <-sub.closed:
		return ErrClosed
	case <-sub.s.hub.done:
		return ErrClosed
	default:
		return ctx.Err()
	}
}

// fail prefers the context's error, so a cancelled Recv reports just that.
func (sub *subscription) fail(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// Close implements eventstore.Subscription.
func (sub *subscription) Close() error {
	sub.once.Do(func() {
		close(sub.closed)
		sub.s.hub.remove(sub)
	})
	return nil
}
