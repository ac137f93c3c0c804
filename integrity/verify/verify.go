package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/opsledger/opsledger/integrity"
)

// Options tune a verification.
type Options struct {
	// PublicKey is the log's verifier key ("name+hash+key"), which every
	// stored checkpoint must open with. Required.
	PublicKey string
	// Progress, when set, is told how many events were checked, after
	// each batch.
	Progress func(events uint64)
	// Page is how many leaves, nodes or checkpoints are read at a time
	// (default 10,000).
	Page int
}

// Verify recomputes the tree from events and checks it against sealed:
// every leaf (which event, and its hash), every stored node when sealed
// keeps them, and every checkpoint (signature, size, root). The report
// names the first problem found; the error is for a failure to read.
func Verify(ctx context.Context, events Events, sealed Sealed, opts Options) (Report, error) {
	if opts.PublicKey == "" {
		return Report{}, errors.New("verify: no public key to open the checkpoints with")
	}
	if _, err := integrity.OpenCheckpoint(nil, opts.PublicKey); err != nil && !errors.Is(err, integrity.ErrMalformedCheckpoint) {
		return Report{}, fmt.Errorf("verify: public key %q: %w", opts.PublicKey, err)
	}
	if opts.Page <= 0 {
		opts.Page = 10000
	}
	ctx, cancel := context.WithCancel(ctx)
	var running sync.WaitGroup
	defer running.Wait() // no read of events or sealed outlives the call
	defer cancel()
	w, err := newWalk(ctx, &running, events, sealed, opts)
	if err != nil {
		return Report{}, err
	}
	return w.run(ctx)
}

// walk is one verification: the tree recomputed so far and the cursors
// over what is stored.
type walk struct {
	events      Events
	sealed      Sealed
	opts        Options
	tree        *integrity.Tree
	eventPages  *pager[Event]
	leaves      *pager[SealedLeaf]
	checkpoints *pager[StoredCheckpoint]
	nodes       *nodeCursors // nil when sealed keeps no nodes
	// sealedSize is the newest checkpoint's size when the walk started:
	// the tree it checks.
	sealedSize uint64
	report     Report
}

func newWalk(ctx context.Context, running *sync.WaitGroup, events Events, sealed Sealed, opts Options) (*walk, error) {
	tree, err := integrity.NewTree(0, nil)
	if err != nil {
		return nil, err
	}
	w := &walk{events: events, sealed: sealed, opts: opts, tree: tree}
	leaves, sealedSize, err := sealed.Extent(ctx)
	if err != nil {
		return nil, fmt.Errorf("verify: read the sealed extent: %w", err)
	}
	w.sealedSize = sealedSize
	if leaves > sealedSize {
		w.report.Problem = &Problem{Kind: BadCheckpoint, Index: sealedSize, Detail: fmt.Sprintf(
			"%d leaves are stored, but the newest checkpoint covers %d: checkpoints were deleted", leaves, sealedSize)}
	}
	// The walk checks the tree as it was when it started: a sealer running
	// meanwhile adds leaves and checkpoints it leaves alone.
	w.eventPages = prefetch(ctx, running, events.Next)
	var nextLeaf uint64
	w.leaves = prefetch(ctx, running, func(ctx context.Context) ([]SealedLeaf, error) {
		page, err := sealed.Leaves(ctx, nextLeaf, opts.Page)
		page = slices.DeleteFunc(page, func(l SealedLeaf) bool { return l.Index >= sealedSize })
		if len(page) > 0 {
			nextLeaf = page[len(page)-1].Index + 1
		}
		return page, err
	})
	var afterSize uint64
	w.checkpoints = prefetch(ctx, running, func(ctx context.Context) ([]StoredCheckpoint, error) {
		page, err := sealed.Checkpoints(ctx, afterSize, opts.Page)
		page = slices.DeleteFunc(page, func(c StoredCheckpoint) bool { return c.Size > sealedSize })
		if len(page) > 0 {
			afterSize = page[len(page)-1].Size
		}
		return page, err
	})
	if n, ok := sealed.(SealedNodes); ok {
		w.nodes = newNodeCursors(ctx, running, n, opts.Page)
	}
	return w, nil
}

func (w *walk) run(ctx context.Context) (Report, error) {
	if w.report.Problem != nil {
		return w.report, nil
	}
	if err := w.checkDueCheckpoints(); err != nil || w.report.Problem != nil {
		return w.report, err
	}
	for {
		batch, ok, err := w.eventPages.takeBatch()
		if err != nil {
			return w.report, fmt.Errorf("verify: read events: %w", err)
		}
		if !ok {
			return w.finish(ctx)
		}
		hashes := hashBatch(batch)
		for i, e := range batch {
			if err := w.check(ctx, e, hashes[i]); err != nil || w.report.Problem != nil {
				return w.report, err
			}
		}
		if w.opts.Progress != nil {
			w.opts.Progress(w.report.Events)
		}
	}
}

