package commands_test

import (
	"context"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
)

// A department head approves changes and returns, agrees compensation and
// cancels or closes only orders of their own unit's customers, and a rep
// records returns only for a customer they serve; the refusal comes before
// the order's state is looked at (no pending change, no open return).
func TestOrderCommands_issuerScope(t *testing.T) {
	ctx := context.Background()
	farHead := inOrgUnit(orderMeta("head-9", domain.RoleDeptHead), "ou-north")
	farRep := inOrgUnit(orderMeta("rep-9", domain.RoleSalesRep), "ou-north")
	forbidden := domain.ErrForbidden
	run := func(do func(*orderWorld, commands.Meta) (commands.Result, error)) func(*orderWorld, commands.Meta) error {
		return func(w *orderWorld, m commands.Meta) error { _, err := do(w, m); return err }
	}
	// given order o-1 of customer c-1 of ou-sales, on the road
	checkScope(t, orderInTransit, func(w *orderWorld) eventstore.Store { return w.store }, order.Stream("o-1"), []scopeCase[*orderWorld]{
		{name: "another unit's head approves no change", meta: farHead, wantErr: forbidden,
			run: run(func(w *orderWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Orders.ApproveOrderChange(ctx, m, commands.ApproveOrderChange{OrderID: "o-1", ChangeID: "ch-1"})
			})},
		{name: "another unit's head rejects no change", meta: farHead, wantErr: forbidden,
			run: run(func(w *orderWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Orders.RejectOrderChange(ctx, m, commands.RejectOrderChange{OrderID: "o-1", ChangeID: "ch-1", Reason: "no"})
			})},
		{name: "another unit's head approves no return", meta: farHead, wantErr: forbidden,
			run: run(func(w *orderWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Orders.ApproveReturn(ctx, m, commands.ApproveReturn{OrderID: "o-1", ReturnID: "rt-1"})
			})},
		{name: "another unit's head agrees no compensation", meta: farHead, wantErr: forbidden,
			run: run(func(w *orderWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Orders.AgreeCompensation(ctx, m, commands.AgreeCompensation{OrderID: "o-1", Amount: domain.Yuan(100), Reason: "late"})
			})},
		{name: "the customer's unit's head agrees compensation", meta: orderHead,
			run: run(func(w *orderWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Orders.AgreeCompensation(ctx, m, commands.AgreeCompensation{OrderID: "o-1", Amount: domain.Yuan(100), Reason: "late"})
			})},
		{name: "another unit's head cancels nothing", meta: farHead, wantErr: forbidden,
			run: run(func(w *orderWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Orders.CancelOrder(ctx, m, commands.CancelOrder{OrderID: "o-1", Reason: "withdrawn"})
			})},
		{name: "another unit's head closes nothing", meta: farHead, wantErr: forbidden,
			run: run(func(w *orderWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Orders.CloseOrder(ctx, m, commands.CloseOrder{OrderID: "o-1"})
			})},
		{name: "a rep of another unit records no return", meta: farRep, wantErr: forbidden,
			run: run(func(w *orderWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Orders.RecordReturn(ctx, m, commands.RecordReturn{OrderID: "o-1", ReturnID: "rt-1"})
			})},
	})
}

// Progress and resolutions come from the department the complaint was
// routed to (§3.7); management and customer service escalate and record
// root causes whatever the department; only the handling department's head
// (or customer service) reopens.
func TestComplaintCommands_issuerScope(t *testing.T) {
	ctx := context.Background()
	farHandler := inOrgUnit(complaintMeta("wh-9", domain.RoleWarehouse), "ou-north")
	farHead := inOrgUnit(complaintMeta("head-9", domain.RoleDeptHead), "ou-north")
	gm := complaintMeta("gm-1", domain.RoleGM)
	routed := func(t *testing.T) *complaintWorld {
		w := newComplaintWorld(t)
		w.must(w.h.Complaints.ReceiveComplaint(ctx, complaintCS, complaintIntake)) // routed to logistics
		return w
	}
	closed := func(t *testing.T) *complaintWorld {
		w := newComplaintWorld(t)
		w.awaitingConfirmation()
		w.must(w.h.Complaints.CloseComplaint(ctx, complaintCS, commands.CloseComplaint{ComplaintID: "cp-1", Satisfied: true, CustomerConfirmationRef: "call"}))
		return w
	}
	progress := func(w *complaintWorld, m commands.Meta) error {
		_, err := w.h.Complaints.RecordComplaintProgress(ctx, m, commands.RecordComplaintProgress{ComplaintID: "cp-1", Note: "packed"})
		return err
	}
	propose := func(w *complaintWorld, m commands.Meta) error {
		_, err := w.h.Complaints.ProposeComplaintResolution(ctx, m, commands.ProposeComplaintResolution{ComplaintID: "cp-1", Resolution: "replace"})
		return err
	}
	escalate := func(w *complaintWorld, m commands.Meta) error {
		_, err := w.h.Complaints.EscalateComplaint(ctx, m, commands.EscalateComplaint{ComplaintID: "cp-1", EscalateTo: "gm-1", Reason: "too big"})
		return err
	}
	rootCause := func(w *complaintWorld, m commands.Meta) error {
		_, err := w.h.Complaints.RecordComplaintRootCause(ctx, m, commands.RecordComplaintRootCause{ComplaintID: "cp-1", Category: "PACKING", PreventiveAction: "new boxes"})
		return err
	}
	reopen := func(w *complaintWorld, m commands.Meta) error {
		_, err := w.h.Complaints.ReopenComplaint(ctx, m, commands.ReopenComplaint{ComplaintID: "cp-1", Reason: "leaks again"})
		return err
	}
	store := func(w *complaintWorld) eventstore.Store { return w.store }
	forbidden := domain.ErrForbidden
	t.Run("routed to logistics", func(t *testing.T) {
		checkScope(t, routed, store, complaint.Stream("cp-1"), []scopeCase[*complaintWorld]{
			{name: "the handling department records progress", meta: complaintHandler, run: progress},
			{name: "another department records no progress", meta: farHandler, run: progress, wantErr: forbidden},
			{name: "customer service records no progress for the department", meta: complaintCS, run: progress, wantErr: forbidden},
			{name: "the handling department proposes a resolution", meta: complaintHandler, run: propose},
			{name: "another department proposes none", meta: farHandler, run: propose, wantErr: forbidden},
			{name: "another department escalates nothing", meta: farHandler, run: escalate, wantErr: forbidden},
			{name: "customer service escalates", meta: complaintCS, run: escalate},
			{name: "the GM records progress on any complaint", meta: gm, run: progress},
		})
	})
	t.Run("closed", func(t *testing.T) {
		checkScope(t, closed, store, complaint.Stream("cp-1"), []scopeCase[*complaintWorld]{
			{name: "another department records no root cause", meta: farHandler, run: rootCause, wantErr: forbidden},
			{name: "customer service records a root cause", meta: complaintCS, run: rootCause},
			{name: "another department's head reopens nothing", meta: farHead, run: reopen, wantErr: forbidden},
			{name: "the handling department's head reopens", meta: inOrgUnit(complaintMeta("head-1", domain.RoleDeptHead), "logistics"), run: reopen},
		})
	})
}
