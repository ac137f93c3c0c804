package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
)

// rawTableSQL is the baseline: the store's columns without the
// transaction id, with only a primary key and unique (stream, version).
const rawTableSQL = `CREATE TABLE bench_raw.events (
	seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	stream         text        NOT NULL,
	version        bigint      NOT NULL,
	id             text        NOT NULL,
	type           text        NOT NULL,
	schema_version integer     NOT NULL,
	recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
	data           bytea       NOT NULL,
	metadata       bytea       NOT NULL,
	UNIQUE (stream, version))`

// esBench holds what both sides write: the same body and metadata bytes.
type esBench struct {
	lock     *pgx.Conn // holds the run's advisory lock until it exits
	pool     *pgxpool.Pool
	store    *postgres.Store
	n        int
	event    eventstore.EventData
	metaJSON []byte
	run      atomic.Int64 // numbers phases, so stream names never repeat
}

// newESBench waits until no other run uses the database, then wipes and
// recreates the benchmark schemas.
func newESBench(ctx context.Context, pool *pgxpool.Pool, n int) (*esBench, error) {
	lock, err := lockBench(ctx, pool)
	if err != nil {
		return nil, err
	}
	if err := wipe(ctx, pool); err != nil {
		_ = lock.Close(ctx)
		return nil, fmt.Errorf("prepare schemas: %w", err)
	}
	meta := eventstore.Metadata{
		ActorID: "emp-000042", ActorRole: domain.Role("SALES_REP"), ActorOrgUnitID: "east-sales",
		Reason: "bench", RegulationVersion: "2026.1", EffectiveAt: time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC),
		CorrelationID: uuid.NewString(), CausationID: uuid.NewString(),
	}
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	body := `{"contract_id":"ct-2026-000123","customer_id":"cu-000987","amount":{"minor":12850000,"currency":"CNY"},"signed_at":"2026-01-02T09:00:00Z","note":"年度框架合同"`
	body += `,"pad":"` + strings.Repeat("x", max(0, 198-len(body))) + `"}`
	return &esBench{
		lock: lock, pool: pool, store: postgres.New(pool, postgres.Options{Schema: esSchema}), n: n,
		event:    eventstore.EventData{Type: "contract.signed", SchemaVersion: 1, Data: []byte(body), Metadata: meta},
		metaJSON: metaJSON,
	}, nil
}

// lockBench takes a session advisory lock on its own connection, so two
// runs against one database queue up instead of dropping each other's
// tables (and measuring each other). It is released when the connection
// closes: at release, or when the process exits.
func lockBench(ctx context.Context, pool *pgxpool.Pool) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, err
	}
	const key = "hashtext('opsbench eventstore')"
	var got bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock("+key+")").Scan(&got); err == nil && !got {
		fmt.Fprintln(os.Stderr, "opsbench: another benchmark run holds this database; waiting")
		_, err = conn.Exec(ctx, "SELECT pg_advisory_lock("+key+")")
	}
	if err != nil {
		_ = conn.Close(ctx)
		return nil, err
	}
	return conn, nil
}

// release ends the run: the store stops and the lock is freed.
func (b *esBench) release() {
	_ = b.store.Close()
	_ = b.lock.Close(context.Background())
}

// parallel runs n operations on writers goroutines.
func parallel(ctx context.Context, writers, n int, op func(ctx context.Context, i int) error) error {
	var next atomic.Int64
	g, ctx := errgroup.WithContext(ctx)
	for range writers {
		g.Go(func() error {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if err := op(ctx, i); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// ids draws the event ids of a phase up front, outside the timing.
func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = uuid.NewString()
	}
	return out
}

// rawInsert writes b.n events as INSERTs of per rows each into new
// streams, committing each INSERT on its own.
func (b *esBench) rawInsert(ctx context.Context, writers, per int) (int, error) {
	ids, run := ids(b.n), b.run.Add(1)
	sql := rawInsertSQL(per)
	err := parallel(ctx, writers, b.n/per, func(ctx context.Context, i int) error {
		args := make([]any, 0, 7*per)
		for k := range per {
			args = append(args, fmt.Sprintf("raw%d-%d", run, i), k+1, ids[i*per+k],
				b.event.Type, int32(b.event.SchemaVersion), b.event.Data, b.metaJSON)
		}
		_, err := b.pool.Exec(ctx, sql, args...)
		return err
	})
	return b.n / per * per, err
}

func rawInsertSQL(rows int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO bench_raw.events (stream, version, id, type, schema_version, data, metadata) VALUES ")
	for r := range rows {
		if r > 0 {
			sb.WriteString(", ")
		}
		p := 7 * r
		fmt.Fprintf(&sb, "($%d, $%d, $%d, $%d, $%d, $%d, $%d)", p+1, p+2, p+3, p+4, p+5, p+6, p+7)
	}
	return sb.String()
}

// storeAppend appends b.n events as appends of per events to new streams.
func (b *esBench) storeAppend(ctx context.Context, writers, per int) (int, error) {
	ids, run := ids(b.n), b.run.Add(1)
	err := parallel(ctx, writers, b.n/per, func(ctx context.Context, i int) error {
		evs := make([]eventstore.EventData, per)
		for k := range evs {
			evs[k] = b.event
			evs[k].ID = ids[i*per+k]
		}
		_, err := b.store.Append(ctx, fmt.Sprintf("es%d-%d", run, i), eventstore.NoStream, evs...)
		return err
	})
	return b.n / per * per, err
}
