package integrity

import (
	"context"
	"fmt"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
)

// NodeReader returns the stored hashes of nodes, in the order asked; a
// node that is not stored is an error.
type NodeReader func(ctx context.Context, ids []compact.NodeID) ([][]byte, error)

// Inclusion is the RFC 6962 inclusion proof of leaf index in the tree of
// size leaves, read from stored nodes. It requires index < size.
func Inclusion(ctx context.Context, read NodeReader, index, size uint64) ([][]byte, error) {
	nodes, err := proof.Inclusion(index, size)
	if err != nil {
		return nil, fmt.Errorf("integrity: inclusion proof: %w", err)
	}
	return rehash(ctx, read, nodes)
}

// Consistency is the RFC 6962 consistency proof between the trees of
// from and to leaves, read from stored nodes. It requires from <= to.
func Consistency(ctx context.Context, read NodeReader, from, to uint64) ([][]byte, error) {
	nodes, err := proof.Consistency(from, to)
	if err != nil {
		return nil, fmt.Errorf("integrity: consistency proof: %w", err)
	}
	return rehash(ctx, read, nodes)
}

// rehash reads the proof's perfect-subtree nodes and folds those that
// stand for an imperfect one (the ephemeral node) into its hash.
func rehash(ctx context.Context, read NodeReader, nodes proof.Nodes) ([][]byte, error) {
	if len(nodes.IDs) == 0 {
		return [][]byte{}, nil
	}
	hashes, err := read(ctx, nodes.IDs)
	if err != nil {
		return nil, err
	}
	return nodes.Rehash(hashes, Hasher.HashChildren)
}
