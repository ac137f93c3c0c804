package integrity

import "errors"

// What a log store answers with, and the bad requests it refuses.
var (
	// ErrUnknownEvent: no leaf is the event asked for.
	ErrUnknownEvent = errors.New("no event with that id in the log")
	// ErrBeyondTree: a proof asked for a tree larger than the log's
	// newest checkpoint.
	ErrBeyondTree = errors.New("tree size beyond the log")
	// ErrBadRange: sizes that make no proof (a tree of no leaves, from
	// after to, an event after the tree asked about).
	ErrBadRange = errors.New("no proof for these sizes")
	// ErrNoCheckpoint: nothing is sealed yet.
	ErrNoCheckpoint = errors.New("the log has no checkpoint yet")
	// ErrForkedCheckpoint: a checkpoint signed with the log's key that
	// is not the one the log keeps for its size (another root, or a size
	// it never signed): the key signed two histories, or was stolen.
	ErrForkedCheckpoint = errors.New("the checkpoint is signed with the log's key, but the log signed no such tree")
)

// SignedCheckpoint is a checkpoint and its signed note.
type SignedCheckpoint struct {
	Checkpoint
	Note string
	// VerifierKey is the public key that opens Note. A client pins it
	// out of band; it is served so an operator can read it.
	VerifierKey string
}

// InclusionProof proves that an event is the leaf LeafIndex of the tree
// of TreeSize leaves.
type InclusionProof struct {
	EventID       string
	Stream        string
	StreamVersion uint64
	LeafIndex     uint64
	TreeSize      uint64
	LeafHash      []byte
	Hashes        [][]byte
}

// ConsistencyProof proves that the tree of To leaves extends the tree of
// From leaves.
type ConsistencyProof struct {
	From, To uint64
	Hashes   [][]byte
}
