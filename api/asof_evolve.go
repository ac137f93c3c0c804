package api

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// Aggregates the read side keeps no row of (a materials request, a
// training plan or session, an employee's customer portfolio) are shown
// as their domain state: the domain's own Evolve over their events, the
// same fold the commands decide on. Their current state is the fold of
// the whole stream; an as-of read folds the events within the bound
// through foldAsOf, so the two answer in the same JSON.

// evolver is an aggregate state that folds its events.
type evolver[S any] interface{ Evolve(domain.Event) S }

// evolvedFold folds events with S's Evolve; opened tells whether they
// opened the aggregate, view shows the state after the last of them.
func evolvedFold[S evolver[S], V any](codec *eventstore.Codec, opened func(S) bool, view func(S, eventstore.Recorded) V) Fold[V] {
	return Fold[V]{From: func(_ *V, events []eventstore.Recorded, _ time.Time) (v V, ok bool, err error) {
		var st S
		for _, r := range events {
			e, err := codec.DecodeRecorded(r)
			if err != nil {
				return v, false, err
			}
			st = st.Evolve(e)
		}
		if len(events) == 0 || !opened(st) {
			return v, false, nil
		}
		return view(st, events[len(events)-1]), true, nil
	}}
}

// evolvedNow is the current state of an aggregate of fold: its whole
// stream folded, notFound when the stream has no event or does not open
// it.
func evolvedNow[V any](s *Server, stream func(string) string, notFound error, fold Fold[V]) func(context.Context, string) (V, error) {
	return func(ctx context.Context, id string) (V, error) {
		events, err := s.Commands.ReadHistory(ctx, stream(id), 1, 0, 0)
		if err != nil {
			var zero V
			return zero, err
		}
		v, ok, err := fold.From(nil, events, s.Now())
		if err == nil && !ok {
			err = notFound
		}
		return v, err
	}
}

// evolvedAt is the state of an aggregate of fold for GET /{resource}/{id}:
// as of the request's bound when it has one (stateAt), else now.
func evolvedAt[V any](ctx context.Context, s *Server, id string, stream func(string) string, subject string, notFound error, fold Fold[V]) (V, error) {
	return stateAt(ctx, s, id, stream, subject, notFound, fold, evolvedNow(s, stream, notFound, fold))
}
