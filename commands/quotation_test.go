package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var quotationNow = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// quotationMeta is the metadata of a command by employee id acting under roles.
func quotationMeta(id string, roles ...domain.Role) commands.Meta {
	return commands.Meta{Actor: domain.Actor{EmployeeID: id, Roles: roles}, Reason: "test " + id}
}

var (
	quoteRep      = quotationMeta("rep-1", domain.RoleSalesRep)
	quoteHead     = inOrgUnit(quotationMeta("head-1", domain.RoleDeptHead), "branch-nj")
	quoteGMOffice = quotationMeta("gmo-1", domain.RoleGMOffice)
	quoteGM       = quotationMeta("gm-1", domain.RoleGM)
)

// quotationDraft is a final quote for c-1 priced 100.00 at the given cost
// in fen.
func quotationDraft(id string, cost int64) commands.DraftQuotation {
	return commands.DraftQuotation{
		QuotationID: id, CustomerID: "c-1", Type: quotation.TypeWrittenFinal,
		Lines:            []quotation.Line{{Product: "valve", Quantity: 1, UnitPrice: domain.Fen(10000), UnitCost: domain.Fen(cost)}},
		DemandAssessment: "200 valves a year",
	}
}

type quotationWorld struct {
	*customerWorld
}

// newQuotationWorld is a handler over a memory store holding customer c-1.
func newQuotationWorld(t *testing.T) quotationWorld {
	t.Helper()
	codec := eventstore.NewCodec(quotation.Events()...)
	codec.Register(customer.Events()...)
	store := memory.New()
	w := quotationWorld{&customerWorld{t: t, h: commands.New(store, codec, func() time.Time { return quotationNow }), store: store, codec: codec}}
	w.seed(customer.Stream("c-1"), customer.Registered{CustomerID: "c-1", Number: "NJ-1", Name: "Jinling Valves", OwnerRepID: "rep-1", OrgUnitID: "branch-nj"})
	return w
}

// drafted drafts the final quotation id; the business engineer costs it
// at the given cost and leadership approves its price (K7-costing,
// K7-price), so the margin authority can decide on it.
func (w quotationWorld) drafted(id string, cost int64) {
	w.t.Helper()
	w.draftedOnly(id, cost)
	costQuotation(w.t, w.h, id, cost)
}

// draftedOnly drafts quotation id with the rep's own estimate of the cost.
func (w quotationWorld) draftedOnly(id string, cost int64) {
	w.t.Helper()
	if _, err := w.h.Quotations.DraftQuotation(context.Background(), quoteRep, quotationDraft(id, cost)); err != nil {
		w.t.Fatalf("DraftQuotation() error = %v", err)
	}
}

func (w quotationWorld) submitted(id string, cost int64) {
	w.t.Helper()
	w.drafted(id, cost)
	if _, err := w.h.Quotations.SubmitQuotation(context.Background(), quoteRep, commands.SubmitQuotation{QuotationID: id}); err != nil {
		w.t.Fatalf("SubmitQuotation() error = %v", err)
	}
}

