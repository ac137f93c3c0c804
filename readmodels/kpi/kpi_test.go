package kpi_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels"
	"github.com/opsledger/opsledger/readmodels/kpi"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// kpiNow is "today" of the tests: 2026-11-20 20:00 company time.
var kpiNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func nov(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
func oct(d int) time.Time    { return time.Date(2026, 10, d, 0, 0, 0, 0, time.UTC) }

// The seeded history. Org: head-1 heads sales-1 with rep-1 (on probation
// until 11-25) and rep-2; rep-3 works in sales-2 under head-2. Customers:
// c1 (rep-1, sales-1, east, cooperating, registered in October), c2
// (rep-2, sales-1, east), c3 (rep-3, sales-2, west). Contracts: k0 (c1,
// rep-1) signed in October at 2000.00; k1 (c1, rep-1) signed 11-05 at
// 10000.00; k2 (c3, rep-3) signed 11-10 at 5000.00; k3 (c2, rep-2)
// registered 11-02 at 3000.00 and waiting.
func seed(add func(string, ...domain.Event)) {
	hire := func(id, name string, role domain.Role, unit, supervisor string) {
		add(employee.Stream(id), employee.Hired{EmployeeID: id, Name: name, Role: role, OrgUnitID: unit, SupervisorID: supervisor,
			ProbationMonths: 3, HiredBy: "hr-1", HiredAt: oct(1)})
	}
	hire("head-1", "Head One", domain.RoleDeptHead, "sales-1", "")
	hire("rep-1", "Rep One", domain.RoleSalesRep, "sales-1", "head-1")
	hire("rep-2", "Rep Two", domain.RoleSalesRep, "sales-1", "head-1")
	hire("rep-3", "Rep Three", domain.RoleSalesRep, "sales-2", "head-2")
	add(employee.Stream("rep-1"), employee.StartedWork{EmployeeID: "rep-1", StartedAt: oct(2), ProbationEndsOn: nov(25, 0)})

	register := func(id, owner, unit, region string, at time.Time) {
		add(customer.Stream(id), customer.Registered{CustomerID: id, Number: "N-" + id, Name: "客户 " + id, Address: "Addr",
			PrimaryContact: "Li", Phone: "123", Source: customer.SourceReferral, OwnerRepID: owner,
			OrgUnitID: unit, Region: region, RegisteredBy: owner, RegisteredAt: at})
	}
	register("c1", "rep-1", "sales-1", "east", oct(1))
	register("c2", "rep-2", "sales-1", "east", nov(2, 0))
	register("c3", "rep-3", "sales-2", "west", nov(1, 0))
	add(customer.Stream("c1"),
		customer.Visited{CustomerID: "c1", VisitNo: 1, Purpose: "intro", Outcome: customer.VisitOutcome("POSITIVE"), RepID: "rep-1", VisitedAt: nov(3, 2)},
		customer.BecameCooperating{CustomerID: "c1", ContractID: "k1", FromStage: customer.StageVisiting, At: nov(5, 2)},
		customer.SatisfactionRecorded{CustomerID: "c1", SurveyID: "s1", Overall: 4, RecordedBy: "cs-1", RecordedAt: nov(6, 2)},
		customer.FollowUpVisitCompleted{CustomerID: "c1", VisitID: "v1", Satisfaction: 5, CompletedBy: "cs-1", CompletedAt: nov(7, 2)},
		customer.InquiryReceived{CustomerID: "c1", InquiryID: "iq1", Channel: "phone", Content: "price?", ReceivedBy: "cs-1", ReceivedAt: nov(8, 2)},
		customer.InquiryAnswered{CustomerID: "c1", InquiryID: "iq1", Answer: "sent", AnsweredBy: "cs-1", AnsweredAt: nov(9, 2)})
	add(customer.Stream("c3"), customer.SatisfactionRecorded{CustomerID: "c3", SurveyID: "s2", Overall: 2, RecordedBy: "cs-1", RecordedAt: nov(8, 2)})

	seedContracts(add)
	seedOrders(add)
	seedService(add)
	seedStaff(add)
	seedFlags(add)
	add(salesplan.Stream("p1"), readmodeltest.PlanDrafted("p1", "sales-1", "east", 240000),
		readmodeltest.Alloc("p1", "2026-11", salesplan.LevelPerson, "rep-1", "", 20000))
}

func contractEvents(id, customerID, drafter, unit string, value int64, drafted time.Time, signed bool) []domain.Event {
	terms := contract.Terms{RightsObligations: "r", Scope: "s", Price: domain.Fen(value), DeliveryDate: drafted.AddDate(0, 2, 0), PaymentTerms: "p"}
	evs := []domain.Event{
		contract.Drafted{ContractID: id, CustomerID: customerID, Terms: terms, DrafterID: drafter, DrafterRole: domain.RoleSalesRep,
			DrafterOrgUnitID: unit, DraftedAt: drafted},
		contract.Registered{ContractID: id, RegistrationNo: "R-" + id, SubmittedBy: drafter, SubmittedRole: domain.RoleSalesRep, RegisteredAt: drafted},
	}
	if signed {
		evs = append(evs, contract.Signed{ContractID: id, CustomerID: customerID, Value: domain.Fen(value), SignerID: "gm-1",
			SignerRole: domain.RoleGM, Place: contract.PlaceCompany, SignedAt: drafted.Add(96 * time.Hour)})
	}
	return evs
}

func seedContracts(add func(string, ...domain.Event)) {
	add(contract.Stream("k0"), contractEvents("k0", "c1", "rep-1", "sales-1", 200000, oct(3), true)...)
	add(contract.Stream("k1"), contractEvents("k1", "c1", "rep-1", "sales-1", 1000000, nov(1, 0), true)...)
	add(contract.Stream("k2"), contractEvents("k2", "c3", "rep-3", "sales-2", 500000, nov(6, 0), true)...)
	add(contract.Stream("k3"), contractEvents("k3", "c2", "rep-2", "sales-1", 300000, nov(2, 0), false)...)
	add(contract.Stream("k1"),
		contract.UnauthorisedQuotationDetected{ContractID: "k1", CustomerID: "c1", Reason: "below quote", DrafterID: "rep-1", DetectedAt: nov(5, 3)},
		contract.CollectionPlanSet{ContractID: "k1", Instalments: []contract.Instalment{
			{ID: "i1", DueDate: nov(10, 0), Amount: domain.Fen(600000)}, {ID: "i2", DueDate: time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC), Amount: domain.Fen(300000)}}},
		contract.PaymentReceived{ContractID: "k1", InstalmentID: "i1", Amount: domain.Fen(200000), RecordedBy: "fin-1", ReceivedAt: nov(12, 2)},
		contract.DunningLetterSent{ContractID: "k1", Dunning: readmodeltest.DunningStep("i1", nov(15, 2))})
	add(contract.Stream("k2"), contract.CollectionPlanSet{ContractID: "k2", Instalments: []contract.Instalment{
		{ID: "j1", DueDate: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), Amount: domain.Fen(250000)}}})
	add(quotation.Stream("q1"), readmodeltest.QuoteDrafted("q1", "c1", 10000, 4500, nov(3, 2)),
		readmodeltest.QuoteMargin("q1", 10000, 4500, 5500, quotation.TierRep, domain.RoleSalesRep),
		quotation.IssuedUnderRepAuthority{QuotationID: "q1", Price: domain.Fen(10000), Margin: 5500, RetroApprovalPending: true, IssuedBy: "rep-1", IssuedAt: nov(3, 3)})
	add(quotation.Stream("q2"), readmodeltest.QuoteDrafted("q2", "c1", 10000, 7500, nov(4, 2)),
		readmodeltest.QuoteMargin("q2", 10000, 7500, 2500, quotation.TierGMOffice, domain.RoleGMOffice))
	add(quotation.Stream("q3"), readmodeltest.QuoteDrafted("q3", "c1", 10000, 9000, oct(4)),
		readmodeltest.QuoteMargin("q3", 10000, 9000, 1000, quotation.TierGM, domain.RoleGM))
}

