package tables

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A rebuild copies every event into the audit trail: 22 values a row,
// millions of them. pgx's CopyFrom takes each row as []any, boxes every
// value and looks up its encode plan by the value's type, about half of
// the Go CPU of the trail's COPY. CopyBinary writes PostgreSQL's binary
// COPY format itself for rows whose column types the caller knows, and
// streams it as pgx does, so the server parses a chunk while the next is
// encoded. The bytes are pgx's own for these types (tested against
// CopyFrom's rows).

// CopyRow appends one row's fields in the binary COPY format; each method
// is one column, and the caller writes them in the columns' order.
type CopyRow struct{ buf []byte }

// Int8 appends a bigint.
func (r *CopyRow) Int8(v int64) {
	r.buf = binary.BigEndian.AppendUint32(r.buf, 8)
	r.buf = binary.BigEndian.AppendUint64(r.buf, uint64(v))
}

// Int4 appends an int.
func (r *CopyRow) Int4(v int32) {
	r.buf = binary.BigEndian.AppendUint32(r.buf, 4)
	r.buf = binary.BigEndian.AppendUint32(r.buf, uint32(v))
}

// Text appends a text.
func (r *CopyRow) Text(s string) {
	r.buf = binary.BigEndian.AppendUint32(r.buf, uint32(len(s)))
	r.buf = append(r.buf, s...)
}

// JSON appends a json column's body, whose binary form is its text (the
// server checks it); an empty body is the JSON null.
func (r *CopyRow) JSON(b []byte) {
	if len(b) == 0 {
		b = jsonNull
	}
	r.buf = binary.BigEndian.AppendUint32(r.buf, uint32(len(b)))
	r.buf = append(r.buf, b...)
}

var jsonNull = []byte("null")

// JSONB appends a jsonb column's body: its binary form is a version byte
// (1) and the text, which the server parses.
func (r *CopyRow) JSONB(b []byte) {
	if len(b) == 0 {
		b = jsonNull
	}
	r.buf = binary.BigEndian.AppendUint32(r.buf, uint32(len(b)+1))
	r.buf = append(r.buf, 1)
	r.buf = append(r.buf, b...)
}

// Bool appends a boolean.
func (r *CopyRow) Bool(v bool) {
	r.buf = binary.BigEndian.AppendUint32(r.buf, 1)
	if v {
		r.buf = append(r.buf, 1)
	} else {
		r.buf = append(r.buf, 0)
	}
}

// Null appends a NULL.
func (r *CopyRow) Null() { r.buf = binary.BigEndian.AppendUint32(r.buf, 0xFFFFFFFF) } // -1: NULL

// TimeRange appends the tstzrange [from, to), or [from, ∞) while to is
// nil: a flags byte (lower bound inclusive; upper unbounded), then each
// bounded bound as a timestamptz field. The server makes [t, t) empty.
func (r *CopyRow) TimeRange(from time.Time, to *time.Time) {
	const lowerInclusive, upperInfinite = 0x02, 0x10
	size, flags := 1+12, byte(lowerInclusive)
	if to == nil {
		flags |= upperInfinite
	} else {
		size += 12
	}
	r.buf = binary.BigEndian.AppendUint32(r.buf, uint32(size))
	r.buf = append(r.buf, flags)
	r.Timestamptz(from)
	if to != nil {
		r.Timestamptz(*to)
	}
}

// Timestamptz appends a timestamptz: microseconds since 2000-01-01 UTC,
// the nanoseconds truncated as pgx truncates them.
func (r *CopyRow) Timestamptz(t time.Time) {
	micros := t.Unix()*1_000_000 + int64(t.Nanosecond())/1000
	r.buf = binary.BigEndian.AppendUint32(r.buf, 8)
	r.buf = binary.BigEndian.AppendUint64(r.buf, uint64(micros-unixToY2KMicros))
}

// OptTimestamptz appends a timestamptz, NULL for nil.
func (r *CopyRow) OptTimestamptz(t *time.Time) {
	if t == nil {
		r.Null()
		return
	}
	r.Timestamptz(*t)
}

// unixToY2KMicros is 2000-01-01 UTC in microseconds since 1970.
const unixToY2KMicros = 946_684_800 * 1_000_000

// CopyBinary copies n rows into table's columns, row(i, r) appending the
// fields of row i, in one COPY of tx. It returns the rows copied.
func CopyBinary(ctx context.Context, tx pgx.Tx, table string, columns []string, n int, row func(i int, r *CopyRow)) (int64, error) {
	quoted := make([]string, len(columns))
	for i, c := range columns {
		quoted[i] = pgx.Identifier{c}.Sanitize()
	}
	sql := fmt.Sprintf("COPY %s (%s) FROM STDIN (FORMAT binary)", pgx.Identifier{table}.Sanitize(), strings.Join(quoted, ", "))
	src := &copyReader{n: n, fields: uint16(len(columns)), row: row}
	src.out.buf = append(src.out.buf, "PGCOPY\n\377\r\n\000\000\000\000\000\000\000\000\000"...) // signature, flags, no extension
	var tag pgconn.CommandTag
	var err error
	if c, ok := tx.(ReaderCopier); ok {
		tag, err = c.CopyFromReader(ctx, sql, src)
	} else {
		tag, err = tx.Conn().PgConn().CopyFrom(ctx, src, sql)
	}
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", table, err)
	}
	return tag.RowsAffected(), nil
}

// ReaderCopier is a transaction that holds statements back (the
// projection engine's): it sends them, then copies r with sql.
type ReaderCopier interface {
	CopyFromReader(ctx context.Context, sql string, r io.Reader) (pgconn.CommandTag, error)
}

// copyReader encodes rows as they are read, copyChunk bytes at a time.
type copyReader struct {
	n, next int
	fields  uint16
	row     func(int, *CopyRow)
	out     CopyRow
	read    int // bytes of out.buf already read
	done    bool
}

// copyChunk is how many bytes are encoded ahead of the reader (pgx's
// CopyFrom sends 64 KiB chunks too).
const copyChunk = 64 << 10

func (c *copyReader) Read(p []byte) (int, error) {
	if c.read == len(c.out.buf) {
		if c.done {
			return 0, io.EOF
		}
		c.fill()
	}
	n := copy(p, c.out.buf[c.read:])
	c.read += n
	return n, nil
}

// fill encodes the next rows into the emptied buffer, and the trailer
// after the last.
func (c *copyReader) fill() {
	if c.read > 0 {
		c.out.buf, c.read = c.out.buf[:0], 0
	}
	for c.next < c.n && len(c.out.buf) < copyChunk {
		c.out.buf = binary.BigEndian.AppendUint16(c.out.buf, c.fields)
		c.row(c.next, &c.out)
		c.next++
	}
	if c.next == c.n {
		c.out.buf = binary.BigEndian.AppendUint16(c.out.buf, 0xFFFF) // -1: the end
		c.done = true
	}
}