func TestDraftQuotation(t *testing.T) {
	t.Run("the draft records its margin and the regulation version", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.draftedOnly("q-1", 5001)

		got, metas := w.read(quotation.Stream("q-1"))
		if len(got) != 2 {
			t.Fatalf("quotation stream has %d events, want 2", len(got))
		}
		want := quotation.MarginComputed{QuotationID: "q-1", Price: domain.Fen(10000), Cost: domain.Fen(5001), Margin: 4999,
			Tier: quotation.TierDeptHead, ApproverRole: domain.RoleDeptHead, RegulationVersion: "quotation/default", ComputedAt: quotationNow}
		if diff := cmp.Diff(want, got[1]); diff != "" {
			t.Errorf("margin event mismatch (-want +got):\n%s", diff)
		}
		if m := metas[0]; m.ActorID != "rep-1" || m.ActorRole != domain.RoleSalesRep || m.RegulationVersion != "quotation/default" || m.Reason != "test rep-1" {
			t.Errorf("metadata = %+v", m)
		}
	})
	t.Run("no quote without a customer file (C6)", func(t *testing.T) {
		w := newQuotationWorld(t)
		d := quotationDraft("q-1", 5000)
		d.CustomerID = "c-404"
		_, err := w.h.Quotations.DraftQuotation(context.Background(), quoteRep, d)
		var re *domain.RuleError
		if !errors.As(err, &re) || re.Rule != "C6" {
			t.Errorf("DraftQuotation() error = %v, want a C6 rule violation", err)
		}
	})
	t.Run("no quote for an abandoned customer", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.seed(customer.Stream("c-1"), customer.Abandoned{CustomerID: "c-1"})
		if _, err := w.h.Quotations.DraftQuotation(context.Background(), quoteRep, quotationDraft("q-1", 5000)); !errors.Is(err, quotation.ErrCustomerInactive) {
			t.Errorf("DraftQuotation() error = %v, want ErrCustomerInactive", err)
		}
	})
	t.Run("finance does not quote", func(t *testing.T) {
		w := newQuotationWorld(t)
		if _, err := w.h.Quotations.DraftQuotation(context.Background(), quotationMeta("fin-1", domain.RoleFinance), quotationDraft("q-1", 5000)); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("DraftQuotation() by finance error = %v, want ErrForbidden", err)
		}
	})
	t.Run("a configured regulation version applies from its effective date", func(t *testing.T) {
		w := newQuotationWorld(t)
		var regs domain.RegulationVersions[quotation.Regulation]
		regs.Add(domain.RegulationVersion{ID: "margin/2026-06", EffectiveFrom: quotationNow.AddDate(0, -5, 0)}, quotation.Regulation{RepAuthority: 6000, DeptHead: 3000, GMOffice: 2000})
		w.h = commands.Rebuilt(w.h, commands.WithRegulations(commands.Regulations{Quotation: &regs}))
		w.drafted("q-1", 5000)

		_, err := w.h.Quotations.IssueQuotation(context.Background(), quoteRep, commands.IssueQuotation{QuotationID: "q-1"})
		var re *domain.RuleError
		if !errors.As(err, &re) || re.Rule != "K7" {
			t.Errorf("IssueQuotation() of 50%% under a 60%% rep threshold error = %v, want K7", err)
		}
		_, metas := w.read(quotation.Stream("q-1"))
		if metas[0].RegulationVersion != "margin/2026-06" {
			t.Errorf("regulation version = %q, want margin/2026-06", metas[0].RegulationVersion)
		}
	})
}

func TestIssueQuotation(t *testing.T) {
	t.Run("exactly 50% is issued by the rep with retro approval pending", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.drafted("q-1", 5000)

		if _, err := w.h.Quotations.IssueQuotation(context.Background(), quoteRep, commands.IssueQuotation{QuotationID: "q-1"}); err != nil {
			t.Fatalf("IssueQuotation() error = %v", err)
		}
		got, _ := w.read(quotation.Stream("q-1"))
		if e, ok := got[len(got)-1].(quotation.IssuedUnderRepAuthority); !ok || !e.RetroApprovalPending || e.Margin != 5000 {
			t.Errorf("last event = %+v, want IssuedUnderRepAuthority with retro approval pending", got[len(got)-1])
		}
	})
	t.Run("49.99% cannot be issued before approval (K7)", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.drafted("q-1", 5001)
		_, err := w.h.Quotations.IssueQuotation(context.Background(), quoteRep, commands.IssueQuotation{QuotationID: "q-1"})
		var re *domain.RuleError
		if !errors.As(err, &re) || re.Rule != "K7" {
			t.Errorf("IssueQuotation() error = %v, want K7", err)
		}
	})
}