func orderCreated(id, contractID, customerID, rep string, total int64, due, at time.Time) order.Created {
	return order.Created{OrderID: id, ContractID: contractID, CustomerID: customerID, Kind: order.KindGoods, Total: domain.Fen(total),
		Lines:     []order.Line{{ProductName: "pump", ModelSpec: "P-1", Quantity: 1, UnitPrice: domain.Fen(total), DeliveryTime: due, DeliveryAddress: "dock"}},
		CreatedBy: rep, CreatedAt: at}
}

// seedOrders: o0 (c1, October, delivered); o1 delivered on time with a
// note, o2 late without one (both c1, k1); o3 (c3, k2) open past its due
// time.
func seedOrders(add func(string, ...domain.Event)) {
	add(order.Stream("o0"), orderCreated("o0", "k0", "c1", "rep-1", 200000, oct(20), oct(5)),
		order.Delivered{OrderID: "o0", DeliveryNoteNo: "DN0", DeliveredAt: oct(19)})
	add(order.Stream("o1"), orderCreated("o1", "k1", "c1", "rep-1", 400000, nov(15, 0), nov(6, 0)),
		order.Delivered{OrderID: "o1", DeliveryNoteNo: "DN1", DeliveredAt: nov(14, 0)})
	add(order.Stream("o2"), orderCreated("o2", "k1", "c1", "rep-1", 100000, nov(10, 0), nov(6, 1)),
		order.Delivered{OrderID: "o2", DeliveredAt: nov(12, 0)})
	add(order.Stream("o3"), orderCreated("o3", "k2", "c3", "rep-3", 500000, nov(18, 0), nov(7, 0)))
}

