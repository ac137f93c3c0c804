package postgres

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/opsledger/opsledger/internal/pgoutage"
	"github.com/opsledger/opsledger/queries"
)

// Accesses lists the entries f selects in the order they were written,
// a page at a time (the cursor is the last entry's id). Each row of a
// read is unnested into its entries; rows come in id order from the
// primary key (or, for one subject, from the GIN index on the subjects),
// so a page reads the rows it shows and not the whole log.
func (s *Store) Accesses(ctx context.Context, f queries.AccessFilter, page queries.PageRequest) (queries.Page[queries.AccessRecord], error) {
	after, err := decodeCursor(page.Cursor)
	if err != nil {
		return queries.Page[queries.AccessRecord]{}, err
	}
	limit := page.Size()
	where, args := accessWhere(f, after)
	rows, err := s.pool.Query(ctx, `SELECT r.first_id + s.ord - 1, r.read_at, r.reader_id, r.reader_roles, r.subject_kind, s.subject_id,
			r.category, r.fields, r.endpoint, r.request_id, coalesce(s.owner_id, '')
		FROM `+s.table+` r CROSS JOIN LATERAL unnest(r.subject_ids, r.subject_owner_ids) WITH ORDINALITY AS s(subject_id, owner_id, ord)
		WHERE `+where+`
		ORDER BY r.last_id, s.ord LIMIT `+strconv.Itoa(limit+1), args...)
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

// accessWhere is the condition of the entries f selects after the entry
// with id after, with only the filters f sets (one plan each, rather than
// one generic plan that must serve every combination and uses no index).
func accessWhere(f queries.AccessFilter, after int64) (string, []any) {
	args := []any{after}
	conds := []string{"r.last_id > $1", "r.first_id + s.ord - 1 > $1"}
	add := func(cond string, arg any) {
		args = append(args, arg)
		conds = append(conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	if f.SubjectID != "" {
		add("r.subject_ids @> ARRAY[$?::text] AND s.subject_id = $?", f.SubjectID)
	}
	if f.ReaderID != "" {
		add("r.reader_id = $?", f.ReaderID)
	}
	if !f.From.IsZero() {
		add("r.read_at >= $?", f.From)
	}
	if !f.To.IsZero() {
		add("r.read_at < $?", f.To)
	}
	if f.NotOwner {
		conds = append(conds, "cardinality(r.subject_owner_ids) > 0 AND s.owner_id <> '' AND s.owner_id <> r.reader_id")
	}
	return strings.Join(conds, " AND "), args
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