func TestApproveQuotation(t *testing.T) {
	approve := commands.ApproveQuotation{QuotationID: "q-1", Comment: "fine"}
	t.Run("a department head cannot approve 29.99% (K7)", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.submitted("q-1", 7001)
		_, err := w.h.Quotations.ApproveQuotation(context.Background(), quoteHead, approve)
		var re *domain.RuleError
		if !errors.As(err, &re) || re.Rule != "K7" {
			t.Errorf("ApproveQuotation() error = %v, want K7", err)
		}
	})
	t.Run("the GM office approves 29.99% and the event names it", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.submitted("q-1", 7001)

		if _, err := w.h.Quotations.ApproveQuotation(context.Background(), quoteGMOffice, approve); err != nil {
			t.Fatalf("ApproveQuotation() error = %v", err)
		}
		got, metas := w.read(quotation.Stream("q-1"))
		want := quotation.Approved{QuotationID: "q-1", ApproverID: "gmo-1", ApproverRole: domain.RoleGMOffice, Comment: "fine",
			Margin: 2999, Tier: quotation.TierGMOffice, RegulationVersion: "quotation/default", ApprovedAt: quotationNow}
		if diff := cmp.Diff(want, got[len(got)-1]); diff != "" {
			t.Errorf("last event mismatch (-want +got):\n%s", diff)
		}
		if m := metas[len(metas)-1]; m.ActorRole != domain.RoleGMOffice || m.RegulationVersion != "quotation/default" {
			t.Errorf("metadata = %+v", m)
		}
	})
	t.Run("an approver holding several roles acts under the one the tier names", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.submitted("q-1", 7500)
		if _, err := w.h.Quotations.ApproveQuotation(context.Background(), quotationMeta("boss-1", domain.RoleDeptHead, domain.RoleGMOffice, domain.RoleGM), approve); err != nil {
			t.Fatalf("ApproveQuotation() error = %v", err)
		}
		_, metas := w.read(quotation.Stream("q-1"))
		if role := metas[len(metas)-1].ActorRole; role != domain.RoleGMOffice {
			t.Errorf("acting role = %s, want GM_OFFICE", role)
		}
	})
	t.Run("the GM approves below 20%", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.submitted("q-1", 8001)
		if _, err := w.h.Quotations.ApproveQuotation(context.Background(), quoteGM, approve); err != nil {
			t.Errorf("ApproveQuotation() by the GM error = %v", err)
		}
	})
	t.Run("a sales rep is not an approver", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.submitted("q-1", 6000)
		if _, err := w.h.Quotations.ApproveQuotation(context.Background(), quotationMeta("rep-2", domain.RoleSalesRep), approve); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("ApproveQuotation() by a rep error = %v, want ErrForbidden", err)
		}
	})
	t.Run("a repeated idempotency key approves once", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.submitted("q-1", 6000)
		m := quoteHead
		m.IdempotencyKey = "approve-1"
		first, err1 := w.h.Quotations.ApproveQuotation(context.Background(), m, approve)
		second, err2 := w.h.Quotations.ApproveQuotation(context.Background(), m, approve)
		if err1 != nil || err2 != nil || first.Events != 1 || !second.Replayed || second.Version != first.Version {
			t.Errorf("ApproveQuotation() twice = %+v, %v then %+v, %v, want one effect and a replay", first, err1, second, err2)
		}
	})
	t.Run("the retro approval clears the pending flag and makes a final quote approved", func(t *testing.T) {
		w := newQuotationWorld(t)
		w.drafted("q-1", 4000)
		if _, err := w.h.Quotations.IssueQuotation(context.Background(), quoteRep, commands.IssueQuotation{QuotationID: "q-1"}); err != nil {
			t.Fatalf("IssueQuotation() error = %v", err)
		}
		if _, err := w.h.Quotations.ApproveQuotation(context.Background(), quoteHead, approve); err != nil {
			t.Fatalf("ApproveQuotation() error = %v", err)
		}
		got, _ := w.read(quotation.Stream("q-1"))
		q := domain.Fold(quotation.Quotation.Evolve, got...)
		if q.RetroApprovalPending || !q.IsApprovedFinal() {
			t.Errorf("after retro approval: pending = %v, approved final = %v", q.RetroApprovalPending, q.IsApprovedFinal())
		}
	})
}

func TestRejectQuotation(t *testing.T) {
	w := newQuotationWorld(t)
	w.submitted("q-1", 8500)
	m := quoteGM
	m.Reason = "below cost floor"
	if _, err := w.h.Quotations.RejectQuotation(context.Background(), m, commands.RejectQuotation{QuotationID: "q-1"}); err != nil {
		t.Fatalf("RejectQuotation() error = %v", err)
	}
	got, _ := w.read(quotation.Stream("q-1"))
	if e, ok := got[len(got)-1].(quotation.Rejected); !ok || e.Reason != "below cost floor" {
		t.Errorf("last event = %+v, want Rejected with the reason", got[len(got)-1])
	}
	if _, err := w.h.Quotations.ReviseQuotation(context.Background(), quoteRep, commands.ReviseQuotation{QuotationID: "q-1", Lines: quotationDraft("q-1", 6000).Lines}); err != nil {
		t.Errorf("ReviseQuotation() after rejection error = %v", err)
	}
}
