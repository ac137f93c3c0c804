package replay

import (
	"context"
	"sync"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/eventstore"
)

// RecordSkew is how far after the as-of time a replay still reads the
// log before it stops. $all is in commit order and an event's recorded
// time is taken while its append runs, so an event recorded at or before
// the as-of time may follow one recorded just after it; appends are
// single statements that take milliseconds, so a minute is far beyond
// any such overlap. Events inside the window recorded after the as-of
// time are skipped, not applied.
const RecordSkew = time.Minute

// cut is the store as a replay reads it: $all up to the last event
// recorded at or before asOf and, when validAt is set, only the events
// effective by then. It serves one pass of the log from the start, as
// projections.RebuildAll reads it: a read resuming from the last event it
// handed out continues after the events it skipped.
type cut struct {
	eventstore.Store
	asOf, validAt time.Time

	mu        sync.Mutex
	done      bool
	handedOut eventstore.Position // the last event returned
	next      eventstore.Position // where the store read continues
}

func newCut(store eventstore.Store, asOf, validAt time.Time) *cut {
	return &cut{Store: store, asOf: asOf, validAt: validAt}
}

// ReadAll returns the next events within the cut; an empty answer is the
// end of the cut, never a batch that happened to be all skipped.
func (c *cut) ReadAll(ctx context.Context, from eventstore.Position, limit int, filter eventstore.Filter) ([]eventstore.Recorded, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	pos := from
	if from == c.handedOut {
		if c.done {
			return nil, nil
		}
		pos = c.next
	}
	for {
		batch, err := c.Store.ReadAll(ctx, pos, limit, filter)
		if err != nil || len(batch) == 0 {
			c.done = err == nil
			return nil, err
		}
		kept := c.keep(batch)
		pos = batch[len(batch)-1].Position
		if len(kept) > 0 {
			c.handedOut, c.next = kept[len(kept)-1].Position, pos
			return kept, nil
		}
		if c.done {
			return nil, nil
		}
	}
}

// keep returns the events of batch within the cut (batch itself when it
// is all within, the common case of a replay's early pages), and marks the
// cut done at the first event recorded beyond the skew window.
func (c *cut) keep(batch []eventstore.Recorded) []eventstore.Recorded {
	for i, e := range batch {
		if in, _ := c.verdict(e); in {
			continue
		}
		kept := append(make([]eventstore.Recorded, 0, len(batch)), batch[:i]...)
		for _, e := range batch[i:] {
			in, stop := c.verdict(e)
			if stop {
				c.done = true
				break
			}
			if in {
				kept = append(kept, e)
			}
		}
		return kept
	}
	return batch
}

// verdict says whether e is within the cut, and whether the cut ends at
// it (recorded beyond the skew window).
func (c *cut) verdict(e eventstore.Recorded) (in, stop bool) {
	if e.RecordedAt.After(c.asOf) {
		return false, e.RecordedAt.Sub(c.asOf) > RecordSkew
	}
	return c.validAt.IsZero() || !commands.Effective(e).After(c.validAt), false
}
