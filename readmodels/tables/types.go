package tables

import (
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// TypeSet is a set of stored event type names.
type TypeSet map[string]bool

// Types returns the stored type names of events.
func Types(events ...domain.Event) TypeSet { return typeSet(events...) }

// All reports whether every event of batch is of a type in s. A read
// model uses it to skip loading a table that only other types touch: a
// type missing from s (a new one) loads it, so the list fails safe.
func (s TypeSet) All(batch []eventstore.Recorded) bool {
	for i := range batch {
		if !s[batch[i].Type] {
			return false
		}
	}
	return true
}
