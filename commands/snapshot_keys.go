package commands

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/opsledger/opsledger/eventstore"
)

// A snapshot carries the idempotency keys its aggregate keeps (those of
// the window, see keyWindow: a replay must find a key whether the
// aggregate came from a snapshot or a full read); older code kept every
// key of the stream, so a snapshot grew with the stream's commands. Its
// envelope is therefore binary, the keys packed (see packKeys): older
// code wrote a JSON object with the keys as an object of objects, and
// 10,000 keys took tens of milliseconds to build and encode on the
// command that offered the snapshot and to decode on the cache miss
// that loaded it (a megabyte of JSON, a position string per key);
// wrapping the packed keys in JSON (a base64 string) still cost most of
// the decoding in scanning the string.
//
// The binary envelope starts with envelopeBinary, which is not JSON:
// older code fails to decode it and ignores the snapshot (reading the
// stream from the start), rather than taking it for a snapshot without
// keys and missing a replay. This code reads both envelopes.

// envelopeBinary is the first byte of a binary snapshot envelope:
// envelopeBinary, then the event id and the state (each its length as an
// unsigned varint, then its bytes), the number of keys (a varint) and
// the packed keys.
const envelopeBinary = 0x02

// encodeEnvelope is the binary envelope of a snapshot.
func encodeEnvelope(eventID string, state []byte, keyCount int, packedKeys []byte) []byte {
	b := make([]byte, 0, 1+3*binary.MaxVarintLen64+len(eventID)+len(state)+len(packedKeys))
	b = append(b, envelopeBinary)
	b = binary.AppendUvarint(b, uint64(len(eventID)))
	b = append(b, eventID...)
	b = binary.AppendUvarint(b, uint64(len(state)))
	b = append(b, state...)
	b = binary.AppendUvarint(b, uint64(keyCount))
	return append(b, packedKeys...)
}

// envelope is a decoded snapshot envelope.
type envelope struct {
	eventID string
	state   []byte
	keys    map[string]keyed
}

var errEnvelope = errors.New("snapshot envelope: truncated or malformed")

// decodeEnvelope decodes a binary envelope or the JSON one older code
// wrote.
func decodeEnvelope(b []byte) (envelope, error) {
	if len(b) > 0 && b[0] == envelopeBinary {
		return decodeBinaryEnvelope(b[1:])
	}
	var old snapshotBody
	if err := json.Unmarshal(b, &old); err != nil {
		return envelope{}, err
	}
	e := envelope{eventID: old.EventID, state: old.State, keys: make(map[string]keyed, len(old.Keys))}
	for k, kv := range old.Keys {
		pos, err := eventstore.ParsePosition(kv.Position)
		if err != nil {
			return envelope{}, err
		}
		e.keys[k] = keyed{version: kv.Version, position: pos, events: kv.Events}
	}
	return e, nil
}

func decodeBinaryEnvelope(b []byte) (envelope, error) {
	id, b, ok := cutBytes(b)
	if !ok {
		return envelope{}, errEnvelope
	}
	state, b, ok := cutBytes(b)
	if !ok {
		return envelope{}, errEnvelope
	}
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)) { // a key takes at least a byte
		return envelope{}, errEnvelope
	}
	e := envelope{eventID: string(id), state: state, keys: make(map[string]keyed, n)}
	if err := unpackKeys(b[w:], e.keys); err != nil {
		return envelope{}, err
	}
	if uint64(len(e.keys)) != n {
		return envelope{}, errEnvelope
	}
	return e, nil
}

// cutBytes splits a length-prefixed byte string off b.
func cutBytes(b []byte) (field, rest []byte, ok bool) {
	n, w := binary.Uvarint(b)
	if w <= 0 || uint64(len(b)-w) < n {
		return nil, nil, false
	}
	return b[w : w+int(n)], b[w+int(n):], true
}

// packKeys packs keys, oldest first (see packKeysInOrder).
func packKeys(keys map[string]keyed) []byte { return packKeysInOrder(keys, keysByVersion(keys)) }

// packKeysInOrder packs keys in order (every key of keys, each once): for
// each, the key's length and bytes, then its version, position (major,
// minor) and events, as unsigned varints.
func packKeysInOrder(keys map[string]keyed, order []string) []byte {
	if len(keys) == 0 {
		return nil
	}
	b := make([]byte, 0, len(keys)*(packedKeyFields*binary.MaxVarintLen32+24))
	for _, k := range order {
		v := keys[k]
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		b = binary.AppendUvarint(b, v.version)
		b = binary.AppendUvarint(b, v.position.Major)
		b = binary.AppendUvarint(b, v.position.Minor)
		b = binary.AppendUvarint(b, uint64(v.events))
	}
	return b
}

// packedKeyFields is how many varints follow each packed key's bytes.
const packedKeyFields = 4

// unpackKeys adds the keys packKeys packed to into.
func unpackKeys(b []byte, into map[string]keyed) error {
	for len(b) > 0 {
		key, rest, ok := cutBytes(b)
		if !ok {
			return errEnvelope
		}
		b = rest
		var f [packedKeyFields]uint64
		for i := range f {
			var w int
			if f[i], w = binary.Uvarint(b); w <= 0 {
				return errEnvelope
			}
			b = b[w:]
		}
		into[string(key)] = keyed{version: f[0], position: eventstore.Position{Major: f[1], Minor: f[2]}, events: int(f[3])}
	}
	return nil
}

// snapshotBody is the JSON envelope older code wrote: the state, the keys
// as an object of objects, and the id of the event at the snapshot's
// version.
type snapshotBody struct {
	State   json.RawMessage        `json:"state"`
	Keys    map[string]snapshotKey `json:"keys,omitempty"`
	EventID string                 `json:"event_id"`
}

// snapshotKey is one key of a JSON envelope.
type snapshotKey struct {
	Version  uint64 `json:"version"`
	Position string `json:"position"`
	Events   int    `json:"events"`
}

// envelopeFailed names the stream whose snapshot envelope did not decode.
func envelopeFailed(stream string, err error) error {
	return fmt.Errorf("snapshot of %s: %w", stream, err)
}
