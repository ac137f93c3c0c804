package fanout

import (
	"context"
	"sync"

	"github.com/opsledger/opsledger/eventstore"
)

type subscription struct {
	s      *Store
	filter eventstore.Filter
	closed chan struct{}
	once   sync.Once

	mu   sync.Mutex // serializes Recv
	pos  eventstore.Position
	seen uint64 // failures of the shared subscription already reported
}

// Recv implements eventstore.Subscription.
func (sub *subscription) Recv(ctx context.Context) ([]eventstore.Recorded, error) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	for {
		if err := sub.ended(ctx); err != nil {
			return nil, err
		}
		v := sub.s.read(sub, sub.pos, sub.filter, sub.s.opts.Batch, sub.seen)
		if v.behind {
			batch, err := sub.catchUp(ctx, v.base)
			if err != nil || len(batch) > 0 {
				return batch, err
			}
			continue
		}
		sub.pos = v.pos
		if v.failure > 0 {
			sub.seen = v.failure
		}
		if len(v.batch) > 0 || v.err != nil {
			return v.batch, v.err
		}
		select {
		case <-v.changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-sub.closed:
			return nil, ErrClosed
		}
	}
}

// catchUp reads the underlying store from a position before the tail.
// A short read has seen every event up to the head at the time of the
// read, and base was visible before the read began, so the subscription
// may move on to base even when the filter kept nothing.
func (sub *subscription) catchUp(ctx context.Context, base eventstore.Position) ([]eventstore.Recorded, error) {
	limit := sub.s.opts.Batch
	batch, err := sub.s.Store.ReadAll(ctx, sub.pos, limit, sub.filter)
	if err != nil {
		return nil, err
	}
	if len(batch) > 0 {
		sub.pos = batch[len(batch)-1].Position
	}
	if len(batch) < limit && sub.pos.Compare(base) < 0 {
		sub.pos = base
	}
	return batch, nil
}

func (sub *subscription) ended(ctx context.Context) error {
	select {
	case <-sub.closed:
		return ErrClosed
	default:
		return ctx.Err()
	}
}

// Close implements eventstore.Subscription.
func (sub *subscription) Close() error {
	sub.once.Do(func() {
		close(sub.closed)
		sub.s.forget(sub)
	})
	return nil
}
