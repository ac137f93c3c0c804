package tables

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// A rebuild copies tens of thousands of row versions into each versions
// table. pgx's CopyFrom boxes every value in an any and looks up its
// encode plan by type, as it did for the audit trail (decision 54), so
// copyIn writes the binary COPY itself (CopyBinary) once it has read the
// table's column types: a read model's hand-written DDL, not its row
// type, decides whether a Go int is an int or a bigint (decision
// 61). A column of a type it does not write sends the batch
// through pgx's CopyFrom, as before.

// fieldEncoder appends one field of a row version in its column's binary
// form.
type fieldEncoder func(r *CopyRow, f reflect.Value) error

// copyIn copies the new versions into the versions table. A replayed
// event records no version (Record), so none of them can be there yet.
func (v *Versions[T]) copyIn(ctx context.Context, tx pgx.Tx) error {
	cols := columnsOf[T]()
	names := make([]string, 0, len(cols)+2)
	for _, c := range cols {
		names = append(names, c.name)
	}
	names = append(names, "sys_period", "valid_period")
	oids, err := columnTypes(ctx, tx, v.table, names)
	if err != nil {
		return err
	}
	encoders, ok := binaryEncoders(cols, oids)
	if !ok {
		return v.copyInRows(ctx, tx, cols, names)
	}
	var encodeErr error
	_, err = CopyBinary(ctx, tx, v.table, names, len(v.added), func(i int, r *CopyRow) {
		added := v.added[i]
		row := reflect.ValueOf(&added.row).Elem()
		for j, c := range cols {
			if err := encoders[j](r, row.FieldByIndex(c.field)); err != nil && encodeErr == nil {
				encodeErr = fmt.Errorf("column %s: %w", c.name, err)
			}
		}
		r.TimeRange(added.sysFrom, added.sysTo)
		r.TimeRange(added.validFrom, added.validTo)
	})
	if err = firstErr(encodeErr, err); err != nil {
		return fmt.Errorf("%s: copy %d versions: %w", v.table, len(v.added), err)
	}
	return nil
}

// firstErr is the first error that is not nil: an encoding error makes
// the copied rows wrong whatever the server answered.
func firstErr(first, second error) error {
	if first != nil {
		return first
	}
	return second
}

// columnTypes reads the type of each of table's columns names, in their
// order, from the columns a query of none of its rows describes. The
// query is described anew each time, never from a connection's cache of
// prepared statements: the same text names another generation's table
// (search_path), whose columns a new read-model version may have
// changed, as pgx's CopyFrom describes its table each time.
func columnTypes(ctx context.Context, tx pgx.Tx, table string, names []string) ([]uint32, error) {
	rows, err := tx.Query(ctx, fmt.Sprintf("SELECT %s FROM %s LIMIT 0", strings.Join(names, ", "), table), pgx.QueryExecModeDescribeExec)
	if err != nil {
		return nil, fmt.Errorf("%s: column types: %w", table, err)
	}
	fields := rows.FieldDescriptions()
	oids := make([]uint32, len(fields))
	for i, f := range fields {
		oids[i] = f.DataTypeOID
	}
	rows.Close()
	return oids, rows.Err()
}

// binaryEncoders returns the encoder of each column of cols for its
// column type (oids, the two ranges after them), false when a column is
// of a type the binary copy does not write.
func binaryEncoders(cols []column, oids []uint32) ([]fieldEncoder, bool) {
	if len(oids) != len(cols)+2 || oids[len(cols)] != pgtype.TstzrangeOID || oids[len(cols)+1] != pgtype.TstzrangeOID {
		return nil, false
	}
	out := make([]fieldEncoder, len(cols))
	for i, c := range cols {
		enc := encoderFor(c.kind, oids[i])
		if enc == nil {
			return nil, false
		}
		out[i] = enc
	}
	return out, true
}

// encoderFor is the encoder of a field of kind into a column of type
// oid, nil for a pair pgx's CopyFrom is left to convert.
func encoderFor(kind colKind, oid uint32) fieldEncoder {
	switch {
	case kind == colText && (oid == pgtype.TextOID || oid == pgtype.VarcharOID):
		return func(r *CopyRow, f reflect.Value) error { r.Text(f.String()); return nil }
	case kind == colBool && oid == pgtype.BoolOID:
		return func(r *CopyRow, f reflect.Value) error { r.Bool(f.Bool()); return nil }
	case kind == colTime && oid == pgtype.TimestamptzOID:
		return func(r *CopyRow, f reflect.Value) error { r.Timestamptz(timeOf(f.Interface())); return nil }
	case kind == colTimePtr && oid == pgtype.TimestamptzOID:
		return func(r *CopyRow, f reflect.Value) error {
			t := timePtrOf(f.Interface())
			r.OptTimestamptz(optionalTime(t))
			return nil
		}
	case kind == colInt || kind == colUint || kind == colIntPtr:
		return intEncoder(kind, oid)
	case kind == colJSON && (oid == pgtype.JSONBOID || oid == pgtype.JSONOID || oid == pgtype.TextOID):
		return jsonEncoder(oid)
	}
	return nil
}

func optionalTime(t pgtype.Timestamptz) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// intEncoder writes an integer field into a bigint or an int column; a
// value an int cannot hold is an error, as it is for pgx.
func intEncoder(kind colKind, oid uint32) fieldEncoder {
	if oid != pgtype.Int8OID && oid != pgtype.Int4OID {
		return nil
	}
	return func(r *CopyRow, f reflect.Value) error {
		var n int64
		switch kind {
		case colInt:
			n = f.Int()
		case colUint:
			n = int64(f.Uint())
		default:
			p := f.Interface().(*int64)
			if p == nil {
				r.Null()
				return nil
			}
			n = *p
		}
		if oid == pgtype.Int8OID {
			r.Int8(n)
			return nil
		}
		if n < math.MinInt32 || n > math.MaxInt32 {
			r.Null()
			return fmt.Errorf("%d is out of an int's range", n)
		}
		r.Int4(int32(n))
		return nil
	}
}

// jsonEncoder writes a field as JSON text (encoding/json, as the arrays
// of a live batch carry it) into a jsonb, json or text column.
func jsonEncoder(oid uint32) fieldEncoder {
	return func(r *CopyRow, f reflect.Value) error {
		b, err := json.Marshal(f.Interface())
		if err != nil {
			r.Null()
			return err
		}
		if oid == pgtype.JSONBOID {
			r.JSONB(b)
		} else {
			r.JSON(b)
		}
		return nil
	}
}

// copyInRows copies the new versions through pgx's CopyFrom, for a
// versions table with a column type the binary copy does not write.
func (v *Versions[T]) copyInRows(ctx context.Context, tx pgx.Tx, cols []column, names []string) error {
	rows := make([][]any, len(v.added))
	for i, r := range v.added {
		row := reflect.ValueOf(&r.row).Elem()
		vals := make([]any, 0, len(names))
		for _, c := range cols {
			val, err := copyValue(c, row.FieldByIndex(c.field))
			if err != nil {
				return fmt.Errorf("%s: %w", v.table, err)
			}
			vals = append(vals, val)
		}
		rows[i] = append(vals, timeRange(r.sysFrom, r.sysTo), timeRange(r.validFrom, r.validTo))
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{v.table}, names, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("%s: copy %d versions: %w", v.table, len(rows), err)
	}
	return nil
}
