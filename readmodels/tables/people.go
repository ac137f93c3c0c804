package tables

// Helpers the people and service read models (complaints, employees,
// targets) share: decoding, loading a batch's rows, sending a batch, and
// whitelisted keyset sorting.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
)

// DecodeBody decodes an event's JSON body into T. The read models decode
// into the domain's own event types, so a renamed field breaks a test
// rather than silently projecting zeros.
func DecodeBody[T any](e eventstore.Recorded) (T, error) {
	var v T
	if err := json.Unmarshal(e.Data, &v); err != nil {
		return v, fmt.Errorf("decode %s %s: %w", e.Type, e.ID, err)
	}
	return v, nil
}

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
