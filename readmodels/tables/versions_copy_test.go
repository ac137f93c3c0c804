package tables

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
)

// copiedRow has a field of every kind a row version carries.
type copiedRow struct {
	ID       string            `db:"id"`
	Seq      int               `db:"seq"`
	Version  uint64            `db:"version"`
	Open     bool              `db:"open"`
	At       time.Time         `db:"at"`
	Day      queries.Day       `db:"day"`
	Closed   *time.Time        `db:"closed"`
	Count    *int64            `db:"count"`
	Lines    []string          `db:"lines"`
	Facts    map[string]string `db:"facts"`
	Label    string            `db:"label"`
	Deadline queries.Day       `db:"deadline"`
}

// copiedTable declares copiedRow's table; deadline is the column whose
// type (date when binary is false) the binary copy does not write.
func copiedTable(name string, binary bool) string {
	deadline := "timestamptz"
	if !binary {
		deadline = "date"
	}
	return fmt.Sprintf(`CREATE TABLE %s (id text NOT NULL, seq int NOT NULL, version bigint NOT NULL, open boolean NOT NULL,
		at timestamptz NOT NULL, day timestamptz NOT NULL, closed timestamptz, count bigint, lines jsonb NOT NULL,
		facts json NOT NULL, label varchar NOT NULL, deadline %s NOT NULL);`, name, deadline)
}

// copiedVersions returns n versions at the kinds' edges: empty, non-ASCII
// and long texts, negative numbers, NULLs, times before 1970 with
// nanoseconds, closed, open and empty ranges.
func copiedVersions(n int) []*rowVersion[copiedRow] {
	out := make([]*rowVersion[copiedRow], n)
	for i := range out {
		at := time.Date(1960+i%80, time.Month(1+i%12), 1+i%28, i%24, i%60, i%60, i*7919%1_000_000_000, time.FixedZone("", (i%5-2)*3600))
		r := copiedRow{ID: fmt.Sprintf("c-%d", i/3), Seq: i*65537 - 1<<30, Version: uint64(i), Open: i%2 == 0, At: at,
			Day: queries.Day{Time: at.UTC().Truncate(24 * time.Hour)}, Lines: []string{}, Facts: map[string]string{},
			Label: "签订 «é» \\ \t \"q\"", Deadline: queries.Day{Time: time.Date(2026, 1, 1+i%300, 0, 0, 0, 0, time.UTC)}}
		v := &rowVersion[copiedRow]{id: r.ID, version: r.Version, sysFrom: at, validFrom: at.Add(-time.Hour)}
		switch i % 3 {
		case 0:
			r.Label, r.Lines = "", nil
		case 1:
			count, later := int64(i)*-7_000_000_000_001, at.Add(time.Minute)
			r.Closed, r.Count, r.Lines, r.Facts = &later, &count, []string{"a", fmt.Sprint(i)}, map[string]string{"k": "v"}
			v.sysTo, v.validTo = &later, &later
		default:
			v.sysTo, v.validTo = &v.sysFrom, &v.sysFrom // empty on the recorded axis
		}
		v.row = r
		out[i] = v
	}
	return out
}

// Given row versions of every kind of field, when copyIn copies them
// (binary, or through pgx where a column's type asks it) into one
// versions table and pgx's CopyFrom into another, then both hold the
// same rows.
func TestVersionsCopyIn_givenEveryKindOfField_whenCopied_thenTheyEqualPgxCopyFrom(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	for _, binary := range []bool{true, false} {
		t.Run(fmt.Sprintf("binary %v", binary), func(t *testing.T) {
			// pgx's CopyFrom keeps the column types of a table by its name
			// on the connection, so each case's tables have names of their own
			schema := pgx.Identifier{fmt.Sprintf("%s_copy_%v", ns, binary)}.Sanitize()
			m, th := fmt.Sprintf("mine_%v", binary), fmt.Sprintf("theirs_%v", binary)
			err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, "CREATE SCHEMA "+schema+"; SET LOCAL search_path = "+schema+";"+
					copiedTable(m, binary)+copiedTable(th, binary)+VersionsSetup(m, "id")+VersionsSetup(th, "id")); err != nil {
					return err
				}
				versions := copiedVersions(3000) // many 64 KiB chunks
				mine := NewVersions(m, "id", func(r *copiedRow) string { return r.ID }, func(r *copiedRow) uint64 { return r.Version })
				theirs := NewVersions(th, "id", func(r *copiedRow) string { return r.ID }, func(r *copiedRow) uint64 { return r.Version })
				mine.added, theirs.added = versions, versions
				if err := mine.copyIn(ctx, tx); err != nil {
					return err
				}
				cols := columnsOf[copiedRow]()
				names := append(strings.Split(Columns[copiedRow](), ", "), "sys_period", "valid_period")
				if err := theirs.copyInRows(ctx, tx, cols, names); err != nil {
					return err
				}
				all := "id, seq, version, open, at, day, closed, count, lines, facts::text, label, deadline, sys_period, valid_period"
				differ, total, err := CountDiffering(ctx, tx, all, VersionsTable(m), VersionsTable(th))
				if differ != 0 || total != len(versions) {
					t.Errorf("%d of %d copied versions differ from pgx's (want 0 of %d)", differ, total, len(versions))
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Given a row version whose int field an int column cannot hold, when
// copyIn copies it, then it fails as pgx's CopyFrom does.
func TestVersionsCopyIn_givenAnIntOutOfAnIntsRange_whenCopied_thenItFails(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	schema := pgx.Identifier{string(ns) + "_copy_range"}.Sanitize()
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "CREATE SCHEMA "+schema+"; SET LOCAL search_path = "+schema+";"+
			copiedTable("mine", true)+VersionsSetup("mine", "id")); err != nil {
			return err
		}
		versions := copiedVersions(2)
		versions[1].row.Seq = 1 << 40
		mine := NewVersions("mine", "id", func(r *copiedRow) string { return r.ID }, func(r *copiedRow) uint64 { return r.Version })
		mine.added = versions
		return mine.copyIn(ctx, tx)
	})
	if err == nil {
		t.Fatal("copyIn of a seq of 2^40 into an int column: want an error")
	}
}

// CountDiffering counts the rows of table mine whose columns cols (a
// select list) no row of theirs has, and the rows of mine: a test of a
// copy against pgx's CopyFrom of the same rows (tables_test's too).
func CountDiffering(ctx context.Context, tx pgx.Tx, cols, mine, theirs string) (differ, total int, err error) {
	err = tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM (SELECT `+cols+` FROM `+mine+`
		EXCEPT ALL SELECT `+cols+` FROM `+theirs+`) d), (SELECT count(*) FROM `+mine+`)`).Scan(&differ, &total)
	return differ, total, err
}
