package memory

import (
	"context"
	"errors"
	"sync"

	"github.com/opsledger/opsledger/eventstore"
)

// batchSize caps the events one Recv returns.
const batchSize = 512

// ErrClosed is returned by Recv on a closed subscription.
var ErrClosed = errors.New("memory: subscription closed")

// Subscribe implements eventstore.Store. It is woken by appends, never by
// polling.
func (s *Store) Subscribe(ctx context.Context, from eventstore.Position, filter eventstore.Filter) (eventstore.Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &subscription{store: s, pos: from, filter: filter, done: make(chan struct{})}, nil
}

type subscription struct {
	store  *Store
	filter eventstore.Filter
	once   sync.Once
	done   chan struct{}

	mu  sync.Mutex
	pos eventstore.Position
}

func (sub *subscription) Recv(ctx context.Context) ([]eventstore.Recorded, error) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	for {
		select {
		case <-sub.done:
			return nil, ErrClosed
		default:
		}
		changed := sub.store.wait() // before reading, so no append slips between
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		batch, scanned := sub.store.scan(sub.pos, batchSize, sub.filter)
		sub.pos = scanned // filtered-out events move the position on too
		if len(batch) > 0 {
			return batch, nil
		}
		select {
		case <-changed:
		case <-sub.done:
			return nil, ErrClosed
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (sub *subscription) Close() error {
	sub.once.Do(func() { close(sub.done) })
	return nil
}