// seedService: cp1 (c1) routed after half a day, the customer first told
// of progress after one,
// closed after three; cp2 (c1) open; cp3 (c3) in October.
func seedService(add func(string, ...domain.Event)) {
	received := func(id, c string, at time.Time) complaint.Received {
		return complaint.Received{ComplaintID: id, CustomerID: c, Channel: complaint.Channel("PHONE"), Content: "late", ReceivedBy: "cs-1", ReceivedAt: at}
	}
	add(complaint.Stream("cp1"), received("cp1", "c1", nov(2, 0)),
		complaint.Routed{ComplaintID: "cp1", DepartmentID: "logistics", RoutedBy: "cs-1", RoutedAt: nov(2, 12)},
		complaint.CustomerUpdated{ComplaintID: "cp1", Message: "on it", UpdatedBy: "cs-1", UpdatedAt: nov(3, 0)},
		complaint.Closed{ComplaintID: "cp1", SatisfactionConfirmedBy: "cs-1", ClosedAt: nov(5, 0)})
	add(complaint.Stream("cp2"), received("cp2", "c1", nov(10, 0)))
	add(complaint.Stream("cp3"), received("cp3", "c3", oct(10)))
}

func seedStaff(add func(string, ...domain.Event)) {
	add(employee.Stream("rep-1"),
		employee.WorkReportSubmitted{EmployeeID: "rep-1", ReportID: "d1", Period: employee.ReportPeriod("DAILY"), Content: "x", SubmittedAt: nov(3, 10)},
		employee.WorkReportSubmitted{EmployeeID: "rep-1", ReportID: "d2", Period: employee.ReportPeriod("DAILY"), Content: "y", SubmittedAt: nov(4, 10)},
		employee.WorkReportRejected{EmployeeID: "rep-1", ReportID: "d2", Reason: "sloppy", CountsAsMissing: true, RejectedBy: "head-1", RejectedAt: nov(5, 1)},
		employee.CheckedIn{EmployeeID: "rep-1", Slot: "AM", Day: "2026-11-03", CheckedInAt: nov(3, 1)},
		employee.CheckedIn{EmployeeID: "rep-1", Slot: "AM", Day: "2026-11-04", CheckedInAt: nov(4, 1)},
		employee.CheckedIn{EmployeeID: "rep-1", Slot: "AM", Day: "2026-10-30", CheckedInAt: oct(30)},
		employee.Fined{EmployeeID: "rep-1", FineID: "f1", Item: "report", Amount: domain.Fen(2000), Reason: "sloppy report", FinedBy: "head-1", FinedAt: nov(6, 1)})
	add(employee.Stream("rep-2"),
		employee.LeaveApproved{EmployeeID: "rep-2", LeaveID: "l1", SignedBy: "head-1", SignedAt: nov(7, 1)},
		employee.AppraisalRecorded{EmployeeID: "rep-2", AppraisalID: "a1", Cycle: employee.CycleMonthly, PeriodStart: oct(1),
			Grade: employee.GradeFail, RatedBy: "committee", RatedAt: nov(15, 1)},
		employee.ImprovementPlanStarted{EmployeeID: "rep-2", AppraisalID: "a1", Goals: "more visits", Deadline: nov(30, 0), StartedBy: "head-1", StartedAt: nov(16, 1)})
	add(employee.Stream("rep-3"), employee.CheckedIn{EmployeeID: "rep-3", Slot: "AM", Day: "2026-11-04", CheckedInAt: nov(4, 1)})
}

