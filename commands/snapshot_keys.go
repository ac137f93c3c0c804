package commands

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/opsledger/opsledger/eventstore"
)

// A snapshot carries every idempotency key its stream records up to its
// version (a replay must find a key whether the aggregate came from a
// snapshot or a full read), so its keys grow with the stream's commands.
// They are packed, not a JSON object of objects: the packing happens on
// the command that offers the snapshot, and the unpacking on the cache
// miss that loads it, and with a JSON object 10,000 keys took tens of
// milliseconds each way (a megabyte of JSON, a position string per key).
//
// In the snapshot's JSON the packed keys are a string (base64) under
// "keys", where older code wrote an object: older code fails to decode
// a packed snapshot and ignores it (reading the stream from the start),
// rather than taking it for a snapshot without keys and missing a
// replay; this code reads both.

// packKeys packs keys: for each, the key's length and bytes, then its
// version, position (major, minor) and events, as unsigned varints.
func packKeys(keys map[string]keyed) []byte {
	if len(keys) == 0 {
		return nil
	}
	b := make([]byte, 0, len(keys)*(packedKeyFields*binary.MaxVarintLen32+24))
	for k, v := range keys {
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

var errPackedKeys = errors.New("snapshot keys: truncated or malformed")

// unpackKeys adds the keys packKeys packed to into.
func unpackKeys(b []byte, into map[string]keyed) error {
	for len(b) > 0 {
		n, w := binary.Uvarint(b)
		if w <= 0 || uint64(len(b)-w) < n {
			return errPackedKeys
		}
		key := string(b[w : w+int(n)])
		b = b[w+int(n):]
		var f [packedKeyFields]uint64
		for i := range f {
			if f[i], w = binary.Uvarint(b); w <= 0 {
				return errPackedKeys
			}
			b = b[w:]
		}
		into[key] = keyed{version: f[0], position: eventstore.Position{Major: f[1], Minor: f[2]}, events: int(f[3])}
	}
	return nil
}

// decodeSnapshotKeys adds the keys of a snapshot's "keys" to into:
// packed (a JSON string), or an object of objects as older code wrote.
func decodeSnapshotKeys(raw json.RawMessage, into map[string]keyed) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if raw[0] == '"' {
		var packed []byte
		if err := json.Unmarshal(raw, &packed); err != nil {
			return fmt.Errorf("snapshot keys: %w", err)
		}
		return unpackKeys(packed, into)
	}
	var old map[string]snapshotKey
	if err := json.Unmarshal(raw, &old); err != nil {
		return fmt.Errorf("snapshot keys: %w", err)
	}
	for k, kv := range old {
		pos, err := eventstore.ParsePosition(kv.Position)
		if err != nil {
			return err
		}
		into[k] = keyed{version: kv.Version, position: pos, events: kv.Events}
	}
	return nil
}

// snapshotKey is one key as older code wrote it in a JSON object.
type snapshotKey struct {
	Version  uint64 `json:"version"`
	Position string `json:"position"`
	Events   int    `json:"events"`
}
