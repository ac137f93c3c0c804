package verify

import (
	"fmt"

	"github.com/opsledger/opsledger/eventstore"
)

// Kind says what is wrong.
type Kind string

// What a verification can find.
const (
	// BodyChanged: the event's body is not the one sealed.
	BodyChanged Kind = "body changed"
	// EnvelopeChanged: the event's envelope (actor, reason, times …) is
	// not the one sealed.
	EnvelopeChanged Kind = "envelope changed"
	// EventChanged: the event's id, type, schema version or recorded
	// time is not the one sealed.
	EventChanged Kind = "event changed"
	// MissingEvent: a sealed event is no longer in the store.
	MissingEvent Kind = "missing event"
	// StreamTailDeleted: a stream ends before the last version sealed.
	StreamTailDeleted Kind = "stream tail deleted"
	// OutOfOrder: the store holds a sealed event at another place in
	// $all than the one sealed (events swapped or moved).
	OutOfOrder Kind = "out of order"
	// ForgedEvent: the store holds, inside the sealed part of $all, an
	// event that was never sealed.
	ForgedEvent Kind = "forged event"
	// TreeTruncated: leaves or nodes a checkpoint covers are not stored.
	TreeTruncated Kind = "tree truncated"
	// TreeDiffers: a stored leaf or node is not the one the events give.
	TreeDiffers Kind = "tree differs"
	// BadCheckpoint: a stored checkpoint does not open with the public
	// key, or its stored size or root are not its signed ones.
	BadCheckpoint Kind = "bad checkpoint"
	// RootDiffers: a checkpoint's signed root is not the root of the
	// tree recomputed from the events.
	RootDiffers Kind = "root differs"
	// LogTruncated: a checkpoint covers more events than the store has.
	LogTruncated Kind = "log truncated"
)

// Problem is the first thing found wrong. Index is the leaf (the place
// in $all) it was found at; Stream, Version, EventID and Position name
// the event concerned when there is one.
type Problem struct {
	Kind     Kind
	Index    uint64
	Stream   string
	Version  uint64
	EventID  string
	Position eventstore.Position
	// Detail says what was found, in words.
	Detail string
}

func (p Problem) String() string {
	s := fmt.Sprintf("%s at leaf %d", p.Kind, p.Index)
	if p.Stream != "" {
		s += fmt.Sprintf(": stream %s version %d", p.Stream, p.Version)
		if p.EventID != "" {
			s += " (event " + p.EventID
			if !p.Position.IsStart() {
				s += ", position " + p.Position.String()
			}
			s += ")"
		}
	}
	if p.Detail != "" {
		s += ": " + p.Detail
	}
	return s
}

// Report is the outcome of a verification.
type Report struct {
	// Events counts the events read from the store (up to the first
	// problem); Sealed the leaves the newest checkpoint covers;
	// Checkpoints the checkpoints checked.
	Events, Sealed, Checkpoints uint64
	// Unsealed counts events after the newest checkpoint's tree: not a
	// fault (the sealer follows the log), but not proven either.
	Unsealed uint64
	// Root is the root of the tree of the newest checkpoint, recomputed.
	Root []byte
	// Problem is the first thing found wrong; nil when the log is intact.
	Problem *Problem
}

// OK reports whether nothing was found wrong.
func (r Report) OK() bool { return r.Problem == nil }
