package verify

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/opsledger/opsledger/integrity"
)

// nodeCursors reads the stored nodes level by level (from the lowest
// stored, lowest), each level in index order, as the recomputed tree
// completes them.
type nodeCursors struct {
	ctx     context.Context
	running *sync.WaitGroup
	sealed  SealedNodes
	page    int
	lowest  uint
	levels  []*pager[integrity.Node]
}

func newNodeCursors(ctx context.Context, running *sync.WaitGroup, sealed SealedNodes, page int) *nodeCursors {
	return &nodeCursors{ctx: ctx, running: running, sealed: sealed, page: page, lowest: max(1, sealed.NodeLevel())}
}

func (c *nodeCursors) level(l uint) *pager[integrity.Node] {
	for uint(len(c.levels)) <= l {
		level, next := uint(len(c.levels)), uint64(0)
		if level < c.lowest { // the leaves, checked as such, and the levels not stored
			c.levels = append(c.levels, nil)
			continue
		}
		fetch := func(ctx context.Context) ([]integrity.Node, error) {
			page, err := c.sealed.Nodes(ctx, level, next, c.page)
			if len(page) > 0 {
				next = page[len(page)-1].Index + 1
			}
			return page, err
		}
		// The lowest level has as many nodes as the levels above together
		// and is read ahead; the levels above are read when needed, so a
		// verification holds a few connections, not one a level.
		if level == c.lowest {
			c.levels = append(c.levels, prefetch(c.ctx, c.running, fetch))
		} else {
			c.levels = append(c.levels, onDemand(c.ctx, fetch))
		}
	}
	return c.levels[l]
}

// check compares the nodes a leaf completed from the lowest stored level
// up with the stored ones.
func (c *nodeCursors) check(completed []integrity.Node) (*Problem, error) {
	for _, n := range completed[1:] {
		if n.Level < c.lowest {
			continue
		}
		stored, ok, err := c.level(n.Level).next()
		if err != nil {
			return nil, fmt.Errorf("verify: read nodes: %w", err)
		}
		leaf := n.Index << n.Level
		switch {
		case !ok || stored.Index > n.Index:
			return &Problem{Kind: TreeTruncated, Index: leaf, Detail: fmt.Sprintf("node %d/%d of the tree is not stored", n.Level, n.Index)}, nil
		case stored.Index < n.Index:
			return &Problem{Kind: TreeDiffers, Index: leaf, Detail: fmt.Sprintf("node %d/%d is stored where none belongs", n.Level, stored.Index)}, nil
		case !bytes.Equal(stored.Hash, n.Hash):
			return &Problem{Kind: TreeDiffers, Index: leaf, Detail: fmt.Sprintf("node %d/%d is stored as %x, the events give %x", n.Level, n.Index, stored.Hash, n.Hash)}, nil
		}
	}
	return nil, nil
}

// leftover reports a stored node of the tree of size leaves that the
// recomputed tree lacks, on any level above the leaves read so far or the
// next (nodes a sealer added since are not the walk's concern).
func (c *nodeCursors) leftover(size uint64) (*Problem, error) {
	for l, top := c.lowest, max(c.lowest, uint(len(c.levels))); l <= top; l++ {
		stored, ok, err := c.level(l).next()
		if err != nil {
			return nil, fmt.Errorf("verify: read nodes: %w", err)
		}
		if ok && (stored.Index+1)<<l <= size {
			return &Problem{Kind: TreeDiffers, Index: stored.Index << l, Detail: fmt.Sprintf("node %d/%d is stored, but the events complete no such node", l, stored.Index)}, nil
		}
	}
	return nil, nil
}
