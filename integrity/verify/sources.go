package verify

import (
	"context"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/integrity"
)

// Event is an event of $all as the verifier reads it: its leaf and where
// it is.
type Event struct {
	Leaf     integrity.Leaf
	Position eventstore.Position
}

// Events is the global log being verified.
type Events interface {
	// Next returns the next events of $all in order; none at the end.
	Next(ctx context.Context) ([]Event, error)
	// Find returns the event at version of stream, if the log holds it.
	Find(ctx context.Context, stream string, version uint64) (Event, bool, error)
	// StreamEnd is the last version of stream (0: no events).
	StreamEnd(ctx context.Context, stream string) (uint64, error)
}

// SealedLeaf is a leaf as the sealer stored it: which event it is, where
// that event was, and its hashes. DataHash and EnvelopeHash may be nil
// (leaves stored before the sealer kept them).
type SealedLeaf struct {
	Index        uint64
	Position     eventstore.Position
	EventID      string
	Stream       string
	Version      uint64
	LeafHash     []byte
	DataHash     []byte
	EnvelopeHash []byte
}

// StoredCheckpoint is a checkpoint as stored: its signed note, and the
// size and root stored beside it (a bundle stores the note only, and
// gives what the note says).
type StoredCheckpoint struct {
	Size uint64
	Root []byte
	Note string
}

// Sealed is the stored tree being verified.
type Sealed interface {
	// Extent reads how many leaves are stored, then the size of the
	// newest checkpoint, in that order: a sealer commits a checkpoint with
	// its leaves, so an intact log being sealed meanwhile never has more
	// leaves than the size read after them.
	Extent(ctx context.Context) (leaves, checkpointed uint64, err error)
	// Leaves returns up to limit stored leaves from index from on, in
	// index order.
	Leaves(ctx context.Context, from uint64, limit int) ([]SealedLeaf, error)
	// FindLeaf returns the leaf sealed for version of stream.
	FindLeaf(ctx context.Context, stream string, version uint64) (SealedLeaf, bool, error)
	// LastSealedVersion is the highest version of stream sealed (0: none).
	LastSealedVersion(ctx context.Context, stream string) (uint64, error)
	// Checkpoints returns up to limit stored checkpoints of more than
	// after leaves, by size.
	Checkpoints(ctx context.Context, after uint64, limit int) ([]StoredCheckpoint, error)
}

// SealedNodes is a stored tree that keeps its nodes (the PostgreSQL
// log; a bundle does not): they are checked too.
type SealedNodes interface {
	// Nodes returns up to limit stored nodes of level (1 and up; level
	// 0 is the leaves, checked as such) from index from on, in index
	// order.
	Nodes(ctx context.Context, level uint, from uint64, limit int) ([]integrity.Node, error)
	// NodeLevel is the lowest level it stores nodes of (1 and up); the
	// nodes below are recomputed from the leaves, so the leaves check them.
	NodeLevel() uint
}

// StoreEvents reads $all from an event store, batch events at a time
// (default 5,000).
func StoreEvents(store eventstore.Store, batch int) Events {
	if batch <= 0 {
		batch = 5000
	}
	return &storeEvents{store: store, batch: batch}
}

type storeEvents struct {
	store eventstore.Store
	batch int
	from  eventstore.Position
}

func (s *storeEvents) Next(ctx context.Context) ([]Event, error) {
	recs, err := s.store.ReadAll(ctx, s.from, s.batch, eventstore.Filter{})
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	s.from = recs[len(recs)-1].Position
	leaves, err := integrity.LeavesOf(recs)
	if err != nil {
		return nil, err
	}
	out := make([]Event, len(recs))
	for i, r := range recs {
		out[i] = Event{Leaf: leaves[i], Position: r.Position}
	}
	return out, nil
}

func (s *storeEvents) Find(ctx context.Context, stream string, version uint64) (Event, bool, error) {
	recs, err := s.store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{FromVersion: version, ToVersion: version, Limit: 1})
	if err != nil || len(recs) == 0 || recs[0].StreamVersion != version {
		return Event{}, false, err
	}
	e, err := eventOf(recs[0])
	return e, err == nil, err
}

func (s *storeEvents) StreamEnd(ctx context.Context, stream string) (uint64, error) {
	recs, err := s.store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{})
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	return recs[len(recs)-1].StreamVersion, nil
}

func eventOf(r eventstore.Recorded) (Event, error) {
	leaf, err := integrity.LeafOf(r)
	return Event{Leaf: leaf, Position: r.Position}, err
}
