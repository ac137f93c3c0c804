package postgres

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"time"

	"github.com/opsledger/opsledger/internal/pgoutage"
	"github.com/opsledger/opsledger/queries"
)

// Accesses lists the entries f selects in the order they were written,
// a page at a time (the cursor is the last entry's id).
func (s *Store) Accesses(ctx context.Context, f queries.AccessFilter, page queries.PageRequest) (queries.Page[queries.AccessRecord], error) {
	after, err := decodeCursor(page.Cursor)
	if err != nil {
		return queries.Page[queries.AccessRecord]{}, err
	}
	limit := page.Size()
	rows, err := s.pool.Query(ctx, `SELECT id, read_at, reader_id, reader_roles, subject_kind, subject_id, category, fields,
			endpoint, request_id, subject_owner_id
		FROM `+s.table+`
		WHERE id > $1 AND ($2 = '' OR subject_id = $2) AND ($3 = '' OR reader_id = $3)
			AND ($4::timestamptz IS NULL OR read_at >= $4) AND ($5::timestamptz IS NULL OR read_at < $5)
			AND (NOT $7 OR (subject_owner_id <> '' AND subject_owner_id <> reader_id))
		ORDER BY id LIMIT $6`, after, f.SubjectID, f.ReaderID, optTime(f.From), optTime(f.To), limit+1, f.NotOwner)
	if err != nil {
		return queries.Page[queries.AccessRecord]{}, fmt.Errorf("access log: %w", pgoutage.Mark(err))
	}
	defer rows.Close()
	out := queries.Page[queries.AccessRecord]{Items: []queries.AccessRecord{}}
	for rows.Next() {
		var e queries.AccessRecord
		if err := rows.Scan(&e.ID, &e.At, &e.ReaderID, &e.ReaderRoles, &e.SubjectKind, &e.SubjectID, &e.Category, &e.Fields,
			&e.Endpoint, &e.RequestID, &e.SubjectOwnerID); err != nil {
			return out, fmt.Errorf("access log: %w", err)
		}
		e.At = e.At.UTC()
		e.ReaderIsOwner = e.SubjectOwnerID != "" && e.SubjectOwnerID == e.ReaderID
		out.Items = append(out.Items, e)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("access log: %w", pgoutage.Mark(err))
	}
	if len(out.Items) > limit {
		out.Items = out.Items[:limit]
		out.NextCursor = base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(out.Items[limit-1].ID, 10)))
	}
	return out, nil
}

func decodeCursor(c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, queries.ErrBadCursor
	}
	id, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil || id < 0 {
		return 0, queries.ErrBadCursor
	}
	return id, nil
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
