package readmodels_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels"
	"github.com/opsledger/opsledger/readmodels/audit"
	"github.com/opsledger/opsledger/readmodels/complaints"
	"github.com/opsledger/opsledger/readmodels/contracts"
	"github.com/opsledger/opsledger/readmodels/customers"
	"github.com/opsledger/opsledger/readmodels/employees"
	"github.com/opsledger/opsledger/readmodels/orders"
	"github.com/opsledger/opsledger/readmodels/quotations"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/receivables"
	"github.com/opsledger/opsledger/readmodels/targets"
)

// allQueries are the queries of every read model over one namespace.
type allQueries struct {
	audit       *audit.Queries
	complaints  *complaints.Queries
	contracts   *contracts.Queries
	customers   *customers.Queries
	employees   *employees.Queries
	orders      *orders.Queries
	quotations  *quotations.Queries
	receivables *receivables.Queries
	targets     *targets.Queries
}

// lastQuery remembers the last statement a pool ran, with its arguments.
type lastQuery struct {
	mu   sync.Mutex
	sql  string
	args []any
}

func (l *lastQuery) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sql, l.args = d.SQL, d.Args
	return ctx
}

func (*lastQuery) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (l *lastQuery) get() (string, []any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sql, l.args
}

// tracedQueries returns queries over ns whose statements last records.
func tracedQueries(t *testing.T, pool *pgxpool.Pool, ns projections.Namespace) (allQueries, *lastQuery) {
	t.Helper()
	cfg := pool.Config().Copy()
	last := &lastQuery{}
	cfg.ConnConfig.Tracer = last
	traced, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("traced pool: %v", err)
	}
	t.Cleanup(traced.Close)
	db := readmodeltest.DB(traced, ns)
	return allQueries{audit.NewQueries(db), complaints.NewQueries(db), contracts.NewQueries(db), customers.NewQueries(db),
		employees.NewQueries(db), orders.NewQueries(db), quotations.NewQueries(db), receivables.NewQueries(db),
		targets.NewQueries(db)}, last
}

// sortsWhole reports whether the plan of sql reads its rows in any order
// and sorts them all. Sorting is priced out, so the planner avoids it
// whenever an index yields the order; an incremental sort (of ties on a
// presorted key) is fine.
func sortsWhole(t *testing.T, pool *pgxpool.Pool, sql string, args []any) bool {
	t.Helper()
	return strings.Contains(planWith(t, pool, "enable_sort = off", sql, args), `"Node Type": "Sort"`)
}

// planWith is the JSON plan of sql under the planner setting (priced out
// so that the planner weighs what else it could do).
func planWith(t *testing.T, pool *pgxpool.Pool, setting, sql string, args []any) string {
	t.Helper()
	var plan string
	err := pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(context.Background(), "SET LOCAL "+setting); err != nil {
			return err
		}
		return tx.QueryRow(context.Background(), "EXPLAIN (FORMAT JSON) "+sql, args...).Scan(&plan)
	})
	if err != nil {
		t.Fatalf("explain %s: %v", sql, err)
	}
	return plan
}

