// Package snapshots is the port to where folded aggregate states are kept
// so that loading a long stream costs the events after the snapshot, not
// the whole history (issue 15, "cost flat in history"). Snapshots are an
// optimisation only: a missing, unreadable or incompatible snapshot is
// ignored and the stream read from the start, so deleting every snapshot
// changes no answer, only speed. Adapters: postgres (kept in PostgreSQL
// beside either event store) and memory (tests).
package snapshots

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Snapshot is the state of one stream folded up to Version.
type Snapshot struct {
	Stream string
	// Schema names the state's encoding and fold ("customer.Customer/1":
	// the state's name and its version, see ParseSchema): a snapshot is
	// used only by code whose schema is the same, so a change of the
	// state's shape or of its Evolve never folds onto a state another
	// version of the code wrote.
	Schema string
	// Version is the stream version the state reflects.
	Version uint64
	// RecordedUntil is when the event at Version was recorded: the
	// snapshot is the stream as it was known at that time, which as-of
	// reads use (LoadAsOf).
	RecordedUntil time.Time
	// State is the encoded state, opaque to the store.
	State []byte
}

// Bound limits which snapshot Load may return. The zero value takes the
// newest.
type Bound struct {
	// MaxVersion, when not zero, takes a snapshot at or before it.
	MaxVersion uint64
	// RecordedUntil, when set, takes a snapshot of the stream as known at
	// or before it.
	RecordedUntil time.Time
}

// Admits reports whether s lies within b.
func (b Bound) Admits(s Snapshot) bool {
	if b.MaxVersion != 0 && s.Version > b.MaxVersion {
		return false
	}
	return b.RecordedUntil.IsZero() || !s.RecordedUntil.After(b.RecordedUntil)
}

// Store keeps snapshots.
type Store interface {
	// Load returns the newest snapshot of stream under schema within b;
	// ok is false when there is none.
	Load(ctx context.Context, stream, schema string, b Bound) (s Snapshot, ok bool, err error)
	// Save keeps s. Saving a snapshot the store holds already (same
	// stream, schema and version) is harmless. A store may forget older
	// snapshots of a stream (it keeps at least the newest Keep), and
	// those the snapshot supersedes: of the same stream and state name
	// under a lower schema version, which no code that writes s's schema
	// reads. It never forgets those under a higher version (newer code,
	// during a rolling upgrade) nor another name.
	Save(ctx context.Context, s Snapshot) error
}

// ParseSchema splits a schema "name/version" into its state's name and
// version; ok is false for a schema of another form, which supersedes
// none.
func ParseSchema(schema string) (name string, version int64, ok bool) {
	i := strings.LastIndexByte(schema, '/')
	if i <= 0 {
		return "", 0, false
	}
	digits := schema[i+1:]
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", 0, false
	}
	version, err := strconv.ParseInt(digits, 10, 64)
	if err != nil { // too many digits
		return "", 0, false
	}
	return schema[:i], version, true
}

// Keep is how many snapshots per stream and schema a store keeps at
// least: the newest serves the current state, the older ones as-of reads
// of the recent past.
const Keep = 3
