package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
)

// Stock handles the branch warehouse's commands (§3.10): goods received,
// transfers between branches, replenishment requests to headquarters and
// the reps' materials request forms. Every book entry that moves goods
// out of a branch is appended with the decision that moves them, in one
// atomic multi-stream append, so a branch's book never goes below zero
// (§3.10-never-negative) on any interleaving.
type Stock struct {
	log            *eventLog
	items          repository[stock.Item]
	transfers      repository[stock.Transfer]
	replenishments repository[stock.Replenishment]
	materials      repository[stock.MaterialsRequest]
	now            func() time.Time
}

func newStock(log *eventLog) *Stock {
	return &Stock{
		log:            log,
		items:          newRepository(log, stock.Item.Evolve, "stock item"),
		transfers:      newRepository(log, stock.Transfer.Evolve, "stock transfer"),
		replenishments: newRepository(log, stock.Replenishment.Evolve, "replenishment request"),
		materials:      newRepository(log, stock.MaterialsRequest.Evolve, "materials request"),
		now:            log.now,
	}
}

// ErrOtherBranch refuses a branch's staff acting on another branch's
// stock, transfers or forms (§3.10-branch, D): the warehouse keeper,
// clerk and branch manager belong to one branch's back office (§1.1).
var ErrOtherBranch = domain.Forbidden("branch staff act only on their own branch's stock, transfers and forms")

// ownBranch returns the branch a command names, or the actor's own when it
// names none, and refuses any other branch.
func ownBranch(m Meta, named string) (string, error) {
	if named == "" {
		named = m.Actor.OrgUnitID
	}
	if named == "" {
		return "", domain.InvalidField("branch_id", "required")
	}
	return named, inUnit(m, named, ErrOtherBranch)
}

// ReceiveStock books goods into a branch: from headquarters (answering a
// replenishment request when ReplenishmentID names one) or from
// production after inspection.
type ReceiveStock struct {
	BranchID        string
	Product         stock.Product
	Quantity        int64
	SourceRef       string
	ReplenishmentID string
}

// ReceiveStock records stock.Received, and stock.ReplenishmentDelivered
// on the request it answers, in the same append; the branch's warehouse
// keeper receives (§1.4 WAREHOUSE).
func (h *Stock) ReceiveStock(ctx context.Context, m Meta, cmd ReceiveStock) (Result, error) {
	role, err := authorize(m, "ReceiveStock", domain.RoleWarehouse)
	if err != nil {
		return Result{}, err
	}
	branch, err := ownBranch(m, cmd.BranchID)
	if err != nil {
		return Result{}, err
	}
	mv := stock.Movement{BranchID: branch, Product: cmd.Product, Quantity: cmd.Quantity, By: m.Actor.EmployeeID, At: m.businessTime(h.now)}
	if _, err := (stock.Item{}).Receive(mv, cmd.SourceRef, cmd.ReplenishmentID); err != nil {
		return Result{}, err // invalid input reads nothing
	}
	stream := stock.ItemStream(branch, cmd.Product)
	if cmd.ReplenishmentID == "" {
		return h.items.Update(ctx, m, decision[stock.Item]{stream: stream, role: role, decide: func(it stock.Item) ([]domain.Event, error) {
			return it.Receive(mv, cmd.SourceRef, "")
		}})
	}
	if err := h.log.checkMeta(ctx, m, role); err != nil {
		return Result{}, err
	}
	request := joinOn(h.replenishments, stock.ReplenishmentStream(cmd.ReplenishmentID))
	item := joinOn(h.items, stream)
	return h.log.decideJointly(ctx, m, joint{
		role: role, subject: "stock item", parts: []jointPart{request, item}, primary: item,
		decide: func() error {
			delivered, err := request.State().RecordDelivery(mv)
			if err != nil {
				return err
			}
			received, err := item.State().Receive(mv, cmd.SourceRef, cmd.ReplenishmentID)
			if err != nil {
				return err
			}
			request.Record(delivered...)
			item.Record(received...)
			return nil
		},
	})
}

// RequestReplenishment is the branch warehouse's request to headquarters
// logistics for goods (向总部物流部申请发货).
type RequestReplenishment struct {
	RequestID string
	BranchID  string
	Product   stock.Product
	Quantity  int64
	Reason    string
}

// RequestReplenishment records stock.ReplenishmentRequested; the
// branch's warehouse keeper asks (§1.4 WAREHOUSE).
func (h *Stock) RequestReplenishment(ctx context.Context, m Meta, cmd RequestReplenishment) (Result, error) {
	role, err := authorize(m, "RequestReplenishment", domain.RoleWarehouse)
	if err != nil {
		return Result{}, err
	}
	branch, err := ownBranch(m, cmd.BranchID)
	if err != nil {
		return Result{}, err
	}
	mv := stock.Movement{BranchID: branch, Product: cmd.Product, Quantity: cmd.Quantity, By: m.Actor.EmployeeID, At: m.businessTime(h.now)}
	return h.replenishments.Update(ctx, m, decision[stock.Replenishment]{
		stream: stock.ReplenishmentStream(cmd.RequestID), role: role,
		decide: func(r stock.Replenishment) ([]domain.Event, error) { return r.Request(cmd.RequestID, mv, cmd.Reason) },
	})
}