// check checks the next event: against the leaf sealed at its place,
// then the nodes it completes and the checkpoints of the tree it ends.
func (w *walk) check(ctx context.Context, e Event, hash []byte) error {
	index := w.tree.Size()
	stored, sealedHere, err := w.leaves.next()
	if err != nil {
		return fmt.Errorf("verify: read leaves: %w", err)
	}
	if sealedHere {
		if p, err := w.compareLeaf(ctx, index, e, hash, stored); err != nil || p != nil {
			w.report.Problem = p
			return err
		}
	}
	completed, err := w.tree.Append(hash)
	if err != nil {
		return fmt.Errorf("verify: append leaf %d: %w", index, err)
	}
	w.report.Events++
	if sealedHere && w.nodes != nil {
		if p, err := w.nodes.check(completed); err != nil || p != nil {
			w.report.Problem = p
			return err
		}
	}
	if !sealedHere {
		if cp, covered, err := w.checkpoints.peek(); err != nil || covered {
			w.report.Problem = &Problem{Kind: TreeTruncated, Index: index, Stream: e.Leaf.Stream, Version: e.Leaf.StreamVersion,
				EventID: e.Leaf.ID, Position: e.Position, Detail: fmt.Sprintf("no leaf is stored for this event, yet a checkpoint of %d leaves covers it", cp.Size)}
			return err
		}
		w.report.Unsealed++
	}
	return w.checkDueCheckpoints()
}

// hashBatch hashes a batch's leaves on every CPU, before the walk checks
// them one by one.
func hashBatch(batch []Event) [][]byte {
	leaves := make([]integrity.Leaf, len(batch))
	for i := range batch {
		leaves[i] = batch[i].Leaf
	}
	return integrity.HashLeaves(leaves)
}

// checkDueCheckpoints checks the stored checkpoints of the tree as it is
// now.
func (w *walk) checkDueCheckpoints() error {
	for {
		cp, ok, err := w.checkpoints.peek()
		if err != nil {
			return fmt.Errorf("verify: read checkpoints: %w", err)
		}
		if !ok || cp.Size > w.tree.Size() {
			return nil
		}
		w.checkpoints.next() //nolint:errcheck // peeked
		if p := w.checkCheckpoint(cp); p != nil {
			w.report.Problem = p
			return nil
		}
	}
}

func (w *walk) checkCheckpoint(cp StoredCheckpoint) *Problem {
	bad := func(detail string) *Problem {
		return &Problem{Kind: BadCheckpoint, Index: cp.Size, Detail: fmt.Sprintf("checkpoint of %d leaves: %s", cp.Size, detail)}
	}
	c, err := integrity.OpenCheckpoint([]byte(cp.Note), w.opts.PublicKey)
	if err != nil {
		return bad(fmt.Sprintf("its note does not open with the public key %s: %v", w.opts.PublicKey, err))
	}
	if c.Size != cp.Size || !bytes.Equal(c.Root, cp.Root) {
		return bad(fmt.Sprintf("stored as size %d root %x, but signed for size %d root %x", cp.Size, cp.Root, c.Size, c.Root))
	}
	if cp.Size < w.tree.Size() {
		return bad(fmt.Sprintf("it was found out of order, after the checkpoint of %d leaves", w.tree.Size()))
	}
	root, err := w.tree.Root()
	if err != nil {
		return bad(err.Error())
	}
	if !bytes.Equal(root, c.Root) {
		return &Problem{Kind: RootDiffers, Index: cp.Size, Detail: fmt.Sprintf(
			"the checkpoint of %d leaves signs root %x, the events give %x: an event before leaf %d is not the one sealed, though its stored leaf was changed to match", cp.Size, c.Root, root, cp.Size)}
	}
	w.report.Checkpoints++
	w.report.Sealed, w.report.Root = cp.Size, root
	return nil
}

// finish checks what is stored beyond the last event: leaves without
// their events, checkpoints of a longer log, nodes of no leaf.
func (w *walk) finish(ctx context.Context) (Report, error) {
	index := w.tree.Size()
	if stored, ok, err := w.leaves.next(); err != nil || ok {
		if err == nil {
			w.report.Problem, err = w.missing(ctx, index, stored)
		}
		return w.report, err
	}
	if cp, ok, err := w.checkpoints.next(); err != nil || ok {
		if ok {
			w.report.Problem = &Problem{Kind: LogTruncated, Index: index, Detail: fmt.Sprintf(
				"the store has %d events, a checkpoint covers %d, and no leaf is stored for the missing ones", index, cp.Size)}
		}
		return w.report, err
	}
	if w.nodes != nil {
		p, err := w.nodes.leftover(w.sealedSize)
		w.report.Problem = p
		return w.report, err
	}
	return w.report, nil
}
