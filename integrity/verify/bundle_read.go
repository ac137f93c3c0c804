package verify

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/integrity"
)

// Bundle is a bundle opened for verification: its events (Events) and
// its stored tree (Sealed), read from its files as the walk goes.
type Bundle struct {
	dir      string
	Manifest BundleManifest
	events   *lineReader[bundleEvent]
	leaves   *lineReader[bundleLeaf]
}

// OpenBundle opens the bundle in dir.
func OpenBundle(dir string) (*Bundle, error) {
	b := &Bundle{dir: dir}
	raw, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	if err := json.Unmarshal(raw, &b.Manifest); err != nil {
		return nil, fmt.Errorf("bundle: %s: %w", manifestFile, err)
	}
	if b.Manifest.Format != BundleFormat {
		return nil, fmt.Errorf("bundle: format %q, not %q", b.Manifest.Format, BundleFormat)
	}
	for _, f := range []string{eventsFile, leavesFile, checkpointsFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
	}
	return b, nil
}

// Close closes the files the walk left open.
func (b *Bundle) Close() error {
	return errors.Join(b.events.close(), b.leaves.close())
}

func (b *Bundle) path(name string) string { return filepath.Join(b.dir, name) }

// Next returns the next events of the bundle.
func (b *Bundle) Next(context.Context) ([]Event, error) {
	if b.events == nil {
		b.events = &lineReader[bundleEvent]{path: b.path(eventsFile)}
	}
	lines, err := b.events.read(5000)
	if err != nil {
		return nil, err
	}
	out := make([]Event, len(lines))
	for i, l := range lines {
		if out[i], err = l.event(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (l bundleEvent) event() (Event, error) {
	pos, err := eventstore.ParsePosition(l.Position)
	if err != nil {
		return Event{}, fmt.Errorf("bundle: event %d: %w", l.Index, err)
	}
	return Event{Position: pos, Leaf: integrity.Leaf{Stream: l.Stream, StreamVersion: l.Version, ID: l.ID, Type: l.Type,
		SchemaVersion: l.SchemaVersion, Metadata: l.Metadata, Data: l.Data, RecordedAt: l.RecordedAt}}, nil
}

// Find scans the bundle's events for version of stream.
func (b *Bundle) Find(_ context.Context, stream string, version uint64) (Event, bool, error) {
	var found *bundleEvent
	err := scanLines(b.path(eventsFile), func(l bundleEvent) bool {
		if l.Stream == stream && l.Version == version {
			found = &l
		}
		return found == nil
	})
	if err != nil || found == nil {
		return Event{}, false, err
	}
	e, err := found.event()
	return e, err == nil, err
}

// StreamEnd scans the bundle's events for the last version of stream.
func (b *Bundle) StreamEnd(_ context.Context, stream string) (uint64, error) {
	var end uint64
	err := scanLines(b.path(eventsFile), func(l bundleEvent) bool {
		if l.Stream == stream {
			end = max(end, l.Version)
		}
		return true
	})
	return end, err
}

// Leaves returns the bundle's leaves from index from on; the walk asks
// for them in order, and anything else reads the file again.
func (b *Bundle) Leaves(_ context.Context, from uint64, limit int) ([]SealedLeaf, error) {
	if b.leaves == nil || from < b.leaves.next {
		_ = b.leaves.close()
		b.leaves = &lineReader[bundleLeaf]{path: b.path(leavesFile)}
	}
	var out []SealedLeaf
	for len(out) < limit {
		lines, err := b.leaves.read(limit - len(out))
		if err != nil || len(lines) == 0 {
			return out, err
		}
		for _, l := range lines {
			if l.Index < from {
				continue
			}
			leaf, err := l.sealed()
			if err != nil {
				return nil, err
			}
			out = append(out, leaf)
		}
	}
	return out, nil
}

func (l bundleLeaf) sealed() (SealedLeaf, error) {
	pos, err := eventstore.ParsePosition(l.Position)
	if err != nil {
		return SealedLeaf{}, fmt.Errorf("bundle: leaf %d: %w", l.Index, err)
	}
	return SealedLeaf{Index: l.Index, Position: pos, EventID: l.ID, Stream: l.Stream, Version: l.Version,
		LeafHash: l.LeafHash, DataHash: l.DataHash, EnvelopeHash: l.EnvelopeHash}, nil
}

// FindLeaf scans the bundle's leaves for version of stream.
func (b *Bundle) FindLeaf(_ context.Context, stream string, version uint64) (SealedLeaf, bool, error) {
	var found *bundleLeaf
	err := scanLines(b.path(leavesFile), func(l bundleLeaf) bool {
		if l.Stream == stream && l.Version == version {
			found = &l
		}
		return found == nil
	})
	if err != nil || found == nil {
		return SealedLeaf{}, false, err
	}
	leaf, err := found.sealed()
	return leaf, err == nil, err
}

// LastSealedVersion scans the bundle's leaves for the last version of
// stream.
func (b *Bundle) LastSealedVersion(_ context.Context, stream string) (uint64, error) {
	var last uint64
	err := scanLines(b.path(leavesFile), func(l bundleLeaf) bool {
		if l.Stream == stream {
			last = max(last, l.Version)
		}
		return true
	})
	return last, err
}

// Extent counts the bundle's leaves and reads its largest checkpoint.
func (b *Bundle) Extent(context.Context) (leaves, checkpointed uint64, err error) {
	err = scanLines(b.path(leavesFile), func(bundleLeaf) bool { leaves++; return true })
	if err == nil {
		err = scanLines(b.path(checkpointsFile), func(c bundleCheckpoint) bool { checkpointed = max(checkpointed, c.Size); return true })
	}
	return leaves, checkpointed, err
}

// Checkpoints returns the bundle's checkpoints of more than after leaves.
func (b *Bundle) Checkpoints(_ context.Context, after uint64, limit int) ([]StoredCheckpoint, error) {
	var out []StoredCheckpoint
	err := scanLines(b.path(checkpointsFile), func(c bundleCheckpoint) bool {
		if c.Size > after {
			out = append(out, StoredCheckpoint(c))
		}
		return len(out) < limit
	})
	return out, err
}

// lineReader reads a file of JSON lines in order, a batch at a time.
type lineReader[T any] struct {
	path string
	f    *os.File
	dec  *json.Decoder
	next uint64 // lines read
}

func (r *lineReader[T]) read(limit int) ([]T, error) {
	if r.dec == nil {
		f, err := os.Open(r.path)
		if err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		r.f, r.dec = f, json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	}
	var out []T
	for len(out) < limit {
		var v T
		err := r.dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bundle: %s line %d: %w", filepath.Base(r.path), r.next+1, err)
		}
		out = append(out, v)
		r.next++
	}
	return out, nil
}

func (r *lineReader[T]) close() error {
	if r == nil || r.f == nil {
		return nil
	}
	return r.f.Close()
}

// scanLines reads every line of a JSON-lines file through each until it
// returns false.
func scanLines[T any](path string, each func(T) bool) error {
	r := &lineReader[T]{path: path}
	defer r.close() //nolint:errcheck // read only
	for {
		lines, err := r.read(5000)
		if err != nil || len(lines) == 0 {
			return err
		}
		for _, l := range lines {
			if !each(l) {
				return nil
			}
		}
	}
}
