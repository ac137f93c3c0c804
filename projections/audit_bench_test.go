package projections

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// BenchmarkAuditApply compares the two ways of writing a batch of the
// audit trail, COPY and one INSERT of unnested arrays, at the sizes of a
// live batch and of a rebuild's. Each op is a transaction as the runner
// runs it (asynchronous commit); "server-µs/op" is the CPU time of the
// PostgreSQL backend that served it, read from /proc (local server only).
//
//	TEST_POSTGRES_URL=… go test -run '^$' -bench AuditApply -count 5 ./projections/
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
		if err := (AuditTrail{}).Setup(ctx, tx); err != nil {
			return err
		}
		return AuditTrail{}.Indexes(ctx, tx)
	})
	if err != nil {
		b.Fatal(err)
	}
	var pos uint64
	for _, n := range []int{1, 12, 100, 1000} {
		for _, way := range []struct {
			name  string
			write func(context.Context, pgx.Tx, []eventstore.Recorded) error
		}{{"copy", AuditTrail{}.Apply}, {"insert", insertAudit}} {
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
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		b.Skipf("backend CPU not readable (server not local?): %v", err)
	}
	// utime and stime are the 12th and 13th fields after the command name.
	f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+1:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

// insertAudit writes events with one INSERT of one array per column, the
// alternative to Apply's COPY that BenchmarkAuditApply measures.
func insertAudit(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	n := len(events)
	major, minor, version := make([]int64, n), make([]int64, n), make([]int64, n)
	schemaVersion := make([]int32, n)
	effective := make([]*time.Time, n)
	recorded := make([]time.Time, n)
	text := make([][]string, 16)
	for j := range text {
		text[j] = make([]string, n)
	}
	for i, e := range events {
		c := auditDerivedOf(e)
		major[i], minor[i], version[i] = int64(e.Position.Major), int64(e.Position.Minor), int64(e.StreamVersion)
		schemaVersion[i], effective[i], recorded[i] = int32(e.SchemaVersion), c.effective, e.RecordedAt
		for j, v := range []string{e.ID, e.Stream, c.aggType, c.aggID, e.Type, c.m.ActorID, string(c.m.ActorRole),
			c.m.ActorOrgUnitID, c.m.OnBehalfOf, c.m.Reason, c.m.SourceDocRef, c.m.PolicyVersion, c.m.CorrelationID,
			c.m.CausationID, c.m.IdempotencyKey, c.data} {
			text[j][i] = v
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_trail (pos_major, pos_minor, event_id, stream, aggregate_type, aggregate_id,
			stream_version, event_type, schema_version, actor_id, actor_role, actor_org_unit, on_behalf_of, reason,
			source_doc_ref, policy_version, effective_at, recorded_at, correlation_id, causation_id, idempotency_key, data)
		SELECT a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v::jsonb
		FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[],
			$9::int[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
			$17::timestamptz[], $18::timestamptz[], $19::text[], $20::text[], $21::text[], $22::text[])
			AS x(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v)`,
		major, minor, text[0], text[1], text[2], text[3], version, text[4], schemaVersion, text[5], text[6], text[7],
		text[8], text[9], text[10], text[11], effective, recorded, text[12], text[13], text[14], text[15])
	return err
}
