package receivables

import (
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
)

// R7 and R1 credit a contract's figures to its customer's region as it is
// today, and a customer's region changes (customer.profile_updated), so
// this read model follows the customers' regions (receivable_customers:
// customer.registered and the profile updates that change the region)
// and keeps the monthly counters per region too
// (receivable_region_months: per owner, unit, region and month, a few
// rows per owner and month, not per customer). To move a customer's
// counters when their region changes it keeps them per customer as well
// (receivable_customer_months): the paid instalments by due month and
// the payments by the month received cannot be told apart per customer
// from the instalments alone.
//
// Invariant: a region row is the sum of the customer rows of the
// customers of that region (a customer this read model has not seen
// registered is in the empty region). A batch adds the contracts' changes at
// each customer's region as it stood, then moves the customers whose
// region the batch changed; both are statements sent in that order, so a
// rebuild's batches and the live ones give the same rows.
//
// A region is free text, longer than an index row may be (rule
// OPS-indexable), so the region rows are keyed by its md5 (regionKey).
const regionsDDL = `
		CREATE TABLE receivable_customers (
			customer_id text PRIMARY KEY, region text NOT NULL, version bigint NOT NULL
		);
		CREATE TABLE receivable_customer_months (
			customer_id text NOT NULL, owner_id text NOT NULL, org_unit_id text NOT NULL, month text NOT NULL,
			paid_instalments bigint NOT NULL, paid_due_minor bigint NOT NULL, payments bigint NOT NULL, collected_minor bigint NOT NULL,
			sales bigint NOT NULL, signed_minor bigint NOT NULL,
			PRIMARY KEY (customer_id, owner_id, org_unit_id, month)
		);
		CREATE TABLE receivable_region_months (
			owner_id text NOT NULL, org_unit_id text NOT NULL, region text NOT NULL, month text NOT NULL,
			paid_instalments bigint NOT NULL, paid_due_minor bigint NOT NULL, payments bigint NOT NULL, collected_minor bigint NOT NULL,
			sales bigint NOT NULL, signed_minor bigint NOT NULL
		);
		CREATE UNIQUE INDEX receivable_region_months_key ON receivable_region_months (owner_id, org_unit_id, md5(region), month);`

// regionKey is the region rows' key, as ON CONFLICT names it.
const regionKey = "(owner_id, org_unit_id, md5(region), month)"

// regionOf is how the counters' statements name a customer's region.
const regionOf = `coalesce((SELECT rc.region FROM receivable_customers rc WHERE rc.customer_id = d.customer_id), '')`

// counterList is the counters' column names, comma-separated, each
// written by f (its name as it is, when f is nil).
func counterList(f func(c string) string) string {
	out := make([]string, len(regionCounters))
	for i, c := range regionCounters {
		out[i] = c
		if f != nil {
			out[i] = f(c)
		}
	}
	return strings.Join(out, ", ")
}

// queueCustomerMonths adds the counters' changes per customer, and per
// the customer's region as this read model knows it now, and deletes the
// rows of the keys of lessened that count nothing any more.
func queueCustomerMonths(b *pgx.Batch, cols, lessened monthColumns) {
	args := []any{cols.customers, cols.owners, cols.units, cols.months, cols.paid, cols.due, cols.payments, cols.collected, cols.sales, cols.signed}
	changes := `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[])
		AS d (customer_id, owner_id, org_unit_id, month, ` + counterList(nil) + `)`
	b.Queue(`INSERT INTO receivable_customer_months (customer_id, owner_id, org_unit_id, month, `+counterList(nil)+`)
		SELECT * FROM `+changes+`
		ON CONFLICT (customer_id, owner_id, org_unit_id, month) DO UPDATE SET `+addCounters("receivable_customer_months", regionCounters), args...)
	queueDropEmpty(b, "receivable_customer_months", regionCounters, []string{"customer_id", "owner_id", "org_unit_id", "month"},
		lessened.customers, lessened.owners, lessened.units, lessened.months)
	b.Queue(`INSERT INTO receivable_region_months (owner_id, org_unit_id, region, month, `+counterList(nil)+`)
		SELECT d.owner_id, d.org_unit_id, `+regionOf+`, d.month, `+counterList(func(c string) string { return "sum(d." + c + ")" })+`
		FROM `+changes+`
		GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
		ON CONFLICT `+regionKey+` DO UPDATE SET `+addCounters("receivable_region_months", regionCounters), args...)
	queueDropEmpty(b, "receivable_region_months", regionCounters, []string{"owner_id", "org_unit_id", "month"},
		lessened.owners, lessened.units, lessened.months)
}

// regionSet is a customer's region as of an event of their stream.
type regionSet struct {
	region  string
	version uint64
}

// customerRegions is the last region each customer's events of the batch
// set (registration, or a profile update that changes it).
func customerRegions(events []eventstore.Recorded) (map[string]regionSet, error) {
	out := map[string]regionSet{}
	evs, err := customerEvents.Decode(events)
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		id := e.Stream[len(customer.Stream("")):]
		switch ev := e.Event.(type) {
		case customer.Registered:
			out[id] = regionSet{ev.Region, e.StreamVersion}
		case customer.ProfileUpdated:
			for _, ch := range ev.Changes {
				if ch.Field == customer.FieldRegion {
					out[id] = regionSet{ch.New, e.StreamVersion}
				}
			}
		}
	}
	return out, nil
}

// queueRegions moves the counters of each customer whose region the
// batch changed from the region it had to the new one, then records the
// regions. An event applied again (a version not after the stored one)
// moves nothing.
func queueRegions(b *pgx.Batch, regions map[string]regionSet) {
	if len(regions) == 0 {
		return
	}
	ids := make([]string, 0, len(regions))
	for id := range regions {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	names, versions := make([]string, len(ids)), make([]int64, len(ids))
	for i, id := range ids {
		names[i], versions[i] = regions[id].region, int64(regions[id].version)
	}
	b.Queue(`WITH n AS (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) AS n (customer_id, region, version)),
		moved AS (
			SELECT n.customer_id, coalesce(rc.region, '') AS old_region, n.region AS new_region
			FROM n LEFT JOIN receivable_customers rc ON rc.customer_id = n.customer_id
			WHERE (rc.customer_id IS NULL OR n.version > rc.version) AND coalesce(rc.region, '') <> n.region)
		INSERT INTO receivable_region_months (owner_id, org_unit_id, region, month, `+counterList(nil)+`)
		SELECT f.owner_id, f.org_unit_id, x.region, f.month, `+counterList(func(c string) string { return "sum(x.sign * f." + c + ")" })+`
		FROM moved JOIN receivable_customer_months f ON f.customer_id = moved.customer_id
			CROSS JOIN LATERAL (VALUES (moved.old_region, -1), (moved.new_region, 1)) AS x (region, sign)
		GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
		ON CONFLICT `+regionKey+` DO UPDATE SET `+addCounters("receivable_region_months", regionCounters),
		ids, names, versions)
	b.Queue(`DELETE FROM receivable_region_months m USING receivable_customer_months f
		WHERE f.customer_id = ANY($1::text[]) AND m.owner_id = f.owner_id AND m.org_unit_id = f.org_unit_id AND m.month = f.month AND `+
		countsNothing("m", regionCounters), ids)
	b.Queue(`INSERT INTO receivable_customers (customer_id, region, version)
		SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
		ON CONFLICT (customer_id) DO UPDATE SET region = excluded.region, version = excluded.version
			WHERE excluded.version > receivable_customers.version`, ids, names, versions)
}
