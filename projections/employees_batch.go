package projections

// Helpers the people and service read models (complaints, employees,
// targets) share: decoding, batch pipelining, version stamping and
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

// sendBatch runs the queued statements in one round trip.
func sendBatch(ctx context.Context, tx pgx.Tx, b *pgx.Batch) error {
	if b.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, b).Close()
}

// streamStamp is the last version of one stream within a batch and when
// that event was recorded.
type streamStamp struct {
	ids      []string
	versions []int64
	at       []time.Time
}

// lastStamps returns, for each stream of events whose name starts with
// prefix, its id (the name without prefix), last version and recording
// time. One set-based UPDATE per batch then stamps the rows, instead of one
// per event: streams such as employees' check-ins are long and change
// nothing else.
func lastStamps(events []eventstore.Recorded, prefix string) streamStamp {
	var s streamStamp
	index := map[string]int{}
	for _, e := range events {
		id, ok := strings.CutPrefix(e.Stream, prefix)
		if !ok {
			continue
		}
		if i, seen := index[id]; seen {
			s.versions[i], s.at[i] = int64(e.StreamVersion), e.RecordedAt
			continue
		}
		index[id] = len(s.ids)
		s.ids = append(s.ids, id)
		s.versions = append(s.versions, int64(e.StreamVersion))
		s.at = append(s.at, e.RecordedAt)
	}
	return s
}

// queueStamp queues the version stamp of table's rows keyed by idColumn.
// Rows only move forward, so replaying an older batch never lowers them.
func queueStamp(b *pgx.Batch, table, idColumn string, s streamStamp) {
	if len(s.ids) == 0 {
		return
	}
	b.Queue(`UPDATE `+table+` t SET version = v.version, updated_at = v.at
		FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS v(id, version, at)
		WHERE t.`+idColumn+` = v.id AND t.version <= v.version`, s.ids, s.versions, s.at)
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
