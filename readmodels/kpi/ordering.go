package kpi

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Satisfaction and retention (R9) counts, per period, the customers who
// ordered in it (cancelled orders aside), those who also ordered in the
// period before (retained) and those who ordered twice or more (repeat),
// credited to the customer file's owner, org unit and region as they are
// now. Distinct customers do not add up over months, and the file's owner
// and region change, so R9 read every order of two periods and joined
// each ordering customer to its file. This read model keeps instead
// (decision 60):
//
//   - kpi_customers: each customer's owner, unit and region
//     (customer.registered, customer.reassigned, a profile update of the
//     region) and the stream version that last set them;
//   - kpi_orders: each order's customer, whether it was cancelled, and the
//     month, quarter and year it was created in with the period before each;
//   - kpi_ordering: per owner, unit, region and period (a month, quarter
//     or year label) the ordering customers, the repeat ones and the
//     retained ones, keyed by the period first, which R9 reads two of. A
//     region is free text, so its rows are keyed by its md5, as
//     receivable_region_months (decision 56).
//
// A customer's share of kpi_ordering is a function of its orders and its
// file. A batch that touches customers (their file, or an order of
// theirs) takes their share out, applies its changes, and adds their
// share back, in that order and in its own transaction: a move of owner
// or region moves the share, and an event applied again leaves it as it
// was. A row that counts nothing afterwards is deleted, so a rebuild's
// batches give the live rows. A batch that only registers customers adds
// the share of the files it inserted, in one statement
// (queueRegistrations).
const orderingDDL = `
		CREATE TABLE kpi_customers (
			customer_id text PRIMARY KEY, owner_rep_id text NOT NULL, org_unit_id text NOT NULL, region text NOT NULL,
			version bigint NOT NULL
		);
		CREATE TABLE kpi_orders (
			order_id text PRIMARY KEY, customer_id text NOT NULL, cancelled boolean NOT NULL,
			month text NOT NULL, prev_month text NOT NULL, quarter text NOT NULL, prev_quarter text NOT NULL,
			year text NOT NULL, prev_year text NOT NULL
		);
		CREATE INDEX kpi_orders_customer ON kpi_orders (customer_id);
		CREATE TABLE kpi_ordering (
			owner_rep_id text NOT NULL, org_unit_id text NOT NULL, region text NOT NULL, period text NOT NULL,
			ordering bigint NOT NULL, repeat bigint NOT NULL, retained bigint NOT NULL
		);
		CREATE UNIQUE INDEX kpi_ordering_key ON kpi_ordering (period, owner_rep_id, org_unit_id, md5(region));
		CREATE INDEX kpi_ordering_empty ON kpi_ordering (period) WHERE ordering = 0;`

// orderingEvents are the events that set a customer's owner, unit or
// region, or create or cancel an order.
var orderingEvents = []domain.Event{customer.Registered{}, customer.Reassigned{}, customer.ProfileUpdated{}, order.Created{}, order.Cancelled{}}

// fileChange is what a batch's events set of one customer file: nil
// leaves a field as stored; unit is set only by the registration.
type fileChange struct {
	owner, unit, region *string
	version             uint64
	moved               bool // reassigned or its region changed
}

type orderRow struct {
	OrderID     string `db:"order_id"`
	CustomerID  string `db:"customer_id"`
	Cancelled   bool   `db:"cancelled"`
	Month       string `db:"month"`
	PrevMonth   string `db:"prev_month"`
	Quarter     string `db:"quarter"`
	PrevQuarter string `db:"prev_quarter"`
	Year        string `db:"year"`
	PrevYear    string `db:"prev_year"`
}

// orderingBatch collects a batch's changes to the files and the orders.
type orderingBatch struct {
	files     map[string]*fileChange
	created   []*orderRow
	cancelled []string
}

func newOrderingBatch() *orderingBatch { return &orderingBatch{files: map[string]*fileChange{}} }

// add records e when it is one of orderingEvents.
func (b *orderingBatch) add(e tables.Decoded) {
	switch ev := e.Event.(type) {
	case customer.Registered:
		b.file(ev.CustomerID, e.StreamVersion, func(f *fileChange) {
			f.owner, f.unit, f.region = &ev.OwnerRepID, &ev.OrgUnitID, &ev.Region
		})
	case customer.Reassigned:
		b.file(ev.CustomerID, e.StreamVersion, func(f *fileChange) { f.owner, f.moved = &ev.ToRepID, true })
	case customer.ProfileUpdated:
		for _, ch := range ev.Changes {
			if ch.Field == customer.FieldRegion {
				b.file(ev.CustomerID, e.StreamVersion, func(f *fileChange) { f.region, f.moved = &ch.New, true })
			}
		}
	case order.Created:
		b.created = append(b.created, newOrderRow(ev))
	case order.Cancelled:
		b.cancelled = append(b.cancelled, ev.OrderID)
	}
}

