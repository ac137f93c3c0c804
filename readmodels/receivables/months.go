package receivables

import (
	"context"
	"fmt"
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
// (KPI-counters). The same counters are kept per customer too
// (receivable_customer_months) and per customer's region
// (receivable_region_months, regions.go), for R7 and R1 by region.
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

// monthKey is a counter's key: the contract's owner, org unit and
// customer and the month. receivable_months sums over the customer.
type monthKey struct{ owner, unit, customer, month string }

// monthCounts are a month's counters; the sales (contracts signed in the
// month, at their value) are kept per customer and region only
// (regions.go), as R1 reads them by rep from the targets read model.
type monthCounts struct{ paidInstalments, paidDueMinor, payments, collectedMinor, sales, signedMinor int64 }

func (c monthCounts) plus(d monthCounts) monthCounts {
	return monthCounts{c.paidInstalments + d.paidInstalments, c.paidDueMinor + d.paidDueMinor, c.payments + d.payments,
		c.collectedMinor + d.collectedMinor, c.sales + d.sales, c.signedMinor + d.signedMinor}
}

func (c monthCounts) minus(d monthCounts) monthCounts {
	return c.plus(monthCounts{-d.paidInstalments, -d.paidDueMinor, -d.payments, -d.collectedMinor, -d.sales, -d.signedMinor})
}

// ownerCounters are receivable_months' counters; regionCounters those of
// the counters per customer and per region.
var (
	ownerCounters  = []string{"paid_instalments", "paid_due_minor", "payments", "collected_minor"}
	regionCounters = append(slices.Clone(ownerCounters), "sales", "signed_minor")
)

// paidMonths counts the paid instalments among rows by due month.
func paidMonths(rows *tables.Set[instalmentRow]) map[monthKey]monthCounts {
	out := map[monthKey]monthCounts{}
	rows.Each(func(r *instalmentRow) {
		if r.AmountMinor > r.PaidMinor {
			return
		}
		k := monthKey{r.OwnerID, r.OrgUnitID, r.CustomerID, dueMonth(r.DueDate)}
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

// companyMonth is the company month (YYYY-MM) of a time: a payment counts
// in the month received, as the KPI facts count it, and a sale in the
// month signed, as sales_months counts it.
func companyMonth(at time.Time) string { return queries.KPIMonthOf(at).Start.Format("2006-01") }

// queueMonths adds to the counters the batch's payments and sales and what the
// paid instalments count after the batch beyond what they counted before:
// per owner, unit and month, per customer too, and per the customer's
// region as this read model knows it (receivable_customers).
func queueMonths(ctx context.Context, tx pgx.Tx, dated, paidBefore, paidAfter map[monthKey]monthCounts) error {
	delta := map[monthKey]monthCounts{}
	for k, c := range dated {
		delta[k] = delta[k].plus(c)
	}
	for k, c := range paidAfter {
		delta[k] = delta[k].plus(c)
	}
	for k, c := range paidBefore {
		delta[k] = delta[k].minus(c)
	}
	byCustomer := columnsOf(delta, changes)
	if len(byCustomer.owners) == 0 {
		return nil
	}
	owners := summedOverCustomers(delta)
	b := &pgx.Batch{}
	queueOwnerMonths(b, columnsOf(owners, changes), columnsOf(owners, lessens))
	queueCustomerMonths(b, byCustomer, columnsOf(delta, lessens))
	return tables.Write(ctx, tx, b)
}

// changes reports whether a change of counters changes anything.
func changes(d monthCounts) bool { return d != (monthCounts{}) }

// lessens reports whether a change of counters takes something away: a
// counter never goes below zero, so only such a change can leave a row
// that counts nothing, and only its keys need the DELETE of those rows
// (most batches, and nearly all of a rebuild's, only add).
func lessens(d monthCounts) bool {
	return d.paidInstalments < 0 || d.paidDueMinor < 0 || d.payments < 0 || d.collectedMinor < 0 || d.sales < 0 || d.signedMinor < 0
}

// monthColumns are counters as the columns unnest reads, in key order.
type monthColumns struct {
	owners, units, customers, months              []string
	paid, due, payments, collected, sales, signed []int64
}

// columnsOf is the counters of delta that keep holds for, in the key's
// order, so a batch writes the same statements whatever the maps' order.
func columnsOf(delta map[monthKey]monthCounts, keep func(monthCounts) bool) monthColumns {
	keys := make([]monthKey, 0, len(delta))
	for k, d := range delta {
		if keep(d) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b monthKey) int {
		return strings.Compare(a.owner+"\x00"+a.unit+"\x00"+a.customer+"\x00"+a.month, b.owner+"\x00"+b.unit+"\x00"+b.customer+"\x00"+b.month)
	})
	var cols monthColumns
	for _, k := range keys {
		d := delta[k]
		cols.owners, cols.units, cols.months = append(cols.owners, k.owner), append(cols.units, k.unit), append(cols.months, k.month)
		cols.customers = append(cols.customers, k.customer)
		cols.paid, cols.due = append(cols.paid, d.paidInstalments), append(cols.due, d.paidDueMinor)
		cols.payments, cols.collected = append(cols.payments, d.payments), append(cols.collected, d.collectedMinor)
		cols.sales, cols.signed = append(cols.sales, d.sales), append(cols.signed, d.signedMinor)
	}
	return cols
}

// summedOverCustomers is delta per owner, unit and month, without the
// sales (receivable_months does not keep them).
func summedOverCustomers(delta map[monthKey]monthCounts) map[monthKey]monthCounts {
	out := map[monthKey]monthCounts{}
	for k, d := range delta {
		k.customer, d.sales, d.signedMinor = "", 0, 0
		out[k] = out[k].plus(d)
	}
	return out
}

// queueOwnerMonths adds cols to receivable_months and deletes the rows of
// the keys of lessened that count nothing any more.
func queueOwnerMonths(b *pgx.Batch, cols, lessened monthColumns) {
	if len(cols.owners) == 0 {
		return
	}
	b.Queue(`INSERT INTO receivable_months (owner_id, org_unit_id, month, paid_instalments, paid_due_minor, payments, collected_minor)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
		ON CONFLICT (owner_id, org_unit_id, month) DO UPDATE SET `+addCounters("receivable_months", ownerCounters),
		cols.owners, cols.units, cols.months, cols.paid, cols.due, cols.payments, cols.collected)
	queueDropEmpty(b, "receivable_months", ownerCounters, []string{"owner_id", "org_unit_id", "month"},
		lessened.owners, lessened.units, lessened.months)
}

// queueDropEmpty deletes the rows of table, of the keys given (the key
// columns and their values), whose counters all came back to zero: a
// month that counts nothing any more goes, so the rows do not hang on how
// the log was cut into batches (a rebuild's are not the live ones).
func queueDropEmpty(b *pgx.Batch, table string, counters, keyCols []string, keys ...[]string) {
	if len(keys[0]) == 0 {
		return
	}
	params, match, args := make([]string, len(keyCols)), make([]string, len(keyCols)), make([]any, len(keys))
	for i, c := range keyCols {
		params[i], match[i], args[i] = fmt.Sprintf("$%d::text[]", i+1), "m."+c+" = k."+c, keys[i]
	}
	b.Queue(`DELETE FROM `+table+` m USING unnest(`+strings.Join(params, ", ")+`) AS k (`+strings.Join(keyCols, ", ")+`)
		WHERE `+strings.Join(match, " AND ")+` AND `+countsNothing("m", counters), args...)
}

// addCounters is the SET list that adds excluded's counters to table's.
func addCounters(table string, counters []string) string {
	set := make([]string, len(counters))
	for i, c := range counters {
		set[i] = fmt.Sprintf("%[2]s = %[1]s.%[2]s + excluded.%[2]s", table, c)
	}
	return strings.Join(set, ", ")
}

// countsNothing is "row m's counters are all zero".
func countsNothing(m string, counters []string) string {
	zero := make([]string, len(counters))
	for i, c := range counters {
		zero[i] = m + "." + c + " = 0"
	}
	return strings.Join(zero, " AND ")
}
