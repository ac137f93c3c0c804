package tables

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
)

// StreamIDs returns the distinct ids of the streams of events whose name
// starts with prefix, in first-seen order.
func StreamIDs(events []eventstore.Recorded, prefix string) []string {
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

// LoadRows reads the rows of table whose key is one of ids, by key.
func LoadRows[T any](ctx context.Context, tx pgx.Tx, table, key string, ids []string, keyOf func(*T) string) (map[string]*T, error) {
	out := make(map[string]*T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	// A batch, not Query: a runner's transaction sends BEGIN with it.
	b := &pgx.Batch{}
	queueLoad(b, table, key, ids, func(r *T) { out[keyOf(r)] = r })
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("load %s: %w", table, err)
	}
	return out, nil
}

// Touched returns the rows of ids that exist, in the order of ids.
func Touched[T any](rows map[string]*T, ids []string) []*T {
	out := make([]*T, 0, len(ids))
	for _, id := range ids {
		if r := rows[id]; r != nil {
			out = append(out, r)
		}
	}
	return out
}
