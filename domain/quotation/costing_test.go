package quotation_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
)

func valveCosting(cost int64) quotation.Costing {
	return quotation.Costing{CostingRef: "COST-1", UnitCosts: []quotation.UnitCost{{Product: "valve", UnitCost: domain.Fen(cost)}}}
}

// K7-costing: the margin authority decides on the business engineer's
// costing, never on the unit cost the rep typed.
func TestQuotation_RecordCosting(t *testing.T) {
	tests := []struct {
		name       string
		given      []domain.Event
		costing    quotation.Costing
		by         string
		want       []domain.Event
		wantErr    error
		wantMargin domain.Percent
		wantTier   quotation.Tier
	}{
		{name: "given a rep's 60% estimate, when the engineer costs the valve at 85.00, then the margin is 15% and the GM decides",
			given: draftedUncosted(quotation.TypeWrittenFinal, 4000), costing: valveCosting(8500), by: "eng-1",
			want: []domain.Event{
				quotation.CostingRecorded{QuotationID: "q-1", UnitCosts: valveCosting(8500).UnitCosts, Cost: domain.Fen(8500), Margin: 1500, Tier: quotation.TierGM,
					CostingRef: "COST-1", CostedBy: "eng-1", CostedAt: t1},
				quotation.MarginComputed{QuotationID: "q-1", Price: domain.Fen(10000), Cost: domain.Fen(8500), Margin: 1500, Tier: quotation.TierGM, ApproverRole: domain.RoleGM, RegulationVersion: ver, ComputedAt: t1},
			}, wantMargin: 1500, wantTier: quotation.TierGM},
		{name: "given a costing at exactly 50.00%, then the rep's authority applies",
			given: draftedUncosted(quotation.TypeWrittenSecond, 1000), costing: valveCosting(5000), by: "eng-1", wantMargin: 5000, wantTier: quotation.TierRep},
		{name: "given a costing at 49.99%, then a department head decides",
			given: draftedUncosted(quotation.TypeWrittenSecond, 1000), costing: valveCosting(5001), by: "eng-1", wantMargin: 4999, wantTier: quotation.TierDeptHead},
		{name: "the rep who drafted the quote cannot cost it", given: draftedUncosted(quotation.TypeWrittenFinal, 4000), costing: valveCosting(4000), by: "rep-1", wantErr: quotation.ErrSelfCosting},
		{name: "the costing document is required", given: draftedUncosted(quotation.TypeWrittenFinal, 4000),
			costing: quotation.Costing{UnitCosts: valveCosting(1).UnitCosts}, by: "eng-1", wantErr: domain.ErrInvalid},
		{name: "every product quoted needs its cost", given: draftedUncosted(quotation.TypeWrittenFinal, 4000),
			costing: quotation.Costing{CostingRef: "COST-1", UnitCosts: []quotation.UnitCost{{Product: "pump", UnitCost: domain.Fen(1)}}}, by: "eng-1", wantErr: domain.ErrInvalid},
		{name: "a negative cost is invalid", given: draftedUncosted(quotation.TypeWrittenFinal, 4000), costing: valveCosting(-1), by: "eng-1", wantErr: domain.ErrInvalid},
		{name: "a submitted quote is not costed again", given: pending(6000), costing: valveCosting(6000), by: "eng-1", wantErr: quotation.ErrWrongStatus},
		{name: "an unknown quote", costing: valveCosting(6000), by: "eng-1", wantErr: quotation.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := q.RecordCosting(tt.costing, tt.by, reg, ver, t1)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("RecordCosting() error = %v, want %v", err, tt.wantErr)
			}
			if tt.want != nil {
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("RecordCosting() events (-want +got):\n%s", diff)
				}
			}
			if err != nil {
				return
			}
			after := domain.Fold(quotation.Quotation.Evolve, with(tt.given, got...)...)
			if after.MarginRatio().Percent() != tt.wantMargin || reg.Tier(after.MarginRatio()) != tt.wantTier || !after.Costed {
				t.Errorf("after costing: margin %s tier %s costed %v, want %s %s true", after.MarginRatio().Percent(), reg.Tier(after.MarginRatio()), after.Costed, tt.wantMargin, tt.wantTier)
			}
		})
	}
}

