package postgres

import (
	"context"

	"github.com/opsledger/opsledger/eventstore"
)

// GroupedAppend is one append of a shared insert, for tests of the flush.
type GroupedAppend struct {
	Stream   string
	Expected eventstore.ExpectedVersion
	Event    eventstore.EventData
	// Outcome: the result when the shared insert wrote the event, Alone
	// when it skipped it (the append then runs again alone).
	Result eventstore.AppendResult
	Err    error
	Alone  bool
}

// FlushGroup runs appends as one flush of the store's append group, as if
// they had arrived together, and returns each one's outcome.
func (s *Store) FlushGroup(ctx context.Context, appends []GroupedAppend) []GroupedAppend {
	calls := make([]*groupCall, len(appends))
	for i, a := range appends {
		row, err := newEventRow(a.Stream, a.Event)
		if err != nil {
			panic(err)
		}
		v, _ := a.Expected.Exact()
		calls[i] = &groupCall{row: row, expected: v}
	}
	s.appendGroup(ctx, calls)
	out := make([]GroupedAppend, len(appends))
	for i, c := range calls {
		out[i] = appends[i]
		out[i].Result, out[i].Err, out[i].Alone = c.res, c.err, c.alone
	}
	return out
}