type kpiFixture struct {
	q     *kpi.Queries
	pool  *pgxpool.Pool
	ns    projections.Namespace
	store eventstore.Store
}

func newKPIFixture(t *testing.T) kpiFixture { t.Helper(); return newKPIFixtureOf(t, seed) }

// newKPIFixtureOf builds every read model the KPIs read from the history
// seed appends.
func newKPIFixtureOf(t *testing.T, seed func(add func(string, ...domain.Event))) kpiFixture {
	t.Helper()
	pool, ns := projectiontest.Pool(t)
	store := memory.New()
	codec := eventstore.NewCodec(slices.Concat(contract.Events(), customer.Events(), employee.Events(), order.Events(),
		quotation.Events(), complaint.Events(), salesplan.Events())...)
	seed(func(stream string, evs ...domain.Event) { readmodeltest.Append(t, store, codec, stream, evs...) })
	if err := projections.Ensure(context.Background(), pool, ns, kpiSources()...); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	f := kpiFixture{q: kpi.NewQueries(readmodeltest.DB(pool, ns)), pool: pool, ns: ns, store: store}
	f.catchUp(t)
	return f
}

// kpiSources are the read models the KPIs read.
func kpiSources() []projections.Projection {
	var ps []projections.Projection
	for _, p := range readmodels.All() {
		if p.Name() != "audit" { // the one read model no KPI reads
			ps = append(ps, p)
		}
	}
	return ps
}

// catchUp runs every read model the KPIs read until it has applied the
// whole log. One runner at a time: each holds a connection of the test's
// small pool while it runs.
func (f kpiFixture) catchUp(t *testing.T) {
	t.Helper()
	for _, p := range kpiSources() {
		stop := projectiontest.Run(t, projections.NewRunner(f.pool, f.store, f.ns, p, projectiontest.FastOptions()))
		readmodeltest.WaitHead(t, f.pool, f.store, f.ns, p)
		if err := stop(); err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("stop %s: %v", p.Name(), err)
		}
	}
}

func (f kpiFixture) report(t *testing.T, name, period, groupBy string, scope queries.KPIScope) queries.KPIReport {
	t.Helper()
	p, err := queries.ParseKPIPeriod(period)
	if err != nil {
		t.Fatalf("ParseKPIPeriod(%q): %v", period, err)
	}
	rep, err := f.q.KPI(context.Background(), name, queries.KPIRequest{Period: p, GroupBy: groupBy, Scope: scope, Now: kpiNow})
	if err != nil {
		t.Fatalf("KPI %s: %v", name, err)
	}
	return rep
}

