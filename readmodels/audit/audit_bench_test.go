package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/internal/cputime"
)

// BenchmarkAuditApply compares the two ways of writing a batch of the
// audit trail, COPY and one INSERT of unnested arrays, at the sizes of a
// live batch and of a rebuild's. Each op is a transaction as the runner
// runs it (asynchronous commit); "server-µs/op" is the CPU time of the
// PostgreSQL backend that served it, read from /proc (local server only).
//
//	TEST_POSTGRES_URL=… go test -run '^$' -bench AuditApply -count 5 ./readmodels/audit/
func BenchmarkAuditApply(b *testing.B) {
	url := os.Getenv("TEST_POSTGRES_URL")
	if url == "" {
		b.Skip("TEST_POSTGRES_URL not set")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	suffix := make([]byte, 4)
	rand.Read(suffix)
	schema := pgx.Identifier{"bench_audit_" + hex.EncodeToString(suffix)}.Sanitize()
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema+"; SET search_path TO "+schema+"; SET synchronous_commit TO off"); err != nil {
		b.Fatal(err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "DROP SCHEMA "+schema+" CASCADE") //nolint:errcheck // best effort
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if err := (Projection{}).Setup(ctx, tx); err != nil {
			return err
		}
		return Projection{}.Indexes(ctx, tx)
	})
	if err != nil {
		b.Fatal(err)
	}
	var pos uint64
	for _, n := range []int{1, 12, 100, 1000} {
		for _, way := range []struct {
			name  string
			write func(context.Context, pgx.Tx, []eventstore.Recorded) error
		}{{"copy", copyAudit}, {"insert", insertAudit}} {
			b.Run(fmt.Sprintf("%s/events=%d", way.name, n), func(b *testing.B) {
				// Both ways start from an empty table, so neither pays for
				// the other's index growth.
				if _, err := conn.Exec(ctx, "TRUNCATE audit_trail"); err != nil {
					b.Fatal(err)
				}
				batches := make([][]eventstore.Recorded, b.N)
				for i := range batches {
					batches[i] = benchAuditEvents(&pos, n)
				}
				cpu0 := backendCPU(b, int(conn.PgConn().PID()))
				b.ResetTimer()
				for i := range b.N {
					if err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error { return way.write(ctx, tx, batches[i]) }); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				cpu := backendCPU(b, int(conn.PgConn().PID())) - cpu0
				b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "server-µs/op")
			})
		}
	}
}

// benchAuditEvents returns n events with the envelope a command gives
// them, at the positions after *pos.
func benchAuditEvents(pos *uint64, n int) []eventstore.Recorded {
	out := make([]eventstore.Recorded, n)
	now := time.Now()
	for i := range out {
		*pos++
		id := strconv.FormatUint(*pos, 10)
		out[i] = eventstore.Recorded{
			EventData: eventstore.EventData{ID: "ev-" + id, Type: "customer.contact_logged", SchemaVersion: 1,
				Data: []byte(`{"customer_id":"c-` + id + `","employee_id":"rep-1","contact_id":"k1","channel":"PHONE",` +
					`"topic":"follow-up","outcome":"asked for a quote next week","at":"2026-11-03T09:00:00Z"}`),
				Metadata: eventstore.Metadata{ActorID: "rep-1", ActorRole: domain.RoleSalesRep, ActorOrgUnitID: "sales-1",
					CorrelationID: "req-" + id, CausationID: "req-" + id, IdempotencyKey: "key-" + id}},
			Stream: "customer-c-" + id, StreamVersion: 7, Position: eventstore.Position{Major: *pos}, RecordedAt: now,
		}
	}
	return out
}

// backendCPU is the user and system CPU time a local process has used.
func backendCPU(b *testing.B, pid int) time.Duration {
	d, ok := cputime.Of(pid)
	if !ok {
		b.Skipf("backend %d CPU not readable (server not local?)", pid)
	}
	return d
}

// insertAudit writes events with one INSERT of one array per column, the
// alternative to COPY that BenchmarkAuditApply measures.
func insertAudit(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	return tx.SendBatch(ctx, auditInsert(events)).Close()
}

// copyAudit writes events with COPY.
func copyAudit(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	return auditCopy(ctx, tx, events)
}
