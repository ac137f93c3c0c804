package postgres

import (
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/opsledger/opsledger/eventstore"
)

// Column indexes of columns.
const (
	colXID = iota
	colSeq
	colStream
	colVersion
	colID
	colType
	colSchemaVersion
	colRecordedAt
	colData
	colMetadata
	numColumns
)

// scanEvents reads rows selected with columns. Rows arrive in binary
// format (pgx prepares statements), so they are decoded straight from the
// wire values: each row costs one string for its text fields and a slice
// of a shared buffer for its body. Other formats fall back to Scan.
func scanEvents(rows pgx.Rows, sizeHint int) ([]eventstore.Recorded, error) {
	defer rows.Close()
	// The slice starts with room for a few events and grows by
	// growRecorded: a live read asks for up to 500 events and returns two
	// or three, and room for the whole limit (180 KB, zeroed) on every
	// read of the shared subscription was the read side's largest
	// allocation (decision 53).
	out := make([]eventstore.Recorded, 0, min(max(sizeHint, 0), 4))
	fast := binaryColumns(rows.FieldDescriptions())
	var d rowDecoder
	for rows.Next() {
		out = growRecorded(out, sizeHint)
		out = append(out, eventstore.Recorded{})
		r := &out[len(out)-1] // decoded in place: a Recorded is large
		var err error
		if fast {
			err = d.decode(rows.RawValues(), r)
		} else {
			err = scanRow(rows, r)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// growRecorded makes room for one more event, doubling out's capacity
// when it is full, but not past sizeHint (the rows asked for) while that
// is more than out holds. append grows a slice this large by a quarter at
// a time: a rebuild's read of 50,000 events (360 bytes each) was
// reallocated eight times from its first 8,192, copying about three times
// its 18 MB (0.35 s of Go CPU in a 200,000-event rebuild, decision
// 49).
func growRecorded(out []eventstore.Recorded, sizeHint int) []eventstore.Recorded {
	if len(out) < cap(out) {
		return out
	}
	size := max(2*cap(out), 64)
	if sizeHint > cap(out) {
		size = min(size, sizeHint)
	}
	grown := make([]eventstore.Recorded, len(out), size)
	copy(grown, out)
	return grown
}

// binaryColumns reports whether the non-text columns came in binary.
func binaryColumns(fds []pgconn.FieldDescription) bool {
	if len(fds) != numColumns {
		return false
	}
	for _, i := range []int{colXID, colSeq, colVersion, colSchemaVersion, colRecordedAt, colData, colMetadata} {
		if fds[i].Format != pgx.BinaryFormatCode {
			return false
		}
	}
	return true
}

// rowDecoder carries buffers across the rows of one result, so rows share
// a few large allocations instead of making several each.
type rowDecoder struct {
	text  strings.Builder // text fields; strings are cut from it
	arena []byte          // bodies are carved from it
}

const arenaSize = 256 << 10

func (d *rowDecoder) decode(v [][]byte, r *eventstore.Recorded) error {
	if len(v) != numColumns || len(v[colXID]) != 8 || len(v[colSeq]) != 8 || len(v[colVersion]) != 8 ||
		len(v[colSchemaVersion]) != 4 || len(v[colRecordedAt]) != 8 {
		return fmt.Errorf("decode event row: unexpected layout")
	}
	r.Position.Major = binary.BigEndian.Uint64(v[colXID])
	r.Position.Minor = binary.BigEndian.Uint64(v[colSeq])
	r.StreamVersion = binary.BigEndian.Uint64(v[colVersion])
	r.SchemaVersion = int(int32(binary.BigEndian.Uint32(v[colSchemaVersion])))
	r.RecordedAt = pgTime(int64(binary.BigEndian.Uint64(v[colRecordedAt])))
	r.Data = d.body(v[colData])

	all := d.strings(v[colStream], v[colID], v[colType], v[colMetadata])
	a, b, c := len(v[colStream]), len(v[colStream])+len(v[colID]), len(v[colStream])+len(v[colID])+len(v[colType])
	r.Stream, r.ID, r.Type = all[:a], all[a:b], all[b:c]
	var err error
	if r.Metadata, err = decodeMetadata(all[c:]); err != nil {
		return fmt.Errorf("event %s: metadata: %w", r.ID, err)
	}
	return nil
}

// strings returns the concatenation of parts as a string cut from the
// decoder's builder. A strings.Builder never changes bytes it has written,
// so strings taken from it stay valid; a full builder is replaced, not
// reset.
func (d *rowDecoder) strings(parts ...[]byte) string {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if d.text.Cap()-d.text.Len() < n {
		size := chunkSize(d.text.Cap(), n)
		d.text = strings.Builder{}
		d.text.Grow(size)
	}
	start := d.text.Len()
	for _, p := range parts {
		d.text.Write(p)
	}
	return d.text.String()[start:]
}

// body copies a body out of the wire buffer, into the arena when small.
// The full slice expression makes an append by the caller copy rather than
// overwrite the next body.
func (d *rowDecoder) body(src []byte) []byte {
	if len(src) > arenaSize/8 {
		return append([]byte(nil), src...)
	}
	if len(d.arena)+len(src) > cap(d.arena) {
		d.arena = make([]byte, 0, chunkSize(cap(d.arena), len(src)))
	}
	start := len(d.arena)
	d.arena = append(d.arena, src...)
	return d.arena[start:len(d.arena):len(d.arena)]
}

// pgEpochUnixMicros is 2000-01-01 UTC, PostgreSQL's timestamp epoch, in
// microseconds since the Unix epoch.
const pgEpochUnixMicros = 946684800 * 1000000

// pgTime decodes a binary timestamptz the way pgx does (local zone).
func pgTime(micros int64) time.Time {
	us := micros + pgEpochUnixMicros
	return time.Unix(us/1000000, (us%1000000)*1000)
}

// scanRow is the general path, for results not in binary format.
func scanRow(rows pgx.Rows, r *eventstore.Recorded) error {
	var sv int32
	var meta []byte
	err := rows.Scan(&r.Position.Major, &r.Position.Minor, &r.Stream, &r.StreamVersion,
		&r.ID, &r.Type, &sv, &r.RecordedAt, &r.Data, &meta)
	if err != nil {
		return err
	}
	r.SchemaVersion = int(sv)
	if r.Metadata, err = decodeMetadata(string(meta)); err != nil {
		return fmt.Errorf("event %s: metadata: %w", r.ID, err)
	}
	return nil
}

// chunkSize is the next buffer size: small for a first, short result (a
// stream of a few events), doubling up to arenaSize for long ones.
func chunkSize(prev, need int) int {
	return max(need, min(arenaSize, max(4<<10, 2*prev)))
}