// TestListQueries_ReadPagesInIndexOrder checks that every list sort is
// served by an index, so a page costs its rows rather than a sort of the
// table, except the sorts left unindexed on purpose: updated_at, which
// every event rewrites (an index on it would make every update non-HOT),
// and the receivables' figures of the day.
func TestListQueries_ReadPagesInIndexOrder(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	if err := projections.Ensure(ctx, pool, ns, readmodels.All()...); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	q, last := tracedQueries(t, pool, ns)
	now := time.Now()
	page := queries.PageRequest{Limit: 20}
	type list struct {
		name    string
		indexed bool
		run     func() error
	}
	var lists []list
	add := func(name string, indexed bool, run func() error) { lists = append(lists, list{name, indexed, run}) }
	for sort, indexed := range map[string]bool{"": true, "name": true, "registered_at": true, "-updated_at": false} {
		add("customers "+sort, indexed, func() error {
			_, err := q.customers.Customers(ctx, queries.CustomerFilter{Now: now, Sort: sort}, page)
			return err
		})
	}
	for sort, indexed := range map[string]bool{"": true, "drafted_at": true, "margin": true, "-updated_at": false} {
		add("quotations "+sort, indexed, func() error {
			_, err := q.quotations.Quotations(ctx, queries.QuotationFilter{Sort: sort}, page)
			return err
		})
	}
	for sort, indexed := range map[string]bool{"": true, "drafted_at": true, "-value": true, "-updated_at": false} {
		add("contracts "+sort, indexed, func() error {
			_, err := q.contracts.Contracts(ctx, queries.ContractFilter{Sort: sort}, page)
			return err
		})
	}
	for sort, indexed := range map[string]bool{"": true, "-days_overdue": false, "-outstanding": false} {
		add("receivables "+sort, indexed, func() error {
			_, err := q.receivables.Receivables(ctx, queries.ReceivableFilter{Now: now, Sort: sort}, page)
			return err
		})
	}
	for sort, indexed := range map[string]bool{"": true, "created_at": true, "-updated_at": false} {
		add("orders "+sort, indexed, func() error {
			_, err := q.orders.Orders(ctx, queries.OrderFilter{Now: now, Sort: sort}, page)
			return err
		})
	}
	for sort, indexed := range map[string]bool{"": true, "received_at": true, "-updated_at": false} {
		add("complaints "+sort, indexed, func() error {
			_, err := q.complaints.Complaints(ctx, queries.ComplaintFilter{Sort: sort}, page)
			return err
		})
	}
	for sort, indexed := range map[string]bool{"": true, "-employee_id": true, "name": true, "-updated_at": false} {
		add("employees "+sort, indexed, func() error {
			_, err := q.employees.Employees(ctx, queries.EmployeeFilter{Sort: sort}, page)
			return err
		})
	}
	add("appraisals", true, func() error { _, err := q.employees.Appraisals(ctx, queries.AppraisalFilter{}, page); return err })
	add("conduct", true, func() error { _, err := q.employees.Conduct(ctx, queries.ConductFilter{}, page); return err })
	for _, dim := range []string{queries.DimensionPerson, queries.DimensionTeam, queries.DimensionDepartment} {
		add("sales vs target "+dim, true, func() error {
			_, err := q.targets.SalesVsTarget(ctx, queries.SalesTargetFilter{Dimension: dim}, page)
			return err
		})
	}
	for name, f := range map[string]queries.AuditFilter{"": {}, "actor": {ActorID: "a"}, "type": {EventType: "t"},
		"aggregate": {AggregateType: "customer", AggregateID: "c1"}, "correlation": {CorrelationID: "k"}} {
		add("audit "+name, true, func() error { _, err := q.audit.Audit(ctx, f, page); return err })
	}
	for _, l := range lists {
		if err := l.run(); err != nil {
			t.Fatalf("%s: %v", l.name, err)
		}
		sql, args := last.get()
		if got := sortsWhole(t, pool, sql, args); got == l.indexed {
			t.Errorf("%s: sorts the rows = %v, want %v\n%s", l.name, got, !l.indexed, sql)
		}
	}
}

// TestEnsure_IndexesTheLiveGeneration checks that a generation built
// before its projection gained an index gets it from Ensure, and loses
// the audit indexes that were replaced (the actor's text btrees by its
// hash's, decision 61).
func TestEnsure_IndexesTheLiveGeneration(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	ps := []projections.Projection{customers.New(), audit.New()}
	if err := projections.Ensure(ctx, pool, ns, ps...); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	customers := pgx.Identifier{string(ns) + "_customers_g1"}.Sanitize()
	audit := pgx.Identifier{string(ns) + "_audit_g1"}.Sanitize()
	_, err := pool.Exec(ctx, "DROP INDEX "+customers+".customers_number; DROP INDEX "+audit+".audit_trail_actor_hash; "+
		"CREATE INDEX audit_trail_actor ON "+audit+".audit_trail (actor_id, recorded_at); "+
		"CREATE INDEX audit_trail_actor_pos ON "+audit+".audit_trail (actor_id, pos_major, pos_minor)")
	if err != nil {
		t.Fatalf("age the generation: %v", err)
	}
	if err := projections.Ensure(ctx, pool, ns, ps...); err != nil {
		t.Fatalf("Ensure again: %v", err)
	}
	for index, want := range map[string]bool{customers + ".customers_number": true, audit + ".audit_trail_actor_hash": true,
		audit + ".audit_trail_actor": false, audit + ".audit_trail_actor_pos": false} {
		var found bool
		if err := pool.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", index).Scan(&found); err != nil {
			t.Fatalf("look up %s: %v", index, err)
		}
		if found != want {
			t.Errorf("index %s exists = %v, want %v", index, found, want)
		}
	}
}

