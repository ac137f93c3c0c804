package projections

import (
	"fmt"

	"github.com/jackc/pgx/v5"
)

// rowTable is a table a sales projection changes during one batch: it
// queues the read of the rows the batch touches, then the writes.
type rowTable interface {
	queueLoad(b *pgx.Batch, ids []string)
	queueWrite(b *pgx.Batch) error
}

// rowSet holds the rows of one table that a batch touches, keyed in Go.
// Rows are read by column name (db tags) and written column-wise (json
// tags name the columns, see sales_columns.go), so a whole batch is one
// SELECT and a few set-based writes, whatever its size.
type rowSet[T any] struct {
	table   string
	keyCols []string // primary key; the first is the aggregate id
	keyOf   func(*T) string
	rows    map[string]*T
	stored  map[string]bool // keys of the rows loaded from the table
	dirty   map[string]bool
	deleted map[string]*T
}

func newRowSet[T any](table string, keyOf func(*T) string, keyCols ...string) *rowSet[T] {
	return &rowSet[T]{table: table, keyCols: keyCols, keyOf: keyOf,
		rows: map[string]*T{}, stored: map[string]bool{}, dirty: map[string]bool{}, deleted: map[string]*T{}}
}

func (s *rowSet[T]) queueLoad(b *pgx.Batch, ids []string) {
	q := fmt.Sprintf("SELECT * FROM %s WHERE %s = ANY($1)", s.table, s.keyCols[0])
	b.Queue(q, ids).Query(func(rows pgx.Rows) error {
		loaded, err := pgx.CollectRows(rows, pgx.RowToAddrOfStructByName[T])
		if err != nil {
			return fmt.Errorf("%s: %w", s.table, err)
		}
		for _, r := range loaded {
			k := s.keyOf(r)
			s.rows[k], s.stored[k] = r, true
		}
		return nil
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

// queueWrite deletes, updates the stored rows that changed and inserts
// the new ones. Updating (rather than upserting) stored rows skips the
// speculative insert, and with the tables' fillfactor most updates are HOT.
func (s *rowSet[T]) queueWrite(b *pgx.Batch) error {
	if len(s.deleted) > 0 {
		gone := make([]*T, 0, len(s.deleted))
		for _, r := range s.deleted {
			gone = append(gone, r)
		}
		if err := queueSalesDelete(b, s.table, s.keyCols, gone); err != nil {
			return err
		}
	}
	var changed, added []*T
	for k := range s.dirty {
		if s.stored[k] {
			changed = append(changed, s.rows[k])
		} else {
			added = append(added, s.rows[k])
		}
	}
	if len(changed) > 0 {
		if err := queueSalesUpdate(b, s.table, s.keyCols, changed); err != nil {
			return err
		}
	}
	if len(added) > 0 {
		return queueSalesInsert(b, s.table, added, "")
	}
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
	return queueSalesInsert(b, s.table, s.rows, " ON CONFLICT DO NOTHING")
}
