package integrity_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/testonly"

	"github.com/opsledger/opsledger/integrity"
)

// memTree is a tree whose appended nodes are kept in a map, as the
// PostgreSQL store keeps them in a table.
type memTree struct {
	tree  *integrity.Tree
	nodes map[compact.NodeID][]byte
	roots [][]byte // roots[n] is the root of the first n leaves
}

func newMemTree(t *testing.T) *memTree {
	t.Helper()
	tree, err := integrity.NewTree(0, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := &memTree{tree: tree, nodes: map[compact.NodeID][]byte{}}
	m.roots = append(m.roots, m.root(t))
	return m
}

func (m *memTree) append(t *testing.T, leaf []byte) {
	t.Helper()
	nodes, err := m.tree.Append(integrity.Hasher.HashLeaf(leaf))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		if _, dup := m.nodes[n.ID()]; dup {
			t.Fatalf("node %v reported twice", n.ID())
		}
		m.nodes[n.ID()] = n.Hash
	}
	m.roots = append(m.roots, m.root(t))
}

func (m *memTree) root(t *testing.T) []byte {
	t.Helper()
	r, err := m.tree.Root()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (m *memTree) read(_ context.Context, ids []compact.NodeID) ([][]byte, error) {
	out := make([][]byte, len(ids))
	for i, id := range ids {
		h, ok := m.nodes[id]
		if !ok {
			return nil, fmt.Errorf("node %v not stored", id)
		}
		out[i] = h
	}
	return out, nil
}

// The tree's roots are RFC 6962's: the published test vectors.
func TestTreeRootsAreRFC6962(t *testing.T) {
	m := newMemTree(t)
	if !bytes.Equal(m.roots[0], testonly.EmptyRootHash()) {
		t.Fatalf("empty root = %x, want %x", m.roots[0], testonly.EmptyRootHash())
	}
	for i, leaf := range testonly.LeafInputs() {
		m.append(t, leaf)
		if want := testonly.RootHashes()[i+1]; !bytes.Equal(m.roots[i+1], want) {
			t.Fatalf("root of %d leaves = %x, want %x", i+1, m.roots[i+1], want)
		}
	}
}

// A tree rebuilt from its edge nodes goes on exactly as the one that
// never stopped: the sealer resumes from the stored nodes.
func TestTreeResumesFromItsEdge(t *testing.T) {
	m := newMemTree(t)
	for i := range 13 {
		m.append(t, fmt.Appendf(nil, "leaf %d", i))
	}
	edge, err := m.read(context.Background(), integrity.EdgeIDs(13))
	if err != nil {
		t.Fatal(err)
	}
	resumed, err := integrity.NewTree(13, edge)
	if err != nil {
		t.Fatal(err)
	}
	for i := 13; i < 21; i++ {
		m.append(t, fmt.Appendf(nil, "leaf %d", i))
		if _, err := resumed.Append(integrity.Hasher.HashLeaf(fmt.Appendf(nil, "leaf %d", i))); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := resumed.Root()
	if !bytes.Equal(got, m.roots[21]) {
		t.Fatalf("resumed root = %x, want %x", got, m.roots[21])
	}
	if _, err := integrity.NewTree(13, edge[1:]); err == nil {
		t.Fatal("a tree with too few edge nodes was accepted")
	}
}

// Every inclusion and consistency proof built from the stored nodes
// passes merkle's own verifier, and a proof against another root fails.
func TestProofsPassMerklesVerifier(t *testing.T) {
	ctx := context.Background()
	m := newMemTree(t)
	const n = 37
	for i := range n {
		m.append(t, fmt.Appendf(nil, "event %d", i))
	}
	for size := uint64(1); size <= n; size++ {
		for index := range size {
			p, err := integrity.Inclusion(ctx, m.read, index, size)
			if err != nil {
				t.Fatalf("inclusion %d in %d: %v", index, size, err)
			}
			leaf := integrity.Hasher.HashLeaf(fmt.Appendf(nil, "event %d", index))
			if err := proof.VerifyInclusion(integrity.Hasher, index, size, leaf, p, m.roots[size]); err != nil {
				t.Fatalf("inclusion %d in %d: %v", index, size, err)
			}
			if size > 1 && proof.VerifyInclusion(integrity.Hasher, index, size, leaf, p, m.roots[size-1]) == nil {
				t.Fatalf("inclusion %d in %d verified against the root of %d", index, size, size-1)
			}
		}
		for from := uint64(0); from <= size; from++ {
			p, err := integrity.Consistency(ctx, m.read, from, size)
			if err != nil {
				t.Fatalf("consistency %d..%d: %v", from, size, err)
			}
			if err := proof.VerifyConsistency(integrity.Hasher, from, size, p, m.roots[from], m.roots[size]); err != nil {
				t.Fatalf("consistency %d..%d: %v", from, size, err)
			}
		}
	}
}

func TestProofsRefuseImpossibleSizes(t *testing.T) {
	ctx := context.Background()
	m := newMemTree(t)
	m.append(t, []byte("a"))
	if _, err := integrity.Inclusion(ctx, m.read, 1, 1); err == nil {
		t.Error("inclusion of leaf 1 in a tree of 1 was built")
	}
	if _, err := integrity.Consistency(ctx, m.read, 2, 1); err == nil {
		t.Error("consistency from 2 to 1 was built")
	}
}

// A node recomputed from its leaves is the node the tree completed.
func TestSubtreeRootIsTheStoredNode(t *testing.T) {
	m := newMemTree(t)
	var leaves [][]byte
	for i := range 32 {
		leaf := []byte(fmt.Sprint("leaf ", i))
		m.append(t, leaf)
		leaves = append(leaves, integrity.Hasher.HashLeaf(leaf))
	}
	for _, id := range []compact.NodeID{compact.NewNodeID(0, 5), compact.NewNodeID(1, 3), compact.NewNodeID(3, 2), compact.NewNodeID(5, 0)} {
		from := id.Index << id.Level
		root, err := integrity.SubtreeRoot(leaves[from : from+1<<id.Level])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(root, m.nodes[id]) {
			t.Fatalf("node %d/%d recomputed as %x, completed as %x", id.Level, id.Index, root, m.nodes[id])
		}
	}
	if _, err := integrity.SubtreeRoot(leaves[:3]); err == nil {
		t.Fatal("three leaves made a perfect subtree")
	}
}
