package esdb

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"

	esdbclient "github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"github.com/opsledger/opsledger/eventstore"
)

// maxBatch caps what one Recv returns.
const maxBatch = 256

// ErrClosed is returned by Recv after Close.
var ErrClosed = errors.New("esdb: subscription closed")

// Subscribe implements eventstore.Store.
func (s *Store) Subscribe(ctx context.Context, from eventstore.Position, filter eventstore.Filter) (eventstore.Subscription, error) {
	opts := esdbclient.SubscribeToAllOptions{From: allFrom(from), Filter: serverFilter(filter)}
	// The subscription outlives ctx: it ends with Close.
	sub, err := s.client.SubscribeToAll(context.WithoutCancel(ctx), opts)
	if err != nil {
		return nil, wrap(ctx.Err(), err, "subscribe to $all")
	}
	out := &subscription{
		sub:    sub,
		from:   from,
		filter: filter,
		events: make(chan eventstore.Recorded, maxBatch),
		done:   make(chan struct{}),
	}
	go out.pump()
	return out, nil
}

// serverFilter picks the one filter the server can apply: stream prefixes,
// else exact event types (as an anchored regex), else no system events.
func serverFilter(f eventstore.Filter) *esdbclient.SubscriptionFilter {
	if len(f.StreamPrefixes) > 0 {
		return &esdbclient.SubscriptionFilter{Type: esdbclient.StreamFilterType, Prefixes: f.StreamPrefixes}
	}
	if len(f.EventTypes) > 0 {
		quoted := make([]string, len(f.EventTypes))
		for i, t := range f.EventTypes {
			quoted[i] = regexp.QuoteMeta(t)
		}
		return &esdbclient.SubscriptionFilter{
			Type:  esdbclient.EventFilterType,
			Regex: "^(?:" + strings.Join(quoted, "|") + ")$",
		}
	}
	return esdbclient.ExcludeSystemEventsFilter()
}

type subscription struct {
	sub    *esdbclient.Subscription
	from   eventstore.Position
	filter eventstore.Filter
	events chan eventstore.Recorded // closed when the pump stops
	done   chan struct{}            // closed by Close
	once   sync.Once

	mu  sync.Mutex
	err error // why the pump stopped
}

// pump moves events from the client's blocking Recv into s.events.
func (s *subscription) pump() {
	defer close(s.events)
	for {
		ev := s.sub.Recv()
		if ev.SubscriptionDropped != nil {
			s.stop(ev.SubscriptionDropped.Error)
			return
		}
		if ev.EventAppeared == nil {
			continue // checkpoints, caught-up and fell-behind notices
		}
		r, ok, err := keep(ev.EventAppeared, s.from, s.filter)
		if err != nil {
			s.stop(err)
			return
		}
		if !ok {
			continue
		}
		select {
		case s.events <- r:
		case <-s.done:
			s.stop(ErrClosed)
			return
		}
	}
}

func (s *subscription) stop(err error) {
	select {
	case <-s.done:
		err = ErrClosed
	default:
	}
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
}

func (s *subscription) stopped() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		return ErrClosed
	}
	return errors.Join(errors.New("esdb: subscription dropped"), s.err)
}

// Recv implements eventstore.Subscription.
func (s *subscription) Recv(ctx context.Context) ([]eventstore.Recorded, error) {
	select {
	case <-s.done:
		return nil, ErrClosed
	default:
	}
	var batch []eventstore.Recorded
	select {
	case r, ok := <-s.events:
		if !ok {
			return nil, s.stopped()
		}
		batch = append(batch, r)
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.done:
		return nil, ErrClosed
	}
	for len(batch) < maxBatch {
		select {
		case r, ok := <-s.events:
			if !ok {
				return batch, nil // the error comes with the next Recv
			}
			batch = append(batch, r)
		default:
			return batch, nil
		}
	}
	return batch, nil
}

// Close implements eventstore.Subscription.
func (s *subscription) Close() error {
	s.once.Do(func() {
		close(s.done)
		_ = s.sub.Close()
	})
	return nil
}
