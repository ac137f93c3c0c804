package verify

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// A bundle is the sealed log exported to a directory, checked offline
// with the public key alone (VerifyBundle). It holds the events of the
// newest checkpoint's tree, the leaves as sealed, and every checkpoint
// of that tree, as JSON lines:
//
//	bundle.json         BundleManifest
//	events.ndjson       one bundleEvent a line, in $all order
//	leaves.ndjson       one bundleLeaf a line, in leaf order
//	checkpoints.ndjson  one bundleCheckpoint a line, by size
//
// An event's leaf is recomputed from its line, so the line keeps the
// event's bytes exactly: the envelope as the leaf encodes it (JSON) and
// the body as stored (base64).
const BundleFormat = "opsledger-log-bundle/1"

// The files of a bundle.
const (
	manifestFile    = "bundle.json"
	eventsFile      = "events.ndjson"
	leavesFile      = "leaves.ndjson"
	checkpointsFile = "checkpoints.ndjson"
)

// BundleManifest describes a bundle.
type BundleManifest struct {
	Format string `json:"format"`
	// VerifierKey is the key the log's checkpoints open with. A verifier
	// pins the log's key out of band; this one is for reading.
	VerifierKey string    `json:"verifier_key"`
	Size        uint64    `json:"size"`
	Checkpoints uint64    `json:"checkpoints"`
	WrittenAt   time.Time `json:"written_at"`
}

type bundleEvent struct {
	Index         uint64          `json:"index"`
	Position      string          `json:"position"`
	Stream        string          `json:"stream"`
	Version       uint64          `json:"version"`
	ID            string          `json:"id"`
	Type          string          `json:"type"`
	SchemaVersion int             `json:"schema_version"`
	RecordedAt    time.Time       `json:"recorded_at"`
	Metadata      json.RawMessage `json:"metadata"`
	Data          []byte          `json:"data"`
}

type bundleLeaf struct {
	Index        uint64 `json:"index"`
	Position     string `json:"position"`
	Stream       string `json:"stream"`
	Version      uint64 `json:"version"`
	ID           string `json:"id"`
	LeafHash     []byte `json:"leaf_hash"`
	DataHash     []byte `json:"data_hash,omitempty"`
	EnvelopeHash []byte `json:"envelope_hash,omitempty"`
}

type bundleCheckpoint struct {
	Size uint64 `json:"size"`
	Root []byte `json:"root"`
	Note string `json:"note"`
}

// WriteBundle exports the newest checkpoint's tree to dir (made if
// missing; it must hold no bundle yet): its events read from events, its
// leaves and checkpoints from sealed. It returns the manifest.
func WriteBundle(ctx context.Context, dir string, events Events, sealed Sealed, verifierKey string, now time.Time) (BundleManifest, error) {
	m := BundleManifest{Format: BundleFormat, VerifierKey: verifierKey, WrittenAt: now.UTC()}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return m, fmt.Errorf("bundle: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, manifestFile)); err == nil {
		return m, fmt.Errorf("bundle: %s already holds a bundle", dir)
	}
	cps, err := allCheckpoints(ctx, sealed)
	if err != nil {
		return m, err
	}
	if len(cps) > 0 {
		m.Size, m.Checkpoints = cps[len(cps)-1].Size, uint64(len(cps))
	}
	err = writeLines(filepath.Join(dir, checkpointsFile), func(enc *json.Encoder) error {
		for _, c := range cps {
			if err := enc.Encode(bundleCheckpoint(c)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = writeLines(filepath.Join(dir, leavesFile), func(enc *json.Encoder) error { return writeLeaves(ctx, enc, sealed, m.Size) })
	}
	if err == nil {
		err = writeLines(filepath.Join(dir, eventsFile), func(enc *json.Encoder) error { return writeEvents(ctx, enc, events, m.Size) })
	}
	if err == nil {
		err = writeLines(filepath.Join(dir, manifestFile), func(enc *json.Encoder) error { return enc.Encode(m) })
	}
	return m, err
}

func allCheckpoints(ctx context.Context, sealed Sealed) ([]StoredCheckpoint, error) {
	var all []StoredCheckpoint
	for {
		var after uint64
		if len(all) > 0 {
			after = all[len(all)-1].Size
		}
		page, err := sealed.Checkpoints(ctx, after, 10000)
		if err != nil || len(page) == 0 {
			return all, err
		}
		all = append(all, page...)
	}
}

func writeLeaves(ctx context.Context, enc *json.Encoder, sealed Sealed, size uint64) error {
	for next := uint64(0); next < size; {
		page, err := sealed.Leaves(ctx, next, int(min(10000, size-next)))
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return fmt.Errorf("bundle: the stored tree ends at leaf %d, its newest checkpoint has %d", next, size)
		}
		for _, l := range page {
			line := bundleLeaf{Index: l.Index, Position: l.Position.String(), Stream: l.Stream, Version: l.Version, ID: l.EventID,
				LeafHash: l.LeafHash, DataHash: l.DataHash, EnvelopeHash: l.EnvelopeHash}
			if err := enc.Encode(line); err != nil {
				return err
			}
		}
		next = page[len(page)-1].Index + 1
	}
	return nil
}

func writeEvents(ctx context.Context, enc *json.Encoder, events Events, size uint64) error {
	for index := uint64(0); index < size; {
		batch, err := events.Next(ctx)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return fmt.Errorf("bundle: the store has %d events, the newest checkpoint %d", index, size)
		}
		for _, e := range batch[:min(uint64(len(batch)), size-index)] {
			l := e.Leaf
			line := bundleEvent{Index: index, Position: e.Position.String(), Stream: l.Stream, Version: l.StreamVersion, ID: l.ID,
				Type: l.Type, SchemaVersion: l.SchemaVersion, RecordedAt: l.RecordedAt, Metadata: l.Metadata, Data: l.Data}
			if err := enc.Encode(line); err != nil {
				return err
			}
			index++
		}
	}
	return nil
}

// writeLines writes a file of JSON lines through write.
func writeLines(path string, write func(*json.Encoder) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := write(enc); err != nil {
		return fmt.Errorf("bundle: write %s: %w", filepath.Base(path), err)
	}
	return w.Flush()
}
