package quotations_test

import (
	"context"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/readmodels/quotations"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// K7-costing, K7-price: the quotation shows the engineer's cost and the
// margin on it, and its chain shows who costed it and who approved the
// price before the approval request.
func TestQuotations_CostingSteps(t *testing.T) {
	f := readmodeltest.NewFixture(t, memory.New(), eventstore.NewCodec(quotation.Events()...), quotations.New(), quotations.NewQueries,
		func(add func(string, ...domain.Event)) {
			add(quotation.Stream("q9"), readmodeltest.QuoteDrafted("q9", "c1", 10000, 4000, quoteDay),
				quotation.CostingRecorded{QuotationID: "q9", Cost: domain.Fen(8500), Margin: 1500, Tier: quotation.TierGM, CostingRef: "CB-9", CostedBy: "eng-1", CostedAt: quoteDay},
				quotation.MarginComputed{QuotationID: "q9", Price: domain.Fen(10000), Cost: domain.Fen(8500), Margin: 1500, Tier: quotation.TierGM,
					ApproverRole: domain.RoleGM, RegulationVersion: "quotation/default", ComputedAt: quoteDay},
				quotation.PriceApproved{QuotationID: "q9", Price: domain.Fen(10000), Cost: domain.Fen(8500), Margin: 1500, Comment: "准价",
					ApproverID: "lead-1", ApproverRole: domain.RoleLeadership, ApprovedAt: quoteDay})
		})
	q, err := f.Q.Quotation(context.Background(), "q9")
	if err != nil {
		t.Fatal(err)
	}
	if q.Cost != 8500 || q.Margin != 1500 || q.Tier != string(quotation.TierGM) {
		t.Errorf("Quotation(q9) = %+v, want the engineer's cost 85.00 at 15.00%% in the GM's tier", q)
	}
	var actions []string
	for _, s := range q.Steps {
		actions = append(actions, s.Action+"/"+s.Role+"/"+s.ActorID)
	}
	if got := strings.Join(actions, " "); got != "COSTED/BUSINESS_ENGINEER/eng-1 PRICE_APPROVED/LEADERSHIP/lead-1" {
		t.Errorf("q9 steps = %s", got)
	}
	if len(q.Steps) == 2 && (q.Steps[0].Comment != "CB-9" || q.Steps[0].Margin != 1500 || q.Steps[0].Tier != "GM" || q.Steps[1].Tier != "GM") {
		t.Errorf("costing step = %+v, want the costing document and 15.00%%", q.Steps[0])
	}
	f.RebuildMatches(t)
}