// K7-costing, K7-price: no margin-authority decision on a concrete quote
// before the engineer's costing, nor on a final one before leadership's
// approved price; indicative quotes need neither.
func TestQuotation_AuthorityNeedsCostingAndPrice(t *testing.T) {
	uncostedFinal := draftedUncosted(quotation.TypeWrittenFinal, 4000)
	costedFinal := with(uncostedFinal, costed(uncostedFinal, 4000)...)
	uncostedSecond := draftedUncosted(quotation.TypeWrittenSecond, 4000)
	submit := func(q quotation.Quotation) ([]domain.Event, error) { return q.Submit("rep-1", reg, ver, t1) }
	issue := func(q quotation.Quotation) ([]domain.Event, error) {
		return q.Issue("rep-1", domain.RoleSalesRep, reg, ver, t1)
	}
	tests := []struct {
		name     string
		given    []domain.Event
		when     func(quotation.Quotation) ([]domain.Event, error)
		wantErr  error
		wantRule string
	}{
		{name: "an uncosted second quote is not submitted", given: uncostedSecond, when: submit, wantErr: quotation.ErrNotCosted, wantRule: "K7-costing"},
		{name: "an uncosted final quote the rep priced at 60% is not issued under rep authority", given: uncostedFinal, when: issue, wantErr: quotation.ErrNotCosted, wantRule: "K7-costing"},
		{name: "a costed final quote without leadership's price is not submitted", given: costedFinal, when: submit, wantErr: quotation.ErrPriceNotApproved, wantRule: "K7-price"},
		{name: "a costed final quote without leadership's price is not issued", given: costedFinal, when: issue, wantErr: quotation.ErrPriceNotApproved, wantRule: "K7-price"},
		{name: "a revision clears the costing", given: with(drafted(quotation.TypeWrittenSecond, 4000), quotation.Revised{QuotationID: "q-1", Lines: []quotation.Line{line(10000, 4000)}, Price: domain.Fen(10000), Cost: domain.Fen(4000)}),
			when: submit, wantErr: quotation.ErrNotCosted, wantRule: "K7-costing"},
		{name: "a costed second quote is submitted", given: with(uncostedSecond, costed(uncostedSecond, 7001)...), when: submit},
		{name: "a costed final quote with its approved price is submitted", given: drafted(quotation.TypeWrittenFinal, 7001), when: submit},
		{name: "an oral quote is issued uncosted", given: draftedUncosted(quotation.TypeOral, 9000), when: func(q quotation.Quotation) ([]domain.Event, error) {
			return q.Issue("rep-1", domain.RoleSalesAssistant, reg, ver, t1)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := tt.when(q)

			if !errors.Is(err, tt.wantErr) || ruleOf(err) != tt.wantRule {
				t.Fatalf("error = %v (rule %q), want %v (rule %q)", err, ruleOf(err), tt.wantErr, tt.wantRule)
			}
			if err == nil && len(got) == 0 {
				t.Errorf("recorded nothing, want the decision")
			}
		})
	}
}

// K7-price: leadership approves the price of a costed draft.
func TestQuotation_ApprovePrice(t *testing.T) {
	uncosted := draftedUncosted(quotation.TypeWrittenFinal, 4000)
	costedDraft := with(uncosted, costed(uncosted, 7000)...)
	tests := []struct {
		name    string
		given   []domain.Event
		by      string
		want    []domain.Event
		wantErr error
	}{
		{name: "leadership approves the price on the engineer's cost", given: costedDraft, by: "lead-1", want: []domain.Event{quotation.PriceApproved{
			QuotationID: "q-1", Price: domain.Fen(10000), Cost: domain.Fen(7000), Margin: 3000, Comment: "ok", ApproverID: "lead-1", ApproverRole: domain.RoleLeadership, ApprovedAt: t1}}},
		{name: "no price approval before the costing", given: uncosted, by: "lead-1", wantErr: quotation.ErrNotCosted},
		{name: "the drafter does not approve their own price", given: costedDraft, by: "rep-1", wantErr: quotation.ErrSelfApproval},
		{name: "approving the price again records nothing", given: with(costedDraft, quotation.PriceApproved{QuotationID: "q-1"}), by: "lead-1"},
		{name: "a new costing needs the price approved again", given: with(costedDraft, append([]domain.Event{quotation.PriceApproved{QuotationID: "q-1"}}, costed(costedDraft, 7500)...)...), by: "lead-1",
			want: []domain.Event{quotation.PriceApproved{QuotationID: "q-1", Price: domain.Fen(10000), Cost: domain.Fen(7500), Margin: 2500, Comment: "ok", ApproverID: "lead-1", ApproverRole: domain.RoleLeadership, ApprovedAt: t1}}},
		{name: "a submitted quote's price is not approved", given: pending(7000), by: "lead-1", wantErr: quotation.ErrWrongStatus},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := q.ApprovePrice(tt.by, domain.RoleLeadership, "ok", t1)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ApprovePrice() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ApprovePrice() events (-want +got):\n%s", diff)
			}
		})
	}
}
