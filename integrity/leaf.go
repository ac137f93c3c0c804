package integrity

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	"github.com/transparency-dev/merkle/rfc6962"

	"github.com/opsledger/opsledger/eventstore"
)

// leafTag starts every leaf, so an event's bytes can never be mistaken
// for anything else hashed under the same key, and a later encoding can
// be told apart from this one.
const leafTag = "opsledger/event/v1"

// Leaf is a stored event as the log commits to it: its envelope and body
// as the store returns them.
type Leaf struct {
	Stream        string
	StreamVersion uint64
	ID            string
	Type          string
	SchemaVersion int
	// Metadata is the envelope encoded with encoding/json
	// (eventstore.Metadata's field order and omissions). A field added to
	// eventstore.Metadata must be omitted when empty, or the events sealed
	// before it would no longer encode to their leaves.
	Metadata []byte
	// Data is the JSON body exactly as the store returns it.
	Data       []byte
	RecordedAt time.Time
}

// LeafOf is the leaf of a recorded event.
func LeafOf(r eventstore.Recorded) (Leaf, error) {
	meta, err := appendEnvelope(nil, &r.Metadata)
	if err != nil {
		return Leaf{}, fmt.Errorf("integrity: encode metadata of %s: %w", r.ID, err)
	}
	return leafWith(&r, meta), nil
}

// leafWith is the leaf of r whose envelope encodes to meta.
func leafWith(r *eventstore.Recorded, meta []byte) Leaf {
	return Leaf{Stream: r.Stream, StreamVersion: r.StreamVersion, ID: r.ID, Type: r.Type,
		SchemaVersion: r.SchemaVersion, Metadata: meta, Data: r.Data, RecordedAt: r.RecordedAt}
}

// Encode returns the leaf's canonical bytes, which the tree hashes (RFC
// 6962: SHA-256 of 0x00 and these bytes). A verifier recomputes them
// from the stored event, so the encoding is fixed:
//
//	"opsledger/event/v1"
//	string stream
//	uint64 stream version
//	string event id
//	string event type
//	int64  schema version
//	string metadata (bytes)
//	string data (bytes)
//	int64  recorded time, Unix nanoseconds (UTC)
//
// where every integer is 8 bytes big-endian and a string is its length
// as such an integer followed by its bytes.
func (l Leaf) Encode() []byte {
	return l.appendTo(make([]byte, 0, l.encodedSize()))
}

func (l *Leaf) encodedSize() int {
	return len(leafTag) + 8*8 + len(l.Stream) + len(l.ID) + len(l.Type) + len(l.Metadata) + len(l.Data)
}

func (l *Leaf) appendTo(b []byte) []byte {
	b = append(b, leafTag...)
	b = appendString(b, l.Stream)
	b = binary.BigEndian.AppendUint64(b, l.StreamVersion)
	b = appendString(b, l.ID)
	b = appendString(b, l.Type)
	b = binary.BigEndian.AppendUint64(b, uint64(int64(l.SchemaVersion)))
	b = appendBytes(b, l.Metadata)
	b = appendBytes(b, l.Data)
	return binary.BigEndian.AppendUint64(b, uint64(l.RecordedAt.UnixNano()))
}

// Hash is the leaf's hash in the tree: RFC 6962's hash of Encode's
// bytes.
func (l Leaf) Hash() []byte {
	h, _ := l.hashWith(nil)
	return h[:]
}

// hashWith is Hash with buf as the space the bytes are encoded in, which
// it returns for the next leaf: hashing one buffer at once is cheaper
// than writing the fields to the hash one by one.
func (l *Leaf) hashWith(buf []byte) ([sha256.Size]byte, []byte) {
	buf = append(buf[:0], rfc6962.RFC6962LeafHashPrefix)
	buf = l.appendTo(slices.Grow(buf, l.encodedSize()))
	return sha256.Sum256(buf), buf
}

func appendString(b []byte, s string) []byte {
	return append(binary.BigEndian.AppendUint64(b, uint64(len(s))), s...)
}

func appendBytes(b, s []byte) []byte {
	return append(binary.BigEndian.AppendUint64(b, uint64(len(s))), s...)
}

// DataHash is the SHA-256 of the body as stored. The sealer keeps it
// beside the leaf hash, so a verifier that finds a leaf changed can tell
// a changed body from a changed envelope.
func (l Leaf) DataHash() []byte {
	h := sha256.Sum256(l.Data)
	return h[:]
}

// EnvelopeHash is the SHA-256 of the envelope as the leaf encodes it.
func (l Leaf) EnvelopeHash() []byte {
	h := sha256.Sum256(l.Metadata)
	return h[:]
}