// TestEnsure_VersionsFilterColumnsGetBtrees checks that a live
// generation built when a versions table's status (or stage) had a
// btree_gist index beside its sys_period loses it on Ensure and gains the
// btree of the column, which a rebuild builds at a twentieth of the cost
// (decision 44).
func TestEnsure_VersionsFilterColumnsGetBtrees(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	cases := []struct {
		p             projections.Projection
		table, column string
	}{
		{orders.New(), "orders", "status"},
		{customers.New(), "customers", "stage"},
		{contracts.New(), "contracts", "status"},
		{employees.New(), "employees", "status"},
	}
	for _, c := range cases {
		t.Run(c.table, func(t *testing.T) {
			// given a generation with the old index and without the new one
			if err := projections.Ensure(ctx, pool, ns, c.p); err != nil {
				t.Fatalf("Ensure: %v", err)
			}
			schema := pgx.Identifier{string(ns) + "_" + c.table + "_g1"}.Sanitize()
			versions := c.table + "_versions"
			// (built when the read models installed btree_gist, which a
			// database upgraded in place still has: decision 49)
			_, err := pool.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public; DROP INDEX "+schema+"."+versions+"_b0; CREATE INDEX "+versions+"_k0 ON "+
				schema+"."+versions+" USING gist ("+c.column+", sys_period)")
			if err != nil {
				t.Fatalf("age the generation: %v", err)
			}
			// when the projection is ensured again
			if err := projections.Ensure(ctx, pool, ns, c.p); err != nil {
				t.Fatalf("Ensure again: %v", err)
			}
			// then the btree_gist index is gone and the column has a btree
			var gone bool
			if err := pool.QueryRow(ctx, "SELECT to_regclass($1) IS NULL", schema+"."+versions+"_k0").Scan(&gone); err != nil || !gone {
				t.Errorf("%s_k0 dropped = %v (%v), want true", versions, gone, err)
			}
			var def string
			if err := pool.QueryRow(ctx, "SELECT pg_get_indexdef(to_regclass($1))", schema+"."+versions+"_b0").Scan(&def); err != nil {
				t.Fatalf("look up %s_b0: %v", versions, err)
			}
			if want := "USING btree (" + c.column + ")"; !strings.Contains(def, want) {
				t.Errorf("%s_b0 = %s, want it to contain %q", versions, def, want)
			}
		})
	}
}

// TestEnsure_VersionsRangeGistsBecomePointGists checks that a live
// generation built when each versions table had a GiST of each range
// itself loses them on Ensure and gains the GiSTs of the ranges' points,
// which PostgreSQL builds sorted (decision 51).
func TestEnsure_VersionsRangeGistsBecomePointGists(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	for _, c := range []struct {
		p     projections.Projection
		table string
	}{{orders.New(), "orders"}, {customers.New(), "customers"}, {contracts.New(), "contracts"},
		{employees.New(), "employees"}, {receivables.New(), "receivables"}} {
		t.Run(c.table, func(t *testing.T) {
			// given a generation with the range GiSTs and without the points'
			if err := projections.Ensure(ctx, pool, ns, c.p); err != nil {
				t.Fatalf("Ensure: %v", err)
			}
			versions := pgx.Identifier{string(ns) + "_" + c.table + "_g1"}.Sanitize() + "." + c.table + "_versions"
			_, err := pool.Exec(ctx, "DROP INDEX "+versions+"_sysp, "+versions+"_validp; "+
				"CREATE INDEX "+c.table+"_versions_sys ON "+versions+" USING gist (sys_period); "+
				"CREATE INDEX "+c.table+"_versions_valid ON "+versions+" USING gist (valid_period)")
			if err != nil {
				t.Fatalf("age the generation: %v", err)
			}
			// when the projection is ensured again
			if err := projections.Ensure(ctx, pool, ns, c.p); err != nil {
				t.Fatalf("Ensure again: %v", err)
			}
			// then the range GiSTs are gone and each axis has its point GiST
			for index, want := range map[string]bool{"_sys": false, "_valid": false, "_sysp": true, "_validp": true} {
				var found bool
				if err := pool.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", versions+index).Scan(&found); err != nil {
					t.Fatalf("look up %s: %v", versions+index, err)
				}
				if found != want {
					t.Errorf("index %s exists = %v, want %v", versions+index, found, want)
				}
			}
		})
	}
}

