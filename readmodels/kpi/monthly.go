package kpi

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// kpi_monthly keeps the facts pre-aggregated (KPI-counters): one row per
// company month × fact × employee × subject × flag with how many facts
// there are, their amounts and their scores. The KPIs read it instead of
// kpi_facts, so a query over a year reads a row per month and group, not
// a row per check-in. A company month is the periods' unit (a quarter or
// a year is whole months, bounds start at company midnight), so a fact
// falls in a period exactly when its month does.
//
// The subject is kept only for the facts a KPI credits through it (the
// contract of a payment, the customer of a visit or a survey); the
// others count per employee alone.

// subjectFacts are the facts whose subject a KPI joins on.
var subjectFacts = []string{factPayment, factUnauthorised, factVisit, factSurvey, factFollowUp, factInquiry, factInquiryDone, factStepDue}

func createMonthly(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE kpi_monthly (
			fact         text NOT NULL,
			month        timestamptz NOT NULL,
			employee_id  text NOT NULL,
			subject_id   text NOT NULL,
			flag         boolean NOT NULL,
			n            bigint NOT NULL,
			amount_minor bigint NOT NULL,
			score_sum    bigint NOT NULL,
			scores       bigint NOT NULL,
			PRIMARY KEY (fact, month, employee_id, subject_id, flag)
		);`)
	return err
}

// queueFacts queues one statement that inserts the facts and adds to the
// counters exactly the facts it inserted: a fact applied again conflicts,
// is not returned, and so is not counted twice.
func queueFacts(b *pgx.Batch, rows []*factRow) error {
	ins := &pgx.Batch{}
	if err := tables.QueueInsert(ins, "kpi_facts", rows,
		" ON CONFLICT (stream, version) DO NOTHING RETURNING fact, month, employee_id, subject_id, flag, amount_minor, score"); err != nil {
		return err
	}
	q := ins.QueuedQueries[0]
	b.Queue(`WITH ins AS (`+q.SQL+`)
		INSERT INTO kpi_monthly (fact, month, employee_id, subject_id, flag, n, amount_minor, score_sum, scores)
		SELECT fact, month, employee_id, CASE WHEN fact IN (`+quoted(subjectFacts)+`) THEN subject_id ELSE '' END, flag,
			count(*), sum(amount_minor), coalesce(sum(score), 0), count(score)
		FROM ins GROUP BY 1, 2, 3, 4, 5
		ON CONFLICT (fact, month, employee_id, subject_id, flag) DO UPDATE SET n = kpi_monthly.n + excluded.n,
			amount_minor = kpi_monthly.amount_minor + excluded.amount_minor,
			score_sum = kpi_monthly.score_sum + excluded.score_sum, scores = kpi_monthly.scores + excluded.scores`, q.Arguments...)
	return nil
}

func quoted(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "'" + s + "'"
	}
	return strings.Join(out, ", ")
}

// monthIn is "the counters row m falls in the period p".
func monthIn(w *tables.Where, p queries.KPIPeriod) string {
	return fmt.Sprintf("m.month >= %s AND m.month < %s", tables.Bind(w, p.Start), tables.Bind(w, p.End))
}

// summed are the counters' measures summed over the months of a period.
const summed = "sum(m.n)::bigint AS n, sum(m.amount_minor)::bigint AS amount_minor, sum(m.score_sum)::bigint AS score_sum, sum(m.scores)::bigint AS scores"

// monthlyBy is a SELECT of the counters of the given facts over the
// period p, one row per value of keys (columns of m, which it selects
// with the summed measures), so a KPI joins each subject or employee
// once, not once a month.
func monthlyBy(q *Queries, w *tables.Where, p queries.KPIPeriod, keys string, facts ...string) string {
	return fmt.Sprintf("SELECT %[1]s, %[2]s FROM %[3]s m WHERE m.fact IN (%[4]s) AND %[5]s GROUP BY %[1]s",
		keys, summed, q.Table("kpi_monthly"), quoted(facts), monthIn(w, p))
}

// monthlyBySubject is monthlyBy fact and subject.
func monthlyBySubject(q *Queries, w *tables.Where, p queries.KPIPeriod, facts ...string) string {
	return monthlyBy(q, w, p, "m.fact, m.subject_id", facts...)
}

// counted is the number of facts of a counters row m when cond holds,
// else 0.
func counted(cond string) string { return "CASE WHEN " + cond + " THEN m.n ELSE 0 END" }

// ofFact is the number of facts of m when it counts the fact kind.
func ofFact(kind string) string { return counted("m.fact = '" + kind + "'") }

// meanScore is the mean of the scores summed in sumInd over the scores
// counted in nInd, as avg over the facts' scores in float8 gave it, with
// two decimals, NULL for none.
func meanScore(sumInd, nInd string) string {
	return fmt.Sprintf("round((sum(b.%s)::float8 / nullif(sum(b.%s), 0))::numeric, 2)::float8", sumInd, nInd)
}
