package verify

import (
	"bytes"
	"context"
	"fmt"
)

// compareLeaf compares the event at index with the leaf sealed there:
// the same event (stream and version), and the same bytes.
func (w *walk) compareLeaf(ctx context.Context, index uint64, e Event, hash []byte, stored SealedLeaf) (*Problem, error) {
	if stored.Index != index {
		return &Problem{Kind: TreeTruncated, Index: index, Stream: e.Leaf.Stream, Version: e.Leaf.StreamVersion, EventID: e.Leaf.ID,
			Position: e.Position, Detail: fmt.Sprintf("the stored leaves skip from %d to %d", index, stored.Index)}, nil
	}
	if stored.Stream != e.Leaf.Stream || stored.Version != e.Leaf.StreamVersion {
		return w.misplaced(ctx, index, e, stored)
	}
	if bytes.Equal(stored.LeafHash, hash) {
		if stored.EventID != e.Leaf.ID {
			return changed(index, e, TreeDiffers, fmt.Sprintf("the stored leaf names event %s", stored.EventID)), nil
		}
		return nil, nil
	}
	return changedBytes(index, e, stored), nil
}

// changedBytes says which part of the event is not as sealed.
func changedBytes(index uint64, e Event, stored SealedLeaf) *Problem {
	if stored.DataHash == nil || stored.EnvelopeHash == nil {
		return changed(index, e, EventChanged, "its canonical bytes (body or envelope) are not the ones sealed")
	}
	body := !bytes.Equal(stored.DataHash, e.Leaf.DataHash())
	envelope := !bytes.Equal(stored.EnvelopeHash, e.Leaf.EnvelopeHash())
	switch {
	case body && envelope:
		return changed(index, e, BodyChanged, "its body is not the one sealed, nor is its envelope")
	case body:
		return changed(index, e, BodyChanged, "its body is not the one sealed")
	case envelope:
		return changed(index, e, EnvelopeChanged, "its envelope is not the one sealed")
	case stored.EventID != e.Leaf.ID:
		return changed(index, e, EventChanged, fmt.Sprintf("its id is not the one sealed (%s)", stored.EventID))
	}
	return changed(index, e, EventChanged, "its type, schema version or recorded time is not the one sealed, or its stored leaf hash was changed")
}

func changed(index uint64, e Event, kind Kind, detail string) *Problem {
	return &Problem{Kind: kind, Index: index, Stream: e.Leaf.Stream, Version: e.Leaf.StreamVersion, EventID: e.Leaf.ID,
		Position: e.Position, Detail: detail}
}

// misplaced explains why the event at index is not the one sealed there:
// it was never sealed (forged), the sealed one is gone (deleted), or both
// are in the log at other places (out of order).
func (w *walk) misplaced(ctx context.Context, index uint64, e Event, stored SealedLeaf) (*Problem, error) {
	own, sealed, err := w.sealed.FindLeaf(ctx, e.Leaf.Stream, e.Leaf.StreamVersion)
	if err != nil {
		return nil, fmt.Errorf("verify: find leaf: %w", err)
	}
	if !sealed {
		return changed(index, e, ForgedEvent, fmt.Sprintf(
			"this event was never sealed, yet it stands inside the sealed log, where leaf %d is %s version %d", index, stored.Stream, stored.Version)), nil
	}
	if _, found, err := w.events.Find(ctx, stored.Stream, stored.Version); err != nil || !found {
		if err != nil {
			return nil, fmt.Errorf("verify: find event: %w", err)
		}
		return w.missing(ctx, index, stored)
	}
	return changed(index, e, OutOfOrder, fmt.Sprintf(
		"this event was sealed as leaf %d, but the store has it where leaf %d (%s version %d) was sealed", own.Index, index, stored.Stream, stored.Version)), nil
}

// missing names a sealed event the store no longer has: deleted alone,
// or with the rest of its stream.
func (w *walk) missing(ctx context.Context, index uint64, stored SealedLeaf) (*Problem, error) {
	p := &Problem{Kind: MissingEvent, Index: index, Stream: stored.Stream, Version: stored.Version, EventID: stored.EventID, Position: stored.Position}
	if _, found, err := w.events.Find(ctx, stored.Stream, stored.Version); err != nil || found {
		if found {
			p.Kind, p.Detail = OutOfOrder, fmt.Sprintf("the store has this event after the end of the log it was sealed in (%d events)", index)
		}
		return p, err
	}
	end, err := w.events.StreamEnd(ctx, stored.Stream)
	if err != nil {
		return nil, fmt.Errorf("verify: read stream end: %w", err)
	}
	last, err := w.sealed.LastSealedVersion(ctx, stored.Stream)
	if err != nil {
		return nil, fmt.Errorf("verify: read last sealed version: %w", err)
	}
	if end < stored.Version {
		p.Kind = StreamTailDeleted
		p.Detail = fmt.Sprintf("the stream ends at version %d in the store, but versions up to %d were sealed", end, last)
		return p, nil
	}
	p.Detail = fmt.Sprintf("the event sealed as leaf %d is not in the store (the stream has versions up to %d)", index, end)
	return p, nil
}
