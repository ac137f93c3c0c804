// Package domain is the shared kernel of opsledger: the event contract, the
// error kinds callers classify failures by, money, roles, the acting
// employee and versioned regulations. Every aggregate package builds on it.
// It imports nothing outside the standard library.
package domain

// Event is a fact recorded in an aggregate's stream. Implementations are
// plain structs; EventType returns the stable name stored in the event store
// ("<aggregate>.<past_tense_snake>"), which never changes once released.
type Event interface {
	EventType() string
}

// Versioned is implemented by events whose stored shape has been revised.
// Events that do not implement it are at schema version 1.
type Versioned interface {
	SchemaVersion() int
}

// SchemaVersionOf returns the schema version of e (1 unless e says otherwise).
func SchemaVersionOf(e Event) int {
	if v, ok := e.(Versioned); ok {
		return v.SchemaVersion()
	}
	return 1
}

// Fold replays events onto the zero state of S. Command handlers use it to
// rebuild an aggregate, tests use it to set up "given" history.
func Fold[S any](evolve func(S, Event) S, events ...Event) S {
	var s S
	for _, e := range events {
		s = evolve(s, e)
	}
	return s
}
