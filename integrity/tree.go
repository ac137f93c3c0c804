package integrity

import (
	"fmt"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/rfc6962"
)

// Hasher hashes leaves and nodes as RFC 6962 says (SHA-256).
var Hasher = rfc6962.DefaultHasher

var rangeFactory = &compact.RangeFactory{Hash: Hasher.HashChildren}

// Node is a stored node of the tree: the root of the perfect subtree
// over leaves [Index·2^Level, (Index+1)·2^Level). Level 0 are the leaves.
type Node struct {
	Level uint
	Index uint64
	Hash  []byte
}

// ID is the node's position as merkle's packages name it.
func (n Node) ID() compact.NodeID { return compact.NewNodeID(n.Level, n.Index) }

// Tree is the right edge of the log's tree (a compact range from leaf
// 0): enough to append leaves and compute the root without reading the
// leaves before.
type Tree struct {
	r *compact.Range
	// added and record collect the nodes an Append completes, made once
	// rather than for every leaf.
	added  []Node
	record func(compact.NodeID, []byte)
}

// EdgeIDs are the nodes a Tree of size leaves is made of, left to right.
func EdgeIDs(size uint64) []compact.NodeID { return compact.RangeNodes(0, size, nil) }

// NewTree is the tree of size leaves whose edge nodes (EdgeIDs(size)) have
// hashes.
func NewTree(size uint64, hashes [][]byte) (*Tree, error) {
	r, err := rangeFactory.NewRange(0, size, hashes)
	if err != nil {
		return nil, fmt.Errorf("integrity: tree of %d leaves: %w", size, err)
	}
	t := &Tree{r: r}
	t.record = func(id compact.NodeID, hash []byte) {
		t.added = append(t.added, Node{Level: id.Level, Index: id.Index, Hash: hash})
	}
	return t, nil
}

// Size is the number of leaves.
func (t *Tree) Size() uint64 { return t.r.End() }

// Append adds a leaf hash and returns the nodes it completes, the leaf
// first: each is stored once and never changes. The returned slice is
// the tree's own, valid until the next Append (the nodes' hashes stay
// valid).
func (t *Tree) Append(leafHash []byte) ([]Node, error) {
	t.added = t.added[:0]
	err := t.r.Append(leafHash, t.record)
	return t.added, err
}

// Root is the tree's root hash (RFC 6962's hash of the empty string for
// an empty tree).
func (t *Tree) Root() ([]byte, error) {
	if t.Size() == 0 {
		return Hasher.EmptyRoot(), nil
	}
	return t.r.GetRootHash(nil)
}

// SubtreeRoot is the root of the perfect subtree over leafHashes (a power
// of two of them): a node a log need not store, recomputed from its
// leaves.
func SubtreeRoot(leafHashes [][]byte) ([]byte, error) {
	r := rangeFactory.NewEmptyRange(0)
	for _, h := range leafHashes {
		if err := r.Append(h, nil); err != nil {
			return nil, fmt.Errorf("integrity: subtree root: %w", err)
		}
	}
	if n := uint64(len(leafHashes)); n == 0 || n&(n-1) != 0 {
		return nil, fmt.Errorf("integrity: %d leaves make no perfect subtree", n)
	}
	return r.GetRootHash(nil)
}