var all = queries.KPIScope{Kind: queries.ScopeAll}

// rows keeps only the given keys of each row, for comparison.
func rows(rep queries.KPIReport, keys ...string) []queries.KPIRow {
	out := make([]queries.KPIRow, len(rep.Rows))
	for i, r := range rep.Rows {
		out[i] = pick(r, keys...)
	}
	return out
}

func pick(r queries.KPIRow, keys ...string) queries.KPIRow {
	o := queries.KPIRow{}
	for _, k := range keys {
		if v, ok := r[k]; ok {
			o[k] = v
		}
	}
	return o
}

func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

// TestKPIs computes each KPI over the seeded history and checks it
// against the figures worked out by hand from the events.
func TestKPIs(t *testing.T) {
	f := newKPIFixture(t)

	t.Run("R1 sales performance by person", func(t *testing.T) {
		rep := f.report(t, "sales-performance", "2026-11", "person", all)
		same(t, "rows", rows(rep, "person", "signed_contracts", "signed_value", "delivered_value", "collected", "signed_value_previous", "drill", "resource"),
			[]queries.KPIRow{
				{"person": "rep-1", "signed_contracts": int64(1), "signed_value": "10000.00", "delivered_value": "5000.00", "collected": "2000.00",
					"signed_value_previous": "2000.00", "drill": "/contracts?drafter_id=rep-1", "resource": "/employees/rep-1"},
				{"person": "rep-3", "signed_contracts": int64(1), "signed_value": "5000.00", "delivered_value": "0.00", "collected": "0.00",
					"signed_value_previous": "0.00", "drill": "/contracts?drafter_id=rep-3", "resource": "/employees/rep-3"},
			})
		same(t, "totals", pick(rep.Totals, "signed_contracts", "signed_value", "collected"),
			queries.KPIRow{"signed_contracts": int64(2), "signed_value": "15000.00", "collected": "2000.00"})
	})
	t.Run("R1 by team, region and year", func(t *testing.T) {
		same(t, "teams", rows(f.report(t, "sales-performance", "2026-11", "team", all), "team", "signed_value"),
			[]queries.KPIRow{{"team": "head-1", "signed_value": "10000.00"}, {"team": "head-2", "signed_value": "5000.00"}})
		same(t, "regions", rows(f.report(t, "sales-performance", "2026-Q4", "region", all), "region", "signed_value"),
			[]queries.KPIRow{{"region": "east", "signed_value": "12000.00"}, {"region": "west", "signed_value": "5000.00"}})
		same(t, "2025", rows(f.report(t, "sales-performance", "2025", "person", all), "person"), []queries.KPIRow{})
		// the monthly counters (but by region) and the sales, orders and
		// payments themselves (by region) give the same totals
		for _, period := range []string{"2026-10", "2026-11", "2026-Q4"} {
			same(t, "totals by person and by region in "+period, f.report(t, "sales-performance", period, "person", all).Totals,
				f.report(t, "sales-performance", period, "region", all).Totals)
		}
	})
	t.Run("R1 scoped to a rep and to a department", func(t *testing.T) {
		own := f.report(t, "sales-performance", "2026-11", "person", queries.KPIScope{Kind: queries.ScopeOwn, Person: "rep-3"})
		same(t, "own", rows(own, "person", "signed_value"), []queries.KPIRow{{"person": "rep-3", "signed_value": "5000.00"}})
		dept := f.report(t, "sales-performance", "2026-11", "department", queries.KPIScope{Kind: queries.ScopeDepartment, OrgUnit: "sales-1"})
		same(t, "department", rows(dept, "department", "signed_value", "drill"),
			[]queries.KPIRow{{"department": "sales-1", "signed_value": "10000.00", "drill": "/contracts?drafter_org_unit_id=sales-1"}})
		same(t, "department totals", pick(dept.Totals, "signed_value"), queries.KPIRow{"signed_value": "10000.00"})
	})
	t.Run("R2 target completion", func(t *testing.T) {
		rep := f.report(t, "target-completion", "2026-11", "person", all)
		same(t, "rows", rep.Rows, []queries.KPIRow{{"person": "rep-1", "target": "20000.00", "actual": "10000.00", "completion": 50.0,
			"expected": 66.11, "at_risk": true, "no_results": false, "resource": "/employees/rep-1",
			"drill": "/sales-vs-target?dimension=person&id=rep-1&period=2026-11"}})
		own := f.report(t, "target-completion", "2026-11", "team", queries.KPIScope{Kind: queries.ScopeOwn, Person: "rep-2"})
		same(t, "another rep's", len(own.Rows), 0)
	})
	t.Run("R3 pipeline by department", func(t *testing.T) {
		rep := f.report(t, "pipeline", "2026-11", "department", all)
		same(t, "rows", rows(rep, "department", "target_stage", "cooperating", "conversion", "registered", "visits", "drill"), []queries.KPIRow{
			{"department": "sales-1", "target_stage": int64(1), "cooperating": int64(1), "conversion": 50.0, "registered": int64(1), "visits": int64(1),
				"drill": "/customers?org_unit_id=sales-1"},
			{"department": "sales-2", "target_stage": int64(1), "cooperating": int64(0), "conversion": 0.0, "registered": int64(1), "visits": int64(0),
				"drill": "/customers?org_unit_id=sales-2"},
		})
	})
	t.Run("R4 quotation margins", func(t *testing.T) {
		rep := f.report(t, "quotation-margins", "2026-11", "person", all)
		same(t, "rows", rows(rep, "person", "quotes", "tier_rep", "tier_gm_office", "tier_gm", "avg_margin", "retro_pending", "unauthorised"),
			[]queries.KPIRow{{"person": "rep-1", "quotes": int64(2), "tier_rep": int64(1), "tier_gm_office": int64(1), "tier_gm": int64(0),
				"avg_margin": 40.0, "retro_pending": int64(1), "unauthorised": int64(1)}})
	})
	t.Run("R5 contract board", func(t *testing.T) {
		rep := f.report(t, "contract-board", "2026-11", "department", all)
		same(t, "rows", rows(rep, "department", "drafted", "registered", "pending_value", "oldest_pending_days", "executing", "executing_value"),
			[]queries.KPIRow{
				{"department": "sales-1", "drafted": int64(2), "registered": int64(1), "pending_value": "3000.00", "oldest_pending_days": 18.5,
					"executing": int64(2), "executing_value": "12000.00"},
				{"department": "sales-2", "drafted": int64(1), "registered": int64(0), "pending_value": "0.00", "oldest_pending_days": nil,
					"executing": int64(1), "executing_value": "5000.00"},
			})
	})
	t.Run("R6 orders and delivery", func(t *testing.T) {
		rep := f.report(t, "orders-delivery", "2026-11", "person", all)
		same(t, "rows", rows(rep, "person", "delivered", "on_time", "on_time_rate", "without_note", "open_orders", "late_open", "drill"), []queries.KPIRow{
			{"person": "rep-1", "delivered": int64(2), "on_time": int64(1), "on_time_rate": 50.0, "without_note": int64(1), "open_orders": int64(0), "late_open": int64(0),
				"drill": "/orders?created_by=rep-1"},
			{"person": "rep-3", "delivered": int64(0), "on_time": int64(0), "on_time_rate": nil, "without_note": int64(0), "open_orders": int64(1), "late_open": int64(1),
				"drill": "/orders?created_by=rep-3"},
		})
		dept := f.report(t, "orders-delivery", "2026-11", "department", all)
		same(t, "departments", rows(dept, "department", "delivered", "late_open"), []queries.KPIRow{
			{"department": "sales-1", "delivered": int64(2), "late_open": int64(0)}, {"department": "sales-2", "delivered": int64(0), "late_open": int64(1)}})
	})
	t.Run("R7 receivables by aging bucket and by person", func(t *testing.T) {
		rep := f.report(t, "receivables", "2026-11", "", all)
		same(t, "grouping", rep.GroupBy, "bucket")
		same(t, "buckets", rows(rep, "bucket", "instalments", "outstanding", "overdue", "dunning_letter", "due_in_period", "drill"), []queries.KPIRow{
			{"bucket": "0-30", "instalments": int64(1), "outstanding": "4000.00", "overdue": "4000.00", "dunning_letter": int64(1), "due_in_period": "6000.00",
				"drill": "/receivables?bucket=0-30&outstanding=true"},
			{"bucket": "61-90", "instalments": int64(1), "outstanding": "2500.00", "overdue": "2500.00", "dunning_letter": int64(0), "due_in_period": "0.00",
				"drill": "/receivables?bucket=61-90&outstanding=true"},
			{"bucket": "not_due", "instalments": int64(1), "outstanding": "3000.00", "overdue": "0.00", "dunning_letter": int64(0), "due_in_period": "0.00",
				"drill": "/receivables?bucket=not_due&outstanding=true"},
		})
		if _, ok := rep.Totals["collected"]; ok {
			t.Error("collections belong to no aging bucket, yet the bucket grouping shows them")
		}
		people := f.report(t, "receivables", "2026-11", "person", all)
		same(t, "people", rows(people, "person", "outstanding", "collected", "drill"), []queries.KPIRow{
			{"person": "rep-1", "outstanding": "7000.00", "collected": "2000.00", "drill": "/receivables?outstanding=true&owner_id=rep-1"},
			{"person": "rep-3", "outstanding": "2500.00", "collected": "0.00", "drill": "/receivables?outstanding=true&owner_id=rep-3"},
		})
	})
	t.Run("R8 customer service", func(t *testing.T) {
		rep := f.report(t, "customer-service", "2026-11", "person", all)
		same(t, "rows", rows(rep, "person", "received", "closed", "open", "avg_days_to_route", "avg_days_to_first_update", "avg_days_to_close",
			"reopen_rate", "complaint_rate", "inquiries", "inquiries_answered"), []queries.KPIRow{
			{"person": "rep-1", "received": int64(2), "closed": int64(1), "open": int64(1), "avg_days_to_route": 0.5, "avg_days_to_first_update": 1.0,
				"avg_days_to_close": 3.0, "reopen_rate": 0.0, "complaint_rate": 200.0, "inquiries": int64(1), "inquiries_answered": int64(1)},
		})
	})
	t.Run("R9 satisfaction and retention", func(t *testing.T) {
		rep := f.report(t, "satisfaction-retention", "2026-11", "person", all)
		same(t, "rows", rows(rep, "person", "surveys", "avg_survey_score", "follow_ups", "avg_follow_up_score", "ordering_customers", "retained",
			"retention_rate", "repeat_customers"), []queries.KPIRow{
			{"person": "rep-1", "surveys": int64(1), "avg_survey_score": 4.0, "follow_ups": int64(1), "avg_follow_up_score": 5.0,
				"ordering_customers": int64(1), "retained": int64(1), "retention_rate": 100.0, "repeat_customers": int64(1)},
			{"person": "rep-3", "surveys": int64(1), "avg_survey_score": 2.0, "follow_ups": int64(0), "avg_follow_up_score": nil,
				"ordering_customers": int64(1), "retained": int64(0), "retention_rate": nil, "repeat_customers": int64(0)},
		})
		same(t, "totals", pick(rep.Totals, "avg_survey_score", "retention_rate"), queries.KPIRow{"avg_survey_score": 3.0, "retention_rate": 100.0})
	})
	t.Run("R10 customer file health", func(t *testing.T) {
		rep := f.report(t, "customer-file-health", "2026-11", "department", all)
		same(t, "rows", rows(rep, "department", "files", "incomplete", "stale", "no_contact_90_days", "unassigned"), []queries.KPIRow{
			{"department": "sales-1", "files": int64(2), "incomplete": int64(2), "stale": int64(1), "no_contact_90_days": int64(2), "unassigned": int64(0)},
			{"department": "sales-2", "files": int64(1), "incomplete": int64(1), "stale": int64(0), "no_contact_90_days": int64(1), "unassigned": int64(0)},
		})
	})
	t.Run("R11 employee performance", func(t *testing.T) {
		rep := f.report(t, "employee-performance", "2026-11", "department", all)
		same(t, "rows", rows(rep, "department", "headcount", "on_probation", "probation_ending", "improvement_plans", "appraisals",
			"failed_appraisals", "fines", "fines_total"), []queries.KPIRow{
			{"department": "sales-1", "headcount": int64(3), "on_probation": int64(1), "probation_ending": int64(1), "improvement_plans": int64(1),
				"appraisals": int64(1), "failed_appraisals": int64(1), "fines": int64(1), "fines_total": "20.00"},
			{"department": "sales-2", "headcount": int64(1), "on_probation": int64(0), "probation_ending": int64(0), "improvement_plans": int64(0),
				"appraisals": int64(0), "failed_appraisals": int64(0), "fines": int64(0), "fines_total": "0.00"},
		})
		person := f.report(t, "employee-performance", "2026-11", "person", queries.KPIScope{Kind: queries.ScopeOwn, Person: "rep-2"})
		same(t, "own", rows(person, "person", "appraisals", "drill"), []queries.KPIRow{{"person": "rep-2", "appraisals": int64(1), "drill": "/employees/rep-2/appraisals"}})
	})
	t.Run("R12 activity and discipline", func(t *testing.T) {
		rep := f.report(t, "activity-discipline", "2026-11", "person", all)
		same(t, "rows", rows(rep, "person", "reports_submitted", "reports_rejected", "reports_missing", "check_ins", "visits", "leave_approved", "fines_total"),
			[]queries.KPIRow{
				{"person": "rep-1", "reports_submitted": int64(2), "reports_rejected": int64(1), "reports_missing": int64(1), "check_ins": int64(2),
					"visits": int64(1), "leave_approved": int64(0), "fines_total": "20.00"},
				{"person": "rep-2", "reports_submitted": int64(0), "reports_rejected": int64(0), "reports_missing": int64(0), "check_ins": int64(0),
					"visits": int64(0), "leave_approved": int64(1), "fines_total": "0.00"},
				{"person": "rep-3", "reports_submitted": int64(0), "reports_rejected": int64(0), "reports_missing": int64(0), "check_ins": int64(1),
					"visits": int64(0), "leave_approved": int64(0), "fines_total": "0.00"},
			})
		if len(rep.Unavailable) == 0 {
			t.Error("R12 says nothing of the figures no event records (training, late reports)")
		}
	})
	t.Run("the fact table applies again and rebuilds to the same rows", func(t *testing.T) {
		readmodeltest.RebuildMatches(t, f.pool, f.store, f.ns, kpi.New())
	})
	t.Run("a grouping the KPI does not take is invalid", func(t *testing.T) {
		p, _ := queries.ParseKPIPeriod("2026-11")
		_, err := f.q.KPI(context.Background(), "employee-performance", queries.KPIRequest{Period: p, GroupBy: "region", Scope: all, Now: kpiNow})
		if !errors.Is(err, domain.ErrInvalid) {
			t.Errorf("group_by=region on R11: err = %v, want invalid", err)
		}
		_, err = f.q.KPI(context.Background(), "no-such-kpi", queries.KPIRequest{Period: p, Scope: all, Now: kpiNow})
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("unknown KPI: err = %v, want not found", err)
		}
	})
}
