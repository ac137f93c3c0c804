package quotation_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
)

var (
	t0  = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	t1  = time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	reg = quotation.DefaultRegulation()
	ver = "quotation/2026-01"

	known = quotation.CustomerFacts{Exists: true}
)

// line quotes one unit at price and cost given in fen.
func line(price, cost int64) quotation.Line {
	return quotation.Line{Product: "valve", Quantity: 1, UnitPrice: domain.Fen(price), UnitCost: domain.Fen(cost)}
}

// drafted is the history of quotation q-1 of type typ priced 100.00 with
// the given cost in fen, drafted by rep-1; a concrete quote is then costed
// at that cost by the business engineer eng-1 (K7-costing), and a final
// one has its price approved by leadership (K7-price).
func drafted(typ quotation.Type, cost int64) []domain.Event {
	events := draftedUncosted(typ, cost)
	if !typ.Concrete() {
		return events
	}
	events = with(events, costed(events, cost)...)
	if typ == quotation.TypeWrittenFinal {
		events = with(events, quotation.PriceApproved{QuotationID: "q-1", Price: domain.Fen(10000), Cost: domain.Fen(cost), ApproverID: "lead-1", ApproverRole: domain.RoleLeadership, ApprovedAt: t0})
	}
	return events
}

// draftedUncosted is drafted before anyone but the rep costed it.
func draftedUncosted(typ quotation.Type, cost int64) []domain.Event {
	q := quotation.Quotation{}
	events, err := q.Draft(quotation.Draft{
		QuotationID: "q-1", CustomerID: "c-1", Type: typ, Lines: []quotation.Line{line(10000, cost)},
		DemandAssessment: "buys 200 valves a year",
	}, known, reg, ver, "rep-1", t0)
	if err != nil {
		panic(err)
	}
	return events
}

// costed is eng-1's costing of the valve at cost fen over history given.
func costed(given []domain.Event, cost int64) []domain.Event {
	q := domain.Fold(quotation.Quotation.Evolve, given...)
	events, err := q.RecordCosting(quotation.Costing{CostingRef: "COST-1", UnitCosts: []quotation.UnitCost{{Product: "valve", UnitCost: domain.Fen(cost)}}}, "eng-1", reg, ver, t0)
	if err != nil {
		panic(err)
	}
	return events
}

func with(events []domain.Event, more ...domain.Event) []domain.Event {
	return append(append([]domain.Event{}, events...), more...)
}

// ruleOf names the rule (docs/RULES.md) a rejection cites ("" for none).
func ruleOf(err error) string {
	var re *domain.RuleError
	if errors.As(err, &re) {
		return re.Rule
	}
	return ""
}

func TestRegulation_Tier(t *testing.T) {
	tests := []struct {
		name        string
		price, cost int64
		want        quotation.Tier
		wantRole    domain.Role
	}{
		{"100% margin is the rep's", 10000, 0, quotation.TierRep, domain.RoleDeptHead},
		{"exactly 50.00% is the rep's", 10000, 5000, quotation.TierRep, domain.RoleDeptHead},
		{"49.995% is below 50.00% and never rounds up", 20000, 10001, quotation.TierDeptHead, domain.RoleDeptHead},
		{"49.99% needs a department head", 10000, 5001, quotation.TierDeptHead, domain.RoleDeptHead},
		{"exactly 30.00% needs a department head", 10000, 7000, quotation.TierDeptHead, domain.RoleDeptHead},
		{"29.99% needs the GM office", 10000, 7001, quotation.TierGMOffice, domain.RoleGMOffice},
		{"exactly 20.00% needs the GM office", 10000, 8000, quotation.TierGMOffice, domain.RoleGMOffice},
		{"19.99% needs the GM", 10000, 8001, quotation.TierGM, domain.RoleGM},
		{"a loss needs the GM", 10000, 12000, quotation.TierGM, domain.RoleGM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := reg.Tier(domain.NewRatio(tt.price-tt.cost, tt.price))
			if got != tt.want || got.ApproverRole() != tt.wantRole {
				t.Errorf("Tier() = %s (approver %s), want %s (approver %s)", got, got.ApproverRole(), tt.want, tt.wantRole)
			}
		})
	}
}

