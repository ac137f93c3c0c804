package tables_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// copyRow is one row of every type CopyBinary writes.
type copyRow struct {
	big      int64
	small    int32
	text     string
	at       time.Time
	optional *time.Time
	body     []byte
}

// copyRows returns n rows at the types' edges: negative numbers, times
// before 1970 and 2000 with nanoseconds, NULL times, empty and non-ASCII
// texts, empty and spaced json bodies, texts long enough to span chunks.
func copyRows(n int) []copyRow {
	rows := make([]copyRow, n)
	for i := range rows {
		at := time.Date(1960+i%80, time.Month(1+i%12), 1+i%28, i%24, i%60, i%60, i*7919%1_000_000_000, time.FixedZone("", (i%5-2)*3600))
		r := copyRow{big: int64(i) * -7_000_000_000_001, small: int32(i*65537 - 1<<30), at: at}
		switch i % 4 {
		case 0:
			r.text, r.body = "", nil
		case 1:
			r.text, r.body = "签订 «é» \\ \t \"q\"", []byte(`{"z": 1,  "a": [3, 2]}`)
		case 2:
			r.text, r.body = strings.Repeat("x", 1000+i), []byte(`"s"`)
			r.optional = &at
		default:
			r.text, r.body = fmt.Sprint(i), []byte(`null`)
			late := at.Add(time.Hour)
			r.optional = &late
		}
		rows[i] = r
	}
	return rows
}

const copyTable = "(big bigint, small int, text text, at timestamptz, optional timestamptz, body json)"

var copyColumns = []string{"big", "small", "text", "at", "optional", "body"}

// Given rows of every type at their edges, when CopyBinary copies them
// into one table and pgx's CopyFrom into another, then both hold the
// same values, byte for byte, and CopyBinary counts the rows it copied.
func TestCopyBinary_givenRowsOfEveryType_whenCopied_thenTheyEqualPgxCopyFrom(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	schema := string(ns) + "_copy"
	for _, n := range []int{0, 1, 3000} { // 3,000 rows of 1 KB: many 64 KiB chunks
		t.Run(fmt.Sprintf("%d rows", n), func(t *testing.T) {
			rows := copyRows(n)
			err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, fmt.Sprintf(`CREATE SCHEMA IF NOT EXISTS %[1]s; SET LOCAL search_path = %[1]s;
					DROP TABLE IF EXISTS mine, theirs; CREATE TABLE mine %[2]s; CREATE TABLE theirs %[2]s`, schema, copyTable)); err != nil {
					return err
				}
				copied, err := tables.CopyBinary(ctx, tx, "mine", copyColumns, n, func(i int, r *tables.CopyRow) {
					row := rows[i]
					r.Int8(row.big)
					r.Int4(row.small)
					r.Text(row.text)
					r.Timestamptz(row.at)
					r.OptTimestamptz(row.optional)
					r.JSON(row.body)
				})
				if err != nil {
					return err
				}
				if copied != int64(n) {
					t.Errorf("CopyBinary copied %d rows, want %d", copied, n)
				}
				_, err = tx.CopyFrom(ctx, pgx.Identifier{"theirs"}, copyColumns, pgx.CopyFromSlice(n, func(i int) ([]any, error) {
					row := rows[i]
					body := string(row.body)
					if body == "" {
						body = "null"
					}
					return []any{row.big, row.small, row.text, row.at, row.optional, body}, nil
				}))
				if err != nil {
					return err
				}
				differ, total, err := tables.CountDiffering(ctx, tx, "big, small, text, at, optional, body::text", "mine", "theirs")
				if differ != 0 || total != n {
					t.Errorf("%d of %d copied rows differ from pgx's (want 0 of %d)", differ, total, n)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Given a row the server refuses (a body that is not JSON), when
// CopyBinary copies it, then it returns the server's error.
func TestCopyBinary_givenARowTheServerRefuses_whenCopied_thenItsErrorIsReturned(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, fmt.Sprintf(`CREATE SCHEMA %[1]s_copy; SET LOCAL search_path = %[1]s_copy; CREATE TABLE t (body json)`, ns)); err != nil {
			t.Fatal(err)
		}
		_, err := tables.CopyBinary(ctx, tx, "t", []string{"body"}, 2, func(i int, r *tables.CopyRow) {
			r.JSON([]byte([]string{`{}`, `{"unclosed": `}[i]))
		})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "json") {
		t.Fatalf("CopyBinary of a broken body: error = %v, want the server's invalid json error", err)
	}
}