// TestLiveUpdates_StayOnTheirPage checks that the updates the busiest
// commands cause (a logged contact, an order payment, complaint progress,
// a check-in) change no indexed column, so PostgreSQL updates the row in
// place (HOT) without touching any index.
func TestLiveUpdates_StayOnTheirPage(t *testing.T) {
	at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		p             projections.Projection
		table, stream string
		codec         *eventstore.Codec
		setup, change []domain.Event
	}{
		{customers.New(), "customers", customer.Stream("c1"), eventstore.NewCodec(customer.Events()...),
			[]domain.Event{readmodeltest.RegCustomer("c1", "C-001", "rep-1", at)},
			[]domain.Event{customer.ContactLogged{CustomerID: "c1", EmployeeID: "rep-1", ContactID: "k1", Channel: "phone",
				Topic: "price", Outcome: "ok", NextAppointmentAt: at.Add(time.Hour), At: at}}},
		{orders.New(), "orders", order.Stream("o1"), eventstore.NewCodec(order.Events()...),
			[]domain.Event{readmodeltest.OrderCreated("o1", "c1", at, at)},
			[]domain.Event{order.PaymentReceived{OrderID: "o1", PaymentRef: "p1", Amount: domain.Fen(1), RecordedBy: "fin-1", ReceivedAt: at}}},
		{complaints.New(), "complaints", complaint.Stream("q1"), eventstore.NewCodec(complaint.Events()...),
			[]domain.Event{complaint.Received{ComplaintID: "q1", CustomerID: "c1", Channel: complaint.Channel("PHONE"), ReceivedBy: "cs-1", ReceivedAt: at},
				complaint.ProgressRecorded{ComplaintID: "q1", Note: "first", RecordedBy: "qa-1", RecordedAt: at}},
			[]domain.Event{complaint.ProgressRecorded{ComplaintID: "q1", Note: "again", RecordedBy: "qa-1", RecordedAt: at}}},
		{employees.New(), "employees", employee.Stream("e1"), eventstore.NewCodec(employee.Events()...),
			[]domain.Event{employee.Hired{EmployeeID: "e1", Name: "Li", Role: domain.RoleSalesRep, OrgUnitID: "sales-1", HiredAt: at}},
			[]domain.Event{employee.CheckedIn{EmployeeID: "e1", Slot: "MORNING", Day: "2026-11-03", CheckedInAt: at}}},
	}
	pool, ns := projectiontest.Pool(t)
	for _, c := range cases {
		t.Run(c.table, func(t *testing.T) {
			store := memory.New()
			readmodeltest.Append(t, store, c.codec, c.stream, c.setup...)
			setup := readAfter(t, store, eventstore.Start, c.p)
			if updated, _ := applyCounting(t, pool, ns, c.p, setup, c.table); updated != 0 {
				t.Fatalf("setup updated %d rows of %s, want an insert", updated, c.table)
			}
			readmodeltest.Append(t, store, c.codec, c.stream, c.change...)
			change := readAfter(t, store, setup[len(setup)-1].Position, c.p)
			if updated, hot := applyCounting(t, pool, ns, c.p, change, c.table); updated != 1 || hot != 1 {
				t.Errorf("%s: %d rows updated, %d of them HOT; want 1, HOT", c.table, updated, hot)
			}
		})
	}
}

// readAfter returns the events of store after pos that p selects.
func readAfter(t *testing.T, store eventstore.Store, pos eventstore.Position, p projections.Projection) []eventstore.Recorded {
	t.Helper()
	events, err := store.ReadAll(context.Background(), pos, 1000, p.Filter())
	if err != nil || len(events) == 0 {
		t.Fatalf("ReadAll after %v = %d events, %v", pos, len(events), err)
	}
	return events
}

// applyCounting applies events to p's live generation, as its runner
// would, and returns how many rows of table the transaction updated and
// how many of those updates were HOT.
func applyCounting(t *testing.T, pool *pgxpool.Pool, ns projections.Namespace, p projections.Projection,
	events []eventstore.Recorded, table string) (updated, hot int64) {
	t.Helper()
	ctx := context.Background()
	if err := projections.Ensure(ctx, pool, ns, p); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	schema := pgx.Identifier{string(ns) + "_" + p.Name() + "_g1"}.Sanitize()
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL search_path TO "+schema); err != nil {
			return err
		}
		if err := p.Apply(ctx, tx, events); err != nil {
			return err
		}
		return tx.QueryRow(ctx, "SELECT pg_stat_get_xact_tuples_updated($1::regclass), pg_stat_get_xact_tuples_hot_updated($1::regclass)",
			table).Scan(&updated, &hot)
	})
	if err != nil {
		t.Fatalf("apply to %s: %v", p.Name(), err)
	}
	return updated, hot
}
