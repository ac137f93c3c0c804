package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// The compliance questions are answered in SQL over the audit trail: it
// keeps every event's body and envelope, so each question is one query that
// groups the events it needs by the record they prove something about. No
// other table is needed, so the answers are rebuilt with the audit trail.
//
// Each question's SQL (questions_sql.go) selects, for every row, a sort
// key, the subject, its facts (a json object of strings), its flags and
// its evidence (a json array of events), and the recorded times of its
// first and last events. $1 is the subject id ('' for all); question
// parameters start at $6.

// Answer answers one compliance question.
func (q *Queries) Answer(ctx context.Context, id string, f queries.AuditQuestionFilter, page queries.PageRequest) (queries.AuditAnswer, error) {
	question, ok := queries.FindAuditQuestion(id)
	sql, known := questionSQL[id]
	if !ok || !known {
		return queries.AuditAnswer{}, domain.NotFound("no compliance question " + id)
	}
	var after *string
	if page.Cursor != "" {
		c, err := tables.DecodeCursor(page.Cursor, 1)
		if err != nil {
			return queries.AuditAnswer{}, queries.ErrBadCursor
		}
		after = &c[0]
	}
	limit := page.Size()
	args := append([]any{f.Subject, after, optTime(f.From), optTime(f.To), limit + 1}, questionArgs(id)...)
	rows, err := q.Query(ctx, `SELECT key, subject, facts, flags, evidence FROM (`+
		strings.ReplaceAll(sql, "{T}", q.Table("audit_trail"))+`) a
		WHERE ($2::text IS NULL OR key COLLATE "C" > $2::text)
		  AND ($3::timestamptz IS NULL OR last_at >= $3::timestamptz)
		  AND ($4::timestamptz IS NULL OR first_at < $4::timestamptz)
		ORDER BY key COLLATE "C" LIMIT $5`, args...)
	if err != nil {
		return queries.AuditAnswer{}, fmt.Errorf("audit question %s: %w", id, err)
	}
	defer rows.Close()
	out := queries.AuditAnswer{Question: question.ID, Asks: question.Asks, Rows: []queries.AuditFinding{}}
	for rows.Next() {
		var r queries.AuditFinding
		var facts, evidence []byte
		if err := rows.Scan(&r.Key, &r.Subject, &facts, &r.Flags, &evidence); err != nil {
			return out, fmt.Errorf("audit question %s: %w", id, err)
		}
		if err := decodeFinding(&r, facts, evidence); err != nil {
			return out, fmt.Errorf("audit question %s: %w", id, err)
		}
		out.Rows = append(out.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("audit question %s: %w", id, err)
	}
	if len(out.Rows) > limit {
		out.Rows = out.Rows[:limit]
		out.NextCursor = tables.EncodeCursor(tables.Cursor{out.Rows[limit-1].Key})
	}
	return out, nil
}

// decodeFinding fills r's facts and evidence from their json; evidence
// entries of an event the row does not have (a left join that found
// nothing) are dropped.
func decodeFinding(r *queries.AuditFinding, facts, evidence []byte) error {
	r.Facts = map[string]string{}
	if err := json.Unmarshal(facts, &r.Facts); err != nil {
		return err
	}
	var ev []*queries.AuditEvidence
	if err := json.Unmarshal(evidence, &ev); err != nil {
		return err
	}
	r.Evidence = []queries.AuditEvidence{}
	for _, e := range ev {
		if e == nil || e.EventID == "" {
			continue
		}
		e.RecordedAt = e.RecordedAt.UTC()
		if e.EffectiveAt != nil {
			at := e.EffectiveAt.UTC()
			e.EffectiveAt = &at
		}
		r.Evidence = append(r.Evidence, *e)
	}
	if r.Flags == nil {
		r.Flags = []string{}
	}
	return nil
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// questionArgs are the parameters a question's SQL takes beyond the
// common five: A12 compares fines with the fine schedule of the employee
// regulation's default version, the only version the log records today.
func questionArgs(id string) []any {
	if id != "A12" {
		return nil
	}
	var items []string
	var amounts []int64
	for _, f := range employee.DefaultRegulation().Fines {
		items, amounts = append(items, f.Code), append(amounts, f.Amount.Minor)
	}
	return []any{defaultEmployeeRegulation, items, amounts}
}

// defaultEmployeeRegulation is the version the command layer records for
// the employee regulation's defaults.
const defaultEmployeeRegulation = "employee/default"
