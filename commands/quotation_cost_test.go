package commands_test

import (
	"context"
	"errors"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
)

var (
	quoteEngineer = quotationMeta("eng-1", domain.RoleBusinessEngineer)
	quoteLeader   = quotationMeta("lead-1", domain.RoleLeadership)
)

// costQuotation has the business engineer cost the valve of quotation id
// at cost fen and leadership approve its price.
func costQuotation(t *testing.T, h *commands.Handler, id string, cost int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := h.Quotations.RecordQuotationCosting(ctx, quoteEngineer, commands.RecordQuotationCosting{QuotationID: id, Costing: quotation.Costing{
		CostingRef: "COST-" + id, UnitCosts: []quotation.UnitCost{{Product: "valve", UnitCost: domain.Fen(cost)}}}}); err != nil {
		t.Fatalf("RecordQuotationCosting(%s) error = %v", id, err)
	}
	if _, err := h.Quotations.ApproveQuotationPrice(ctx, quoteLeader, commands.ApproveQuotationPrice{QuotationID: id}); err != nil {
		t.Fatalf("ApproveQuotationPrice(%s) error = %v", id, err)
	}
}

// K7-costing, K7-price through the command side: only the business
// engineer costs, only leadership approves the price, and the margin the
// approver sees is the engineer's.
func TestQuotationCosting(t *testing.T) {
	ctx := context.Background()
	costing := func(cost int64) commands.RecordQuotationCosting {
		return commands.RecordQuotationCosting{QuotationID: "q-1", Costing: quotation.Costing{CostingRef: "COST-1",
			UnitCosts: []quotation.UnitCost{{Product: "valve", UnitCost: domain.Fen(cost)}}}}
	}
	t.Run("given a rep's 60% estimate, when the engineer costs at 85.00 and leadership approves the price, then only the GM may approve", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.draftedOnly("q-1", 4000)
		if _, err := w.h.Quotations.RecordQuotationCosting(ctx, quoteEngineer, costing(8500)); err != nil {
			t.Fatalf("RecordQuotationCosting() error = %v", err)
		}
		if _, err := w.h.Quotations.ApproveQuotationPrice(ctx, quoteLeader, commands.ApproveQuotationPrice{QuotationID: "q-1"}); err != nil {
			t.Fatalf("ApproveQuotationPrice() error = %v", err)
		}
		if _, err := w.h.Quotations.SubmitQuotation(ctx, quoteRep, commands.SubmitQuotation{QuotationID: "q-1"}); err != nil {
			t.Fatalf("SubmitQuotation() error = %v", err)
		}
		got, _ := w.read(quotation.Stream("q-1"))
		req, ok := got[len(got)-1].(quotation.ApprovalRequested)
		if !ok || req.RequiredRole != domain.RoleGM || req.Margin != 1500 {
			t.Errorf("last event = %#v, want an approval request to the GM at 15.00%%", got[len(got)-1])
		}
		if _, err := w.h.Quotations.ApproveQuotation(ctx, quoteHead, commands.ApproveQuotation{QuotationID: "q-1"}); !errors.Is(err, domain.ErrRejected) {
			t.Errorf("ApproveQuotation() by a department head error = %v, want a K7 refusal", err)
		}
	})
	t.Run("given an uncosted quote, when the rep issues it under their own authority, then it is refused", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.draftedOnly("q-1", 4000)
		if _, err := w.h.Quotations.IssueQuotation(ctx, quoteRep, commands.IssueQuotation{QuotationID: "q-1"}); !errors.Is(err, quotation.ErrNotCosted) {
			t.Errorf("IssueQuotation() error = %v, want ErrNotCosted", err)
		}
	})
	t.Run("the rep does not cost their quote", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.draftedOnly("q-1", 4000)
		if _, err := w.h.Quotations.RecordQuotationCosting(ctx, quoteRep, costing(1000)); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("RecordQuotationCosting() by the rep error = %v, want ErrForbidden", err)
		}
	})
	t.Run("a department head does not approve the price", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.draftedOnly("q-1", 4000)
		if _, err := w.h.Quotations.RecordQuotationCosting(ctx, quoteEngineer, costing(6000)); err != nil {
			t.Fatalf("RecordQuotationCosting() error = %v", err)
		}
		if _, err := w.h.Quotations.ApproveQuotationPrice(ctx, quoteHead, commands.ApproveQuotationPrice{QuotationID: "q-1"}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("ApproveQuotationPrice() by a department head error = %v, want ErrForbidden", err)
		}
	})
	t.Run("no price approval before the costing", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.draftedOnly("q-1", 4000)
		if _, err := w.h.Quotations.ApproveQuotationPrice(ctx, quoteLeader, commands.ApproveQuotationPrice{QuotationID: "q-1"}); !errors.Is(err, quotation.ErrNotCosted) {
			t.Errorf("ApproveQuotationPrice() error = %v, want ErrNotCosted", err)
		}
	})
}
