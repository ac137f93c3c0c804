package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/internal/pgoutage"
	"github.com/opsledger/opsledger/queries"
)

var columns = []string{"last_id", "first_id", "read_at", "reader_id", "reader_roles", "subject_kind", "category", "fields",
	"endpoint", "request_id", "subject_ids", "subject_owner_ids"}

// Write implements accesslog.Sink: the entries become rows of reads (see
// readRows), their ids are taken from the counter and the rows copied,
// all in one transaction. The counter's row lock orders concurrent
// writers, so ids are handed out in commit order: a reader paging by id
// never skips an entry committed later under a lower id.
func (s *Store) Write(ctx context.Context, entries []queries.AccessRecord) error {
	if len(entries) == 0 {
		return nil
	}
	rows, sizes := readRows(entries)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var first int64
		if err := tx.QueryRow(ctx, `UPDATE `+s.ids+` SET next_id = next_id + $1 RETURNING next_id - $1`,
			int64(len(entries))).Scan(&first); err != nil {
			return err
		}
		for i, r := range rows {
			r[0], r[1] = first+sizes[i]-1, first
			first += sizes[i]
		}
		_, err := tx.CopyFrom(ctx, s.reads, columns, pgx.CopyFromRows(rows))
		return err
	})
	if err != nil {
		return fmt.Errorf("access log: write %d entries: %w", len(entries), pgoutage.Mark(err))
	}
	return nil
}

// readRows gathers consecutive entries of one read and one kind of data
// (same time, reader, roles, endpoint, request, subject kind, category
// and fields) into one row each, in the order given, leaving the two ids
// (the first two columns) to Write, with each row's count of entries. A
// page of files is one row.
func readRows(entries []queries.AccessRecord) (rows [][]any, sizes []int64) {
	for start := 0; start < len(entries); {
		end := start + 1
		for end < len(entries) && sameRead(entries[start], entries[end]) {
			end++
		}
		rows, sizes = append(rows, readRow(entries[start:end])), append(sizes, int64(end-start))
		start = end
	}
	return rows, sizes
}

func sameRead(a, b queries.AccessRecord) bool {
	return a.At.Equal(b.At) && a.ReaderID == b.ReaderID && a.RequestID == b.RequestID && a.Endpoint == b.Endpoint &&
		a.SubjectKind == b.SubjectKind && a.Category == b.Category &&
		slices.Equal(a.Fields, b.Fields) && slices.Equal(a.ReaderRoles, b.ReaderRoles)
}

// readRow is the row of entries of one read; owners are kept only when
// one of the subjects has one.
func readRow(es []queries.AccessRecord) []any {
	subjects, owners, owned := make([]string, len(es)), make([]string, len(es)), false
	for i, e := range es {
		subjects[i], owners[i] = e.SubjectID, e.SubjectOwnerID
		owned = owned || e.SubjectOwnerID != ""
	}
	if !owned {
		owners = owners[:0]
	}
	e := es[0]
	return []any{nil, nil, e.At, e.ReaderID, orEmpty(e.ReaderRoles), e.SubjectKind, e.Category, orEmpty(e.Fields),
		e.Endpoint, e.RequestID, subjects, owners}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
