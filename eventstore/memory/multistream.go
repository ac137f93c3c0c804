package memory

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

var _ eventstore.MultiStreamAppender = (*Store)(nil)

// AppendStreams implements eventstore.MultiStreamAppender: every part is
// checked under the store's lock before any is written, so the parts land
// together, in the order given, or not at all.
func (s *Store) AppendStreams(ctx context.Context, appends []eventstore.StreamAppend) ([]eventstore.AppendResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := eventstore.CheckStreamAppends(appends); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res, stored, err := s.checkStreams(appends)
	switch {
	case err != nil:
		return nil, err
	case stored == len(appends):
		return res, nil // an idempotent retry
	case stored > 0:
		return nil, fmt.Errorf("append %d streams: some already hold these events, not as one append: %w", len(appends), domain.ErrConflict)
	}
	for i, a := range appends {
		res[i] = s.write(a.Stream, a.Events)
	}
	s.wake()
	return res, nil
}

// checkStreams checks every part as Append would, without writing: it
// returns the results of the parts already stored as this append (a
// retry) and how many they are, or the first part's conflict.
func (s *Store) checkStreams(appends []eventstore.StreamAppend) ([]eventstore.AppendResult, int, error) {
	res := make([]eventstore.AppendResult, len(appends))
	stored := 0
	for i, a := range appends {
		if err := s.checkReused(a.Stream, a.Events); err != nil {
			return nil, 0, err
		}
		if r, ok := s.retried(a.Stream, a.Events); ok {
			res[i] = r
			stored++
			continue
		}
		if err := s.checkAppend(a.Stream, a.Expected, a.Events); err != nil {
			return nil, 0, err
		}
	}
	return res, stored, nil
}
