package projections

// Helpers the people and service read models (complaints, employees,
// targets) share: decoding, loading a batch's rows, sending a batch, and
// whitelisted keyset sorting.

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// decodeBody decodes an event's JSON body into T. The read models decode
// into the domain's own event types, so a renamed field breaks a test
// rather than silently projecting zeros.
func decodeBody[T any](e eventstore.Recorded) (T, error) {
	var v T
	if err := json.Unmarshal(e.Data, &v); err != nil {
		return v, fmt.Errorf("decode %s %s: %w", e.Type, e.ID, err)
	}
	return v, nil
}

// keysetSort is a whitelisted sort column with the SQL type its cursor
// value is cast back to.
type keysetSort struct {
	column string
	cast   string
	desc   bool
}

// parseSort resolves a client's sort ("received_at", "-received_at") among
// allowed columns (name → SQL cast); empty gives def.
func parseSort(s, def string, allowed map[string]string) (keysetSort, error) {
	if s == "" {
		s = def
	}
	name, desc := strings.CutPrefix(s, "-")
	cast, ok := allowed[name]
	if !ok {
		names := slices.Sorted(maps.Keys(allowed))
		return keysetSort{}, domain.InvalidField("sort", "must be one of "+strings.Join(names, ", ")+" (prefix - for descending)")
	}
	return keysetSort{column: name, cast: cast, desc: desc}, nil
}

// after adds the keyset condition for rows after cursor c (sort value, id).
func (k keysetSort) after(w *where, idColumn string, c cursor) {
	if c == nil {
		return
	}
	op := ">"
	if k.desc {
		op = "<"
	}
	w.add(fmt.Sprintf("(%s, %s) %s (?::%s, ?)", k.column, idColumn, op, k.cast), c[0], c[1])
}

// orderBy returns the ORDER BY clause with the id as tiebreaker.
func (k keysetSort) orderBy(idColumn string) string {
	dir := ""
	if k.desc {
		dir = " DESC"
	}
	return fmt.Sprintf(" ORDER BY %s%s, %s%s", k.column, dir, idColumn, dir)
}

// cursorTime prints a timestamp for a cursor; PostgreSQL keeps
// microseconds, so it reads back exactly.
func cursorTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// seconds returns the whole seconds from a to b, or nil when b is unknown.
func seconds(a time.Time, b *time.Time) *int64 {
	if b == nil || a.IsZero() {
		return nil
	}
	s := int64(b.Sub(a) / time.Second)
	return &s
}

// peopleStreamIDs returns the distinct ids of the streams of events whose name
// starts with prefix, in first-seen order.
func peopleStreamIDs(events []eventstore.Recorded, prefix string) []string {
	seen := map[string]bool{}
	var ids []string
	for _, e := range events {
		if id, ok := strings.CutPrefix(e.Stream, prefix); ok && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// loadRows reads the rows of table whose key is one of ids into T (by db
// tags), by key. The runner's session probes the key even where a plan
// cached on a small table would scan (see Runner.withLock).
func loadRows[T any](ctx context.Context, tx pgx.Tx, table, key string, ids []string, keyOf func(*T) string) (map[string]*T, error) {
	out := make(map[string]*T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	// A batch, not Query: a runner's transaction sends BEGIN with it.
	b := &pgx.Batch{}
	b.Queue("SELECT * FROM "+table+" WHERE "+key+" = ANY($1)", ids).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, pgx.RowToAddrOfStructByNameLax[T])
		for _, r := range list {
			out[keyOf(r)] = r
		}
		return err
	})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("load %s: %w", table, err)
	}
	return out, nil
}
