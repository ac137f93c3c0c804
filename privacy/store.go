package privacy

import (
	"context"

	"github.com/opsledger/opsledger/eventstore"
)

// Store is an event store that keeps the personal fields of the events
// it appends encrypted (see the registry) and decrypts them on every
// read: ReadStream, ReadAll and Subscribe give the events in clear, or
// with the fields of erased subjects in their erased form. Everything
// else is the wrapped store's. Stored returns the store beneath, whose
// reads give the bytes as stored (the ciphertext), for the sealer of the
// verifiable log.
//
// Stored events are never changed: an erased field reads erased because
// its key is gone, so the log's proofs hold after an erasure.
type Store struct {
	inner eventstore.Store
	keys  *Keyring
}

// atomicStore is a Store over a store with an atomic multi-stream
// append, which it keeps (encrypting each part).
type atomicStore struct {
	*Store
	multi eventstore.MultiStreamAppender
}

// Wrap returns inner with personal fields encrypted by keys. The result
// is an eventstore.MultiStreamAppender exactly when inner (or a store it
// wraps) has an atomic multi-stream append. It deliberately is not an
// eventstore.Wrapper: looking through it would append in clear.
func Wrap(inner eventstore.Store, keys *Keyring) eventstore.Store {
	s := &Store{inner: inner, keys: keys}
	if m, ok := eventstore.AtomicMultiStream(inner); ok {
		return &atomicStore{Store: s, multi: m}
	}
	return s
}

// Stored returns the store beneath store's encryption (store itself when
// it encrypts nothing): the events as stored.
func Stored(store eventstore.Store) eventstore.Store {
	switch s := store.(type) {
	case *Store:
		return s.inner
	case *atomicStore:
		return s.inner
	}
	return store
}

// Append implements eventstore.Store.
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	sealed, err := s.seal(ctx, events)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	return s.inner.Append(ctx, stream, expected, sealed...)
}

// AppendStreams implements eventstore.MultiStreamAppender.
func (s *atomicStore) AppendStreams(ctx context.Context, appends []eventstore.StreamAppend) ([]eventstore.AppendResult, error) {
	var out []eventstore.StreamAppend
	for i, a := range appends {
		sealed, err := s.seal(ctx, a.Events)
		if err != nil {
			return nil, err
		}
		if out == nil && !sameSlice(sealed, a.Events) {
			out = append(make([]eventstore.StreamAppend, 0, len(appends)), appends[:i]...)
		}
		if out != nil {
			a.Events = sealed
			out = append(out, a)
		}
	}
	if out == nil {
		out = appends
	}
	return s.multi.AppendStreams(ctx, out)
}

// seal returns events with their personal fields encrypted: events
// itself when none has any (the common case allocates nothing).
func (s *Store) seal(ctx context.Context, events []eventstore.EventData) ([]eventstore.EventData, error) {
	var out []eventstore.EventData
	for i, e := range events {
		if !HasPersonalFields(e.Type) {
			if out != nil {
				out = append(out, e)
			}
			continue
		}
		data, err := s.keys.sealBody(ctx, e.ID, e.Type, e.Data)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = append(make([]eventstore.EventData, 0, len(events)), events[:i]...)
		}
		e.Data = data
		out = append(out, e)
	}
	if out == nil {
		return events, nil
	}
	return out, nil
}

func sameSlice(a, b []eventstore.EventData) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// ReadStream implements eventstore.Store.
func (s *Store) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.Recorded, error) {
	events, err := s.inner.ReadStream(ctx, stream, opts)
	if err != nil {
		return nil, err
	}
	return s.open(ctx, events)
}

// ReadAll implements eventstore.Store.
func (s *Store) ReadAll(ctx context.Context, from eventstore.Position, limit int, filter eventstore.Filter) ([]eventstore.Recorded, error) {
	events, err := s.inner.ReadAll(ctx, from, limit, filter)
	if err != nil {
		return nil, err
	}
	return s.open(ctx, events)
}

// Subscribe implements eventstore.Store.
func (s *Store) Subscribe(ctx context.Context, from eventstore.Position, filter eventstore.Filter) (eventstore.Subscription, error) {
	sub, err := s.inner.Subscribe(ctx, from, filter)
	if err != nil {
		return nil, err
	}
	return &subscription{Subscription: sub, s: s}, nil
}

// Head implements eventstore.Store.
func (s *Store) Head(ctx context.Context) (eventstore.Position, error) { return s.inner.Head(ctx) }

type subscription struct {
	eventstore.Subscription
	s *Store
}

func (sub *subscription) Recv(ctx context.Context) ([]eventstore.Recorded, error) {
	events, err := sub.Subscription.Recv(ctx)
	if err != nil {
		return nil, err
	}
	return sub.s.open(ctx, events)
}

// open returns events with their personal fields decrypted. It never
// changes events (a fanout shares them among subscribers): the first
// event it changes copies the slice.
func (s *Store) open(ctx context.Context, events []eventstore.Recorded) ([]eventstore.Recorded, error) {
	var out []eventstore.Recorded
	for i := range events {
		if !HasPersonalFields(events[i].Type) {
			continue
		}
		data, err := s.keys.openBody(ctx, events[i].Type, events[i].Data)
		if err != nil {
			return nil, err
		}
		if len(data) == len(events[i].Data) && (len(data) == 0 || &data[0] == &events[i].Data[0]) {
			continue // untouched
		}
		if out == nil {
			out = append([]eventstore.Recorded(nil), events...)
		}
		out[i].Data = data
	}
	if out == nil {
		return events, nil
	}
	return out, nil
}
