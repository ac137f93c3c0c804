package projections

import "github.com/opsledger/opsledger/eventstore"

// Selecting returns the projections of ps whose filter selects at least
// one of events, in the order of ps.
//
// A projection's tables are a function of the events it selects, so an
// event is answered by every read model that selects it once those have
// applied it; one that selects none of events reflects none of them and
// need not be waited for. The live feed waits for these alone: waiting
// for every read model held each event back until the slowest of them,
// busy with earlier events it had nothing to do with, had also read past
// it.
func Selecting(ps []Projection, events []eventstore.Recorded) []Projection {
	var out []Projection
	for _, p := range ps {
		if selectsAny(p.Filter(), events) {
			out = append(out, p)
		}
	}
	return out
}

func selectsAny(f eventstore.Filter, events []eventstore.Recorded) bool {
	for i := range events {
		if f.Matches(events[i].Stream, events[i].Type) {
			return true
		}
	}
	return false
}
