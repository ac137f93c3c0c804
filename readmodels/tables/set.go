package tables

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Table is a table a read model changes during one batch: it
// queues the read of the rows the batch touches, then the writes.
type Table interface {
	queueLoad(b *pgx.Batch, ids []string)
	queueWrite(b *pgx.Batch) error
}

// Set holds the rows of one table that a batch touches, keyed in Go.
// Rows are read by column name (db tags) and written column-wise (json
// tags name the columns, see columns.go), so a whole batch is one
// SELECT and a few set-based writes, whatever its size.
type Set[T any] struct {
	table   string
	keyCols []string // primary key; the first is the aggregate id
	keyOf   func(*T) string
	rows    map[string]*T
	stored  map[string]bool // keys of the rows loaded from the table
	dirty   map[string]bool
	deleted map[string]*T
}

// NewSet returns the rows of table a batch touches, keyed by keyOf; the
// first of keyCols (the primary key) is the aggregate id they are loaded by.
func NewSet[T any](table string, keyOf func(*T) string, keyCols ...string) *Set[T] {
	return &Set[T]{table: table, keyCols: keyCols, keyOf: keyOf,
		rows: map[string]*T{}, stored: map[string]bool{}, dirty: map[string]bool{}, deleted: map[string]*T{}}
}

func (s *Set[T]) queueLoad(b *pgx.Batch, ids []string) {
	queueLoad(b, s.table, s.keyCols[0], ids, func(r *T) {
		k := s.keyOf(r)
		s.rows[k], s.stored[k] = r, true
	})
}

// queueLoad queues the read of the rows of table whose key column is one
// of ids, read into T by column name (db tags); each is given every row.
// The runner's session probes the key even where a plan cached on a
// small table would scan (see projections.Runner).
func queueLoad[T any](b *pgx.Batch, table, key string, ids []string, each func(*T)) {
	b.Queue("SELECT * FROM "+table+" WHERE "+key+" = ANY($1)", ids).Query(func(rows pgx.Rows) error {
		loaded, err := pgx.CollectRows(rows, pgx.RowToAddrOfStructByNameLax[T])
		if err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		for _, r := range loaded {
			each(r)
		}
		return nil
	})
}

// get returns the row with key k, or nil.
func (s *Set[T]) Get(k string) *T { return s.rows[k] }

// put adds or replaces a row and marks it for writing.
func (s *Set[T]) Put(r *T) {
	k := s.keyOf(r)
	s.rows[k], s.dirty[k] = r, true
	delete(s.deleted, k)
}

// Each calls f with every row the batch holds: those loaded and those
// put, not those removed.
func (s *Set[T]) Each(f func(*T)) {
	for _, r := range s.rows {
		f(r)
	}
}

// touch marks a row changed in place for writing.
func (s *Set[T]) Touch(r *T) { s.dirty[s.keyOf(r)] = true }

// remove deletes a row.
func (s *Set[T]) Remove(r *T) {
	k := s.keyOf(r)
	delete(s.rows, k)
	delete(s.dirty, k)
	s.deleted[k] = r
}

// queueWrite deletes, updates the stored rows that changed and inserts
// the new ones. Updating (rather than upserting) stored rows skips the
// speculative insert, and with the tables' fillfactor most updates are HOT.
func (s *Set[T]) queueWrite(b *pgx.Batch) error {
	if len(s.deleted) > 0 {
		gone := make([]*T, 0, len(s.deleted))
		for _, r := range s.deleted {
			gone = append(gone, r)
		}
		if err := QueueDelete(b, s.table, s.keyCols, gone); err != nil {
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
		if err := QueueUpdate(b, s.table, s.keyCols, changed); err != nil {
			return err
		}
	}
	if len(added) > 0 {
		return QueueInsert(b, s.table, added, "")
	}
	return nil
}

// AppendSet collects rows of an append-only table (logs, review steps);
// a replayed row is ignored.
type AppendSet[T any] struct {
	Table string
	rows  []*T
}

func (s *AppendSet[T]) queueLoad(*pgx.Batch, []string) {}

func (s *AppendSet[T]) Add(r *T) { s.rows = append(s.rows, r) }

func (s *AppendSet[T]) queueWrite(b *pgx.Batch) error {
	if len(s.rows) == 0 {
		return nil
	}
	return QueueInsert(b, s.Table, s.rows, " ON CONFLICT DO NOTHING")
}

// Stamp is the last event a row has applied: its stream version and when
// it was recorded. The row of an aggregate embeds it, so that Advance can
// tell an event applied already (a replay) from a new one.
type Stamp struct {
	Version   uint64    `db:"version"`
	UpdatedAt time.Time `db:"updated_at"`
}

func (s *Stamp) stamp() *Stamp { return s }

// Advance returns the row of aggregate id that e changes, with e recorded
// on its Stamp and the row marked for writing: the stored row or, for the
// aggregate's first event, the row open makes of it (open returns nil for
// any other event). It returns nil when the aggregate has no row yet, or
// when its row has applied e already.
func Advance[T any, P interface {
	*T
	stamp() *Stamp
}](s *Set[T], id string, e Decoded, open func(id string, e Decoded) P) P {
	row := P(s.Get(id))
	if row == nil {
		if row = open(id, e); row == nil {
			return nil
		}
		s.Put(row)
	}
	st := row.stamp()
	if e.StreamVersion <= st.Version {
		return nil
	}
	st.Version, st.UpdatedAt = e.StreamVersion, e.RecordedAt
	s.Touch(row)
	return row
}