func TestCanApprove(t *testing.T) {
	tiers := []quotation.Tier{quotation.TierRep, quotation.TierDeptHead, quotation.TierGMOffice, quotation.TierGM}
	want := map[domain.Role][]bool{
		domain.RoleDeptHead:      {true, true, false, false},
		domain.RoleGMOffice:      {true, true, true, false},
		domain.RoleGM:            {true, true, true, true},
		domain.RoleSalesRep:      {false, false, false, false},
		domain.RoleDeputyGM:      {false, false, false, false},
		domain.RoleBranchManager: {false, false, false, false},
	}
	for role, row := range want {
		for i, tier := range tiers {
			if got := quotation.CanApprove(role, tier); got != row[i] {
				t.Errorf("CanApprove(%s, %s) = %v, want %v", role, tier, got, row[i])
			}
		}
	}
}

func TestRegulation_Validate(t *testing.T) {
	if err := reg.Validate(); err != nil {
		t.Errorf("DefaultRegulation().Validate() = %v, want nil", err)
	}
	bad := quotation.Regulation{RepAuthority: 3000, DeptHead: 3000, GMOffice: 2000}
	if err := bad.Validate(); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("Validate() of equal thresholds = %v, want ErrInvalid", err)
	}
}

func TestQuotation_Draft(t *testing.T) {
	valid := quotation.Draft{
		QuotationID: "q-1", CustomerID: "c-1", Type: quotation.TypeWrittenSecond,
		Lines:            []quotation.Line{line(4000, 2000), {Product: "seal", Quantity: 3, UnitPrice: domain.Fen(2000), UnitCost: domain.Fen(1001)}},
		CostBasisRef:     "costing-7",
		DemandAssessment: "buys 200 valves a year",
	}
	change := func(f func(*quotation.Draft)) quotation.Draft { d := valid; f(&d); return d }
	tests := []struct {
		name     string
		given    []domain.Event
		draft    quotation.Draft
		facts    quotation.CustomerFacts
		want     []domain.Event
		wantErr  error
		wantRule string
	}{
		{
			name:  "a quote for a known customer is drafted with its exact margin",
			draft: valid, facts: known,
			want: []domain.Event{
				quotation.Drafted{
					QuotationID: "q-1", CustomerID: "c-1", Type: quotation.TypeWrittenSecond, Lines: valid.Lines,
					Price: domain.Fen(10000), Cost: domain.Fen(5003), CostBasisRef: "costing-7",
					DemandAssessment: "buys 200 valves a year", DraftedBy: "rep-1", DraftedAt: t0,
				},
				quotation.MarginComputed{
					QuotationID: "q-1", Price: domain.Fen(10000), Cost: domain.Fen(5003), Margin: 4997,
					Tier: quotation.TierDeptHead, ApproverRole: domain.RoleDeptHead, RegulationVersion: ver, ComputedAt: t0,
				},
			},
		},
		{name: "no quote without a customer file", draft: valid, wantErr: domain.ErrRejected, wantRule: "C6"},
		{name: "no quote for an abandoned customer", draft: valid, facts: quotation.CustomerFacts{Exists: true, Abandoned: true}, wantErr: quotation.ErrCustomerInactive},
		{name: "no quote without the demand assessment", draft: change(func(d *quotation.Draft) { d.DemandAssessment = " " }), facts: known, wantErr: quotation.ErrNoDemandAssessed},
		{name: "unknown type is invalid", draft: change(func(d *quotation.Draft) { d.Type = "FINAL" }), facts: known, wantErr: domain.ErrInvalid},
		{name: "no lines is invalid", draft: change(func(d *quotation.Draft) { d.Lines = nil }), facts: known, wantErr: quotation.ErrNoLines},
		{name: "zero quantity is invalid", draft: change(func(d *quotation.Draft) { d.Lines = []quotation.Line{{Product: "x", UnitPrice: domain.Fen(1)}} }), facts: known, wantErr: domain.ErrInvalid},
		{name: "negative cost is invalid", draft: change(func(d *quotation.Draft) { d.Lines = []quotation.Line{line(100, -1)} }), facts: known, wantErr: domain.ErrInvalid},
		{name: "a zero total price is invalid", draft: change(func(d *quotation.Draft) { d.Lines = []quotation.Line{line(0, 0)} }), facts: known, wantErr: quotation.ErrZeroPrice},
		{
			name: "mixed currencies are invalid",
			draft: change(func(d *quotation.Draft) {
				d.Lines = []quotation.Line{line(100, 50), {Product: "y", Quantity: 1, UnitPrice: domain.Money{Minor: 1, Currency: "USD"}}}
			}),
			facts: known, wantErr: quotation.ErrCurrencyMismatch,
		},
		{name: "an existing quotation is not drafted again", given: drafted(quotation.TypeOral, 1), draft: valid, facts: known, wantErr: quotation.ErrAlreadyExists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := q.Draft(tt.draft, tt.facts, reg, ver, "rep-1", t0)

			if !errors.Is(err, tt.wantErr) || ruleOf(err) != tt.wantRule {
				t.Fatalf("Draft() error = %v (rule %q), want %v (rule %q)", err, ruleOf(err), tt.wantErr, tt.wantRule)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Draft() events mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestQuotation_Revise(t *testing.T) {
	lines := []quotation.Line{line(10000, 8001)}
	tests := []struct {
		name    string
		given   []domain.Event
		reason  string
		want    []domain.Event
		wantErr error
	}{
		{
			name: "a draft's lines are replaced and the margin recomputed", given: drafted(quotation.TypeWrittenFinal, 5000), reason: "customer wants a discount",
			want: []domain.Event{
				quotation.Revised{QuotationID: "q-1", Lines: lines, Price: domain.Fen(10000), Cost: domain.Fen(8001), Reason: "customer wants a discount", RevisedBy: "rep-1", RevisedAt: t1},
				quotation.MarginComputed{QuotationID: "q-1", Price: domain.Fen(10000), Cost: domain.Fen(8001), Margin: 1999, Tier: quotation.TierGM, ApproverRole: domain.RoleGM, RegulationVersion: ver, ComputedAt: t1},
			},
		},
		{name: "a reason is required", given: drafted(quotation.TypeWrittenFinal, 5000), wantErr: domain.ErrInvalid},
		{
			name:  "a submitted quote cannot be revised",
			given: with(drafted(quotation.TypeWrittenFinal, 6000), quotation.ApprovalRequested{QuotationID: "q-1"}), reason: "x",
			wantErr: quotation.ErrWrongStatus,
		},
		{name: "unknown quotation", reason: "x", wantErr: quotation.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := q.Revise(lines, "", tt.reason, reg, ver, "rep-1", t1)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Revise() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Revise() events mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestQuotation_Submit(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{
			name:  "a second quote at 29.99% is sent to the GM office",
			given: drafted(quotation.TypeWrittenSecond, 7001),
			want: []domain.Event{quotation.ApprovalRequested{
				QuotationID: "q-1", RequiredRole: domain.RoleGMOffice, Margin: 2999, Tier: quotation.TierGMOffice,
				RegulationVersion: ver, RequestedBy: "rep-1", RequestedAt: t1,
			}},
		},
		{
			name:  "a final quote at 19.99% is sent to the GM",
			given: drafted(quotation.TypeWrittenFinal, 8001),
			want: []domain.Event{quotation.ApprovalRequested{
				QuotationID: "q-1", RequiredRole: domain.RoleGM, Margin: 1999, Tier: quotation.TierGM,
				RegulationVersion: ver, RequestedBy: "rep-1", RequestedAt: t1,
			}},
		},
		{name: "submitting twice records nothing", given: with(drafted(quotation.TypeWrittenFinal, 8001), quotation.ApprovalRequested{QuotationID: "q-1"})},
		{name: "an oral quote needs no approval", given: drafted(quotation.TypeOral, 9000), wantErr: quotation.ErrNoApprovalNeeded},
		{name: "an initial quote needs no approval", given: drafted(quotation.TypeWrittenInitial, 9000), wantErr: quotation.ErrNoApprovalNeeded},
		{name: "an issued quote cannot be submitted", given: with(drafted(quotation.TypeWrittenFinal, 1000), quotation.IssuedUnderRepAuthority{QuotationID: "q-1"}), wantErr: quotation.ErrWrongStatus},
		{name: "unknown quotation", wantErr: quotation.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := q.Submit("rep-1", reg, ver, t1)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Submit() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Submit() events mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