func (b *orderingBatch) file(id string, version uint64, set func(*fileChange)) {
	f := b.files[id]
	if f == nil {
		f = &fileChange{}
		b.files[id] = f
	}
	set(f)
	f.version = version
}

// newOrderRow is an order with the periods of its creation (company time,
// as R9's bounds) and the period before each.
func newOrderRow(ev order.Created) *orderRow {
	m := queries.KPIMonthOf(ev.CreatedAt)
	q, _ := queries.ParseKPIPeriod(fmt.Sprintf("%d-Q%d", m.Start.Year(), (int(m.Start.Month())-1)/3+1))
	y, _ := queries.ParseKPIPeriod(fmt.Sprint(m.Start.Year()))
	return &orderRow{OrderID: ev.OrderID, CustomerID: ev.CustomerID, Month: m.Label, PrevMonth: m.Previous().Label,
		Quarter: q.Label, PrevQuarter: q.Previous().Label, Year: y.Label, PrevYear: y.Previous().Label}
}

func (b *orderingBatch) empty() bool {
	return len(b.files) == 0 && len(b.created) == 0 && len(b.cancelled) == 0
}

// customers is the ids of the files changed and of the new orders'
// customers, sorted; the cancelled orders' customers are looked up.
func (b *orderingBatch) customers() []string {
	ids := make([]string, 0, len(b.files)+len(b.created))
	for id := range b.files {
		ids = append(ids, id)
	}
	for _, o := range b.created {
		ids = append(ids, o.CustomerID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// queue queues the batch's statements: the touched customers' share out,
// the files and the orders, their share back, and the rows left empty.
func (b *orderingBatch) queue(q *pgx.Batch) error {
	if b.empty() {
		return nil
	}
	if b.registrationsOnly() {
		b.queueRegistrations(q)
		return nil
	}
	ids := b.customers()
	q.Queue(shareSQL("-"), ids, b.cancelled)
	b.queueFiles(q)
	if len(b.created) > 0 {
		if err := tables.QueueInsert(q, "kpi_orders", b.created, " ON CONFLICT (order_id) DO NOTHING"); err != nil {
			return err
		}
	}
	if len(b.cancelled) > 0 {
		q.Queue(`UPDATE kpi_orders SET cancelled = true WHERE order_id = ANY($1::text[]) AND NOT cancelled`, b.cancelled)
	}
	q.Queue(shareSQL("+"), ids, b.cancelled)
	q.Queue(`DELETE FROM kpi_ordering WHERE ordering = 0`)
	return nil
}

// registrationsOnly reports whether the batch only registers customers:
// no order, no reassignment, no move of region.
func (b *orderingBatch) registrationsOnly() bool {
	if len(b.created) > 0 || len(b.cancelled) > 0 {
		return false
	}
	for _, f := range b.files {
		if f.moved {
			return false
		}
	}
	return true
}

// queueRegistrations inserts the files a batch of registrations made, and
// adds the share of those it inserted, in one statement: a customer had
// no share before its file (it counts nowhere without one), and a file
// registered again is not inserted, so its share is not added twice.
// The general path sends five statements, and registrations are most of
// the customer events the read model takes.
func (b *orderingBatch) queueRegistrations(q *pgx.Batch) {
	ids, owners, units, regions, versions := b.fileColumns()
	q.Queue(`WITH k AS (
			INSERT INTO kpi_customers (customer_id, owner_rep_id, org_unit_id, region, version)
			SELECT d.customer_id, coalesce(d.owner, ''), d.unit, coalesce(d.region, ''), d.version FROM `+fileChanges+`
			WHERE d.unit IS NOT NULL ON CONFLICT (customer_id) DO NOTHING
			RETURNING customer_id, owner_rep_id, org_unit_id, region),
		touched AS (SELECT customer_id FROM k),`+shareOf("+", "k"), ids, owners, units, regions, versions)
}

// fileChanges are the batch's file changes as queueFiles binds them.
const fileChanges = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS d (customer_id, owner, unit, region, version)`

// fileColumns is the batch's file changes as columns, by customer id.
func (b *orderingBatch) fileColumns() (ids []string, owners, units, regions []*string, versions []int64) {
	for id := range b.files {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		f := b.files[id]
		owners, units, regions = append(owners, f.owner), append(units, f.unit), append(regions, f.region)
		versions = append(versions, int64(f.version))
	}
	return ids, owners, units, regions, versions
}

// queueFiles updates the stored files the batch changed, where its last
// event is later than the one stored, and inserts those it registered.
func (b *orderingBatch) queueFiles(q *pgx.Batch) {
	if len(b.files) == 0 {
		return
	}
	ids, owners, units, regions, versions := b.fileColumns()
	q.Queue(`UPDATE kpi_customers k SET owner_rep_id = coalesce(d.owner, k.owner_rep_id), region = coalesce(d.region, k.region),
			version = d.version
		FROM `+fileChanges+` WHERE k.customer_id = d.customer_id AND d.version > k.version`, ids, owners, units, regions, versions)
	q.Queue(`INSERT INTO kpi_customers (customer_id, owner_rep_id, org_unit_id, region, version)
		SELECT d.customer_id, coalesce(d.owner, ''), d.unit, coalesce(d.region, ''), d.version FROM `+fileChanges+`
		WHERE d.unit IS NOT NULL ON CONFLICT (customer_id) DO NOTHING`, ids, owners, units, regions, versions)
}

// shareSQL adds (sign "+") or takes out ("-") the share of kpi_ordering of
// the customers $1 and of the orders $2: per period, each customer with
// an order not cancelled in it orders, repeats with two or more, and is
// retained when it also ordered in the period before; credited to its
// file's owner, unit and region (a customer without a file counts
// nowhere, as R9 joined the files).
func shareSQL(sign string) string {
	return `WITH touched AS (SELECT unnest($1::text[]) AS customer_id UNION SELECT o.customer_id FROM kpi_orders o WHERE o.order_id = ANY($2::text[])),` +
		shareOf(sign, "kpi_customers")
}

// shareOf is the rest of a statement after its CTE touched (the
// customers): their share, credited through files (a table or a CTE of
// customer_id, owner_rep_id, org_unit_id and region), added to
// kpi_ordering with sign.
func shareOf(sign, files string) string {
	return `
		p AS (
			SELECT o.customer_id, x.period, x.previous, count(*) AS n
			FROM kpi_orders o CROSS JOIN LATERAL (VALUES (o.month, o.prev_month), (o.quarter, o.prev_quarter), (o.year, o.prev_year)) AS x (period, previous)
			WHERE o.customer_id IN (SELECT customer_id FROM touched) AND NOT o.cancelled
			GROUP BY 1, 2, 3)
		INSERT INTO kpi_ordering (owner_rep_id, org_unit_id, region, period, ordering, repeat, retained)
		SELECT cu.owner_rep_id, cu.org_unit_id, cu.region, p.period, ` + sign + `count(*), ` + sign + `count(*) FILTER (WHERE p.n > 1), ` +
		sign + `count(pp.customer_id)
		FROM p JOIN ` + files + ` cu ON cu.customer_id = p.customer_id
			LEFT JOIN p pp ON pp.customer_id = p.customer_id AND pp.period = p.previous
		GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
		ON CONFLICT (period, owner_rep_id, org_unit_id, md5(region)) DO UPDATE SET ordering = kpi_ordering.ordering + excluded.ordering,
			repeat = kpi_ordering.repeat + excluded.repeat, retained = kpi_ordering.retained + excluded.retained`
}

// orderingSource is R9's ordering customers of the period p and of the
// one before, from kpi_ordering.
func orderingSource(q *Queries, w *tables.Where, p queries.KPIPeriod) source {
	now, prev := tables.Bind(w, p.Label), tables.Bind(w, p.Previous().Label)
	in := func(period, v string) string { return "CASE WHEN k.period = " + period + " THEN " + v + " ELSE 0 END" }
	return source{from: "FROM " + q.Table("kpi_ordering") + " k WHERE k.period IN (" + now + ", " + prev + ") AND k.ordering > 0",
		person: "k.owner_rep_id", department: "k.org_unit_id", region: "k.region",
		vals: map[string]string{"ordering": in(now, "k.ordering"), "retained": in(now, "k.retained"),
			"prev_ordering": in(prev, "k.ordering"), "repeat": in(now, "k.repeat")}}
}

// orderingTables are the tables orderingDDL creates.
var orderingTables = strings.Fields("kpi_customers kpi_orders kpi_ordering")
