package postgres

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/integrity/verify"
)

// tileWidth is how many leaves a row of log_tiles holds at most. A row
// never crosses a multiple of tileWidth, so the rows holding leaves
// [lo, hi) all start in [floor(lo), hi), and a node below level 8 is in
// one tile.
const tileWidth = 256

// hashSize is the size of a leaf hash, and of each part hash.
const hashSize = 32

// idKeySize is the size of an event id's key in a tile's id_keys.
const idKeySize = 4

// appendIDKey appends the key id_keys holds for eventID: the first
// bytes of its SHA-256 (in SQL: substring(sha256(convert_to(id, 'UTF8'))
// FROM 1 FOR 4)). A key only narrows the rows an inclusion proof decodes:
// a row whose keys hold it may still be another event's, and the proof
// compares ids. scratch is room for the id's bytes, returned for reuse.
func appendIDKey(keys, scratch []byte, eventID string) ([]byte, []byte) {
	scratch = append(scratch[:0], eventID...)
	h := sha256.Sum256(scratch)
	return append(keys, h[:idKeySize]...), scratch
}

// tileStart is the first leaf of the tile holding leaf idx.
func tileStart(idx uint64) uint64 { return idx - idx%tileWidth }

// tileRow is a row of log_tiles: the leaves [first, first+len) packed
// into three byte strings, so a seal writes one row per tile instead of
// one per event.
//
//	leaf_hashes  the leaf hashes, 32 bytes each
//	part_hashes  each leaf's body hash then envelope hash, 64 bytes
//	             (zeros: an upgraded leaf that was sealed without them)
//	details      each leaf's event: int4 length and bytes of the stream,
//	             int8 stream version, int8 and int8 position, int4 length
//	             and bytes of the event id (big-endian; the layout a
//	             migration writes from SQL too)
//	id_keys      each leaf's idKey, 4 bytes: an inclusion proof scans
//	             these for its event's key instead of the log keeping a
//	             row per event (NULL: a row not given its keys, read by
//	             every lookup)
type tileRow struct {
	first      uint64
	leaves     int
	leafHashes []byte
	partHashes []byte
	details    []byte
	idKeys     []byte
}

// tileRows packs leaves (consecutive, leaves[0] is leaf first) into rows
// that each stay within one tile.
func tileRows(first uint64, leaves []verify.SealedLeaf) []tileRow {
	var rows []tileRow
	for len(leaves) > 0 {
		n := min(len(leaves), int(tileWidth-first%tileWidth))
		rows = append(rows, packTile(first, leaves[:n]))
		first, leaves = first+uint64(n), leaves[n:]
	}
	return rows
}

func packTile(first uint64, leaves []verify.SealedLeaf) tileRow {
	r := tileRow{first: first, leaves: len(leaves), leafHashes: make([]byte, 0, hashSize*len(leaves)),
		partHashes: make([]byte, 0, 2*hashSize*len(leaves)), idKeys: make([]byte, 0, idKeySize*len(leaves))}
	size := 0
	for _, l := range leaves {
		size += 4 + len(l.Stream) + 3*8 + 4 + len(l.EventID)
	}
	r.details = make([]byte, 0, size)
	var none [2 * hashSize]byte
	var scratch []byte
	for _, l := range leaves {
		r.leafHashes = append(r.leafHashes, l.LeafHash...)
		if l.DataHash != nil && l.EnvelopeHash != nil {
			r.partHashes = append(append(r.partHashes, l.DataHash...), l.EnvelopeHash...)
		} else {
			r.partHashes = append(r.partHashes, none[:]...)
		}
		r.details = appendDetail(r.details, l)
		r.idKeys, scratch = appendIDKey(r.idKeys, scratch, l.EventID)
	}
	return r
}

// idKeysOf is the id_keys of leaves.
func idKeysOf(leaves []verify.SealedLeaf) []byte {
	keys := make([]byte, 0, idKeySize*len(leaves))
	var scratch []byte
	for _, l := range leaves {
		keys, scratch = appendIDKey(keys, scratch, l.EventID)
	}
	return keys
}

func appendDetail(b []byte, l verify.SealedLeaf) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(l.Stream)))
	b = append(b, l.Stream...)
	b = binary.BigEndian.AppendUint64(b, l.Version)
	b = binary.BigEndian.AppendUint64(b, l.Position.Major)
	b = binary.BigEndian.AppendUint64(b, l.Position.Minor)
	b = binary.BigEndian.AppendUint32(b, uint32(len(l.EventID)))
	return append(b, l.EventID...)
}

// streamVersionMark is the bytes details hold for version of stream, so
// a query finds the rows that may hold it without decoding the others.
func streamVersionMark(stream string, version uint64) []byte {
	return binary.BigEndian.AppendUint64(streamMark(stream), version)
}

func streamMark(stream string) []byte {
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(stream))), stream...)
}

var errBadTile = errors.New("integrity: a stored tile is malformed")

// unpack appends the row's leaves to out. A row whose byte strings do
// not hold its leaves is an error naming it.
func (r tileRow) unpack(out []verify.SealedLeaf) ([]verify.SealedLeaf, error) {
	if r.leaves <= 0 || len(r.leafHashes) != hashSize*r.leaves || len(r.partHashes) != 2*hashSize*r.leaves {
		return out, fmt.Errorf("%w: the row of leaves from %d holds %d leaf hashes and %d part hashes for %d leaves",
			errBadTile, r.first, len(r.leafHashes)/hashSize, len(r.partHashes)/(2*hashSize), r.leaves)
	}
	d := r.details
	var none [2 * hashSize]byte
	for i := range r.leaves {
		l := verify.SealedLeaf{Index: r.first + uint64(i), LeafHash: r.leafHashes[i*hashSize : (i+1)*hashSize : (i+1)*hashSize]}
		if parts := r.partHashes[2*i*hashSize : 2*(i+1)*hashSize]; !bytes.Equal(parts, none[:]) {
			l.DataHash, l.EnvelopeHash = parts[:hashSize:hashSize], parts[hashSize:2*hashSize:2*hashSize]
		}
		var ok bool
		if d, ok = readDetail(d, &l); !ok {
			return out, fmt.Errorf("%w: the details of leaf %d are cut short", errBadTile, l.Index)
		}
		out = append(out, l)
	}
	if len(d) != 0 {
		return out, fmt.Errorf("%w: the row of leaves from %d has %d bytes of details beyond its %d leaves", errBadTile, r.first, len(d), r.leaves)
	}
	return out, nil
}

func readDetail(d []byte, l *verify.SealedLeaf) ([]byte, bool) {
	var ok bool
	if l.Stream, d, ok = readString(d); !ok || len(d) < 3*8 {
		return d, false
	}
	l.Version = binary.BigEndian.Uint64(d)
	l.Position = eventstore.Position{Major: binary.BigEndian.Uint64(d[8:]), Minor: binary.BigEndian.Uint64(d[16:])}
	l.EventID, d, ok = readString(d[24:])
	return d, ok
}

func readString(d []byte) (string, []byte, bool) {
	if len(d) < 4 {
		return "", d, false
	}
	n := int(binary.BigEndian.Uint32(d))
	if len(d)-4 < n {
		return "", d, false
	}
	return string(d[4 : 4+n]), d[4+n:], true
}
