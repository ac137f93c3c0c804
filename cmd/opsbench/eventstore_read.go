package main

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/eventstore"
)

// readBatch is how many events the store's read-back asks for at a time,
// as a projection catching up would.
const readBatch = 5000

// rawRow is what the baseline materializes per row: the same values a
// Recorded carries, metadata left as bytes.
type rawRow struct {
	seq, version  int64
	stream, id    string
	typ           string
	schemaVersion int32
	recordedAt    time.Time
	data, meta    []byte
}

// rawReadAll reads the baseline table back in one query, in seq order.
func (b *esBench) rawReadAll(ctx context.Context) (int, error) {
	rows, err := b.pool.Query(ctx, `SELECT seq, stream, version, id, type, schema_version, recorded_at, data, metadata
		FROM bench_raw.events ORDER BY seq`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var out []rawRow
	for rows.Next() {
		var r rawRow
		if err := rows.Scan(&r.seq, &r.stream, &r.version, &r.id, &r.typ, &r.schemaVersion, &r.recordedAt, &r.data, &r.meta); err != nil {
			return 0, err
		}
		out = append(out, r)
	}
	return len(out), rows.Err()
}

// storeReadAll reads the store's whole log with ReadAll pages.
func (b *esBench) storeReadAll(ctx context.Context) (int, error) {
	var n int
	from := eventstore.Start
	for {
		page, err := b.store.ReadAll(ctx, from, readBatch, eventstore.Filter{})
		if err != nil {
			return n, err
		}
		if len(page) == 0 {
			return n, nil
		}
		n += len(page)
		from = page[len(page)-1].Position
	}
}
