package projections

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// rowTable is a table a sales projection changes during one batch: it
// queues the read of the rows the batch touches, then the writes.
type rowTable interface {
	queueLoad(b *pgx.Batch, ids []string)
	queueWrite(b *pgx.Batch) error
}

// rowSet holds the rows of one table that a batch touches, keyed in Go.
// Rows travel as JSON whose keys are the column names (row_to_json on
// the way in, json_populate_recordset on the way out), so a whole batch is
// one SELECT and one upsert whatever the number of events.
type rowSet[T any] struct {
	table   string
	keyCols []string // primary key; the first is the aggregate id
	keyOf   func(*T) string
	rows    map[string]*T
	dirty   map[string]bool
	deleted map[string]*T
}

func newRowSet[T any](table string, keyOf func(*T) string, keyCols ...string) *rowSet[T] {
	return &rowSet[T]{table: table, keyCols: keyCols, keyOf: keyOf,
		rows: map[string]*T{}, dirty: map[string]bool{}, deleted: map[string]*T{}}
}

func (s *rowSet[T]) queueLoad(b *pgx.Batch, ids []string) {
	q := fmt.Sprintf("SELECT row_to_json(t) FROM %s t WHERE %s = ANY($1)", s.table, s.keyCols[0])
	b.Queue(q, ids).Query(func(rows pgx.Rows) error {
		defer rows.Close()
		for rows.Next() {
			var raw []byte
			if err := rows.Scan(&raw); err != nil {
				return err
			}
			r := new(T)
			if err := json.Unmarshal(raw, r); err != nil {
				return fmt.Errorf("%s: %w", s.table, err)
			}
			s.rows[s.keyOf(r)] = r
		}
		return rows.Err()
	})
}

// get returns the row with key k, or nil.
func (s *rowSet[T]) get(k string) *T { return s.rows[k] }

// put adds or replaces a row and marks it for writing.
func (s *rowSet[T]) put(r *T) {
	k := s.keyOf(r)
	s.rows[k], s.dirty[k] = r, true
	delete(s.deleted, k)
}

// touch marks a row changed in place for writing.
func (s *rowSet[T]) touch(r *T) { s.dirty[s.keyOf(r)] = true }

// remove deletes a row.
func (s *rowSet[T]) remove(r *T) {
	k := s.keyOf(r)
	delete(s.rows, k)
	delete(s.dirty, k)
	s.deleted[k] = r
}

// each calls fn for every row loaded or added, in no particular order.
func (s *rowSet[T]) each(fn func(*T)) {
	for _, r := range s.rows {
		fn(r)
	}
}

func (s *rowSet[T]) queueWrite(b *pgx.Batch) error {
	if len(s.deleted) > 0 {
		gone := make([]*T, 0, len(s.deleted))
		for _, r := range s.deleted {
			gone = append(gone, r)
		}
		data, err := json.Marshal(gone)
		if err != nil {
			return err
		}
		var match []string
		for _, c := range s.keyCols {
			match = append(match, fmt.Sprintf("t.%[1]s = d.%[1]s", c))
		}
		b.Queue(fmt.Sprintf("DELETE FROM %[1]s t USING json_populate_recordset(NULL::%[1]s, $1::json) d WHERE %s",
			s.table, strings.Join(match, " AND ")), string(data))
	}
	if len(s.dirty) == 0 {
		return nil
	}
	changed := make([]*T, 0, len(s.dirty))
	for k := range s.dirty {
		changed = append(changed, s.rows[k])
	}
	return queueUpsert[T](b, s.table, s.keyCols, changed)
}

// queueUpsert writes rows with one INSERT … ON CONFLICT DO UPDATE.
func queueUpsert[T any](b *pgx.Batch, table string, keyCols []string, rows []*T) error {
	data, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	var set, vals []string
	for _, c := range columnsOf[T]() {
		if !slices.Contains(keyCols, c) {
			set, vals = append(set, c), append(vals, "EXCLUDED."+c)
		}
	}
	b.Queue(fmt.Sprintf(`INSERT INTO %[1]s SELECT * FROM json_populate_recordset(NULL::%[1]s, $1::json)
		ON CONFLICT (%s) DO UPDATE SET (%s) = ROW(%s)`, table, strings.Join(keyCols, ", "),
		strings.Join(set, ", "), strings.Join(vals, ", ")), string(data))
	return nil
}

// appendSet collects rows of an append-only table (logs, review steps);
// a replayed row is ignored.
type appendSet[T any] struct {
	table string
	rows  []*T
}

func (s *appendSet[T]) queueLoad(*pgx.Batch, []string) {}

func (s *appendSet[T]) add(r *T) { s.rows = append(s.rows, r) }

func (s *appendSet[T]) queueWrite(b *pgx.Batch) error {
	if len(s.rows) == 0 {
		return nil
	}
	data, err := json.Marshal(s.rows)
	if err != nil {
		return err
	}
	b.Queue(fmt.Sprintf(`INSERT INTO %[1]s SELECT * FROM json_populate_recordset(NULL::%[1]s, $1::json)
		ON CONFLICT DO NOTHING`, s.table), string(data))
	return nil
}

// columnsOf returns the JSON names of T's fields, which are its columns.
func columnsOf[T any]() []string {
	t := reflect.TypeFor[T]()
	cols := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			cols = append(cols, name)
		}
	}
	return cols
}
