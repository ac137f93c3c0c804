package receivables

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// receivable_months keeps the receivables KPI's (R7) counters per
// contract owner, the owner's org unit and company month (YYYY-MM): the
// paid instalments (what was paid covers the amount) that fall due in the
// month, with their amounts, and the payments received in it, with
// theirs. Of a paid
// instalment R7 needs only that its owner and unit have a row and, when
// it fell due in the period, its amount; reading these counters instead
// of every instalment ever paid and every payment of the period keeps R7
// as long as the owed instalments and the months, not the history
// (KPI-counters). The region is not kept: it is the customer's today,
// which this read model does not see change, so R7 by region still reads
// the instalments and the payments.
//
// A batch loads every instalment of the contracts it touches, so the paid
// counters change by what those instalments count after the batch less
// what they counted before it; a payment is counted when applied, and an
// event applied again changes nothing, so neither do the counters. A row
// whose counters all come back to zero is deleted.
const monthsDDL = `
		CREATE TABLE receivable_months (
			owner_id text NOT NULL, org_unit_id text NOT NULL, month text NOT NULL,
			paid_instalments bigint NOT NULL, paid_due_minor bigint NOT NULL, payments bigint NOT NULL, collected_minor bigint NOT NULL,
			PRIMARY KEY (owner_id, org_unit_id, month)
		);`

type monthKey struct{ owner, unit, month string }

type monthCounts struct{ paidInstalments, paidDueMinor, payments, collectedMinor int64 }

func (c monthCounts) plus(d monthCounts) monthCounts {
	return monthCounts{c.paidInstalments + d.paidInstalments, c.paidDueMinor + d.paidDueMinor, c.payments + d.payments, c.collectedMinor + d.collectedMinor}
}

func (c monthCounts) minus(d monthCounts) monthCounts {
	return monthCounts{c.paidInstalments - d.paidInstalments, c.paidDueMinor - d.paidDueMinor, c.payments - d.payments, c.collectedMinor - d.collectedMinor}
}

// paidMonths counts the paid instalments among rows by due month.
func paidMonths(rows *tables.Set[instalmentRow]) map[monthKey]monthCounts {
	out := map[monthKey]monthCounts{}
	rows.Each(func(r *instalmentRow) {
		if r.AmountMinor > r.PaidMinor {
			return
		}
		k := monthKey{r.OwnerID, r.OrgUnitID, dueMonth(r.DueDate)}
		out[k] = out[k].plus(monthCounts{paidInstalments: 1, paidDueMinor: r.AmountMinor})
	})
	return out
}

// dueMonth is the YYYY-MM of a YYYY-MM-DD due date.
func dueMonth(day string) string {
	if len(day) < 7 {
		return day
	}
	return day[:7]
}

// receivedMonth is the company month (YYYY-MM) a payment was received in,
// the month the KPI facts count it in.
func receivedMonth(at time.Time) string { return queries.KPIMonthOf(at).Start.Format("2006-01") }

// queueMonths adds to the counters the batch's payments and what the
// paid instalments count after the batch beyond what they counted before.
func queueMonths(ctx context.Context, tx pgx.Tx, collected, paidBefore, paidAfter map[monthKey]monthCounts) error {
	delta := map[monthKey]monthCounts{}
	for k, c := range collected {
		delta[k] = delta[k].plus(c)
	}
	for k, c := range paidAfter {
		delta[k] = delta[k].plus(c)
	}
	for k, c := range paidBefore {
		delta[k] = delta[k].minus(c)
	}
	keys := make([]monthKey, 0, len(delta))
	for k, d := range delta {
		if d != (monthCounts{}) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	// in the key's order, so a batch writes the same statement whatever the maps' order
	slices.SortFunc(keys, func(a, b monthKey) int {
		return strings.Compare(a.owner+"\x00"+a.unit+"\x00"+a.month, b.owner+"\x00"+b.unit+"\x00"+b.month)
	})
	cols := struct {
		owners, units, months          []string
		paid, due, payments, collected []int64
	}{}
	for _, k := range keys {
		d := delta[k]
		cols.owners, cols.units, cols.months = append(cols.owners, k.owner), append(cols.units, k.unit), append(cols.months, k.month)
		cols.paid, cols.due = append(cols.paid, d.paidInstalments), append(cols.due, d.paidDueMinor)
		cols.payments, cols.collected = append(cols.payments, d.payments), append(cols.collected, d.collectedMinor)
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO receivable_months (owner_id, org_unit_id, month, paid_instalments, paid_due_minor, payments, collected_minor)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
		ON CONFLICT (owner_id, org_unit_id, month) DO UPDATE SET
			paid_instalments = receivable_months.paid_instalments + excluded.paid_instalments,
			paid_due_minor = receivable_months.paid_due_minor + excluded.paid_due_minor,
			payments = receivable_months.payments + excluded.payments,
			collected_minor = receivable_months.collected_minor + excluded.collected_minor`,
		cols.owners, cols.units, cols.months, cols.paid, cols.due, cols.payments, cols.collected)
	// a month that counts nothing any more goes, so the rows do not hang
	// on how the log was cut into batches (a rebuild's are not the live ones)
	b.Queue(`DELETE FROM receivable_months m USING unnest($1::text[], $2::text[], $3::text[]) AS k (owner_id, org_unit_id, month)
		WHERE m.owner_id = k.owner_id AND m.org_unit_id = k.org_unit_id AND m.month = k.month
			AND m.paid_instalments = 0 AND m.paid_due_minor = 0 AND m.payments = 0 AND m.collected_minor = 0`,
		cols.owners, cols.units, cols.months)
	return tables.Write(ctx, tx, b)
}
