package commands

import (
	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
)

// RequestStockTransfer is a branch's request for goods from a nearby
// branch (调货申请).
type RequestStockTransfer struct {
	TransferID string
	FromBranch string
	ToBranch   string // the actor's branch when empty
	Product    stock.Product
	Quantity   int64
	Reason     string
}

// RequestStockTransfer records stock.TransferRequested; the receiving
// branch's warehouse keeper asks (§1.4 WAREHOUSE: 接受附近分公司调货申请
// is the other side of it).
func (h *Stock) RequestStockTransfer(ctx context.Context, m Meta, cmd RequestStockTransfer) (Result, error) {
	role, err := authorize(m, "RequestStockTransfer", domain.RoleWarehouse)
	if err != nil {
		return Result{}, err
	}
	to, err := ownBranch(m, cmd.ToBranch)
	if err != nil {
		return Result{}, err
	}
	r := stock.TransferRequest{TransferID: cmd.TransferID, FromBranch: cmd.FromBranch, ToBranch: to,
		Product: cmd.Product, Quantity: cmd.Quantity, Reason: cmd.Reason}
	return h.onTransfer(ctx, m, cmd.TransferID, role, noBranchScope, func(t stock.Transfer) ([]domain.Event, error) {
		return t.Request(r, m.Actor.EmployeeID, m.businessTime(h.now))
	})
}

// TransferDecision is the sending branch's answer to a transfer request;
// a decline states its reason.
type TransferDecision struct {
	TransferID string
	Reason     string
}

// ApproveStockTransfer records stock.TransferApproved: the sending
// branch's warehouse keeper accepts the request (S, 接受附近分公司调货申请),
// or its branch manager (D); never the requester.
func (h *Stock) ApproveStockTransfer(ctx context.Context, m Meta, cmd TransferDecision) (Result, error) {
	role, err := authorize(m, "ApproveStockTransfer", domain.RoleWarehouse, domain.RoleBranchManager)
	if err != nil {
		return Result{}, err
	}
	return h.onTransfer(ctx, m, cmd.TransferID, role, sendingBranch, func(t stock.Transfer) ([]domain.Event, error) {
		return t.Approve(m.Actor.EmployeeID, m.businessTime(h.now))
	})
}

// DeclineStockTransfer records stock.TransferDeclined, by the same roles
// as an approval.
func (h *Stock) DeclineStockTransfer(ctx context.Context, m Meta, cmd TransferDecision) (Result, error) {
	role, err := authorize(m, "DeclineStockTransfer", domain.RoleWarehouse, domain.RoleBranchManager)
	if err != nil {
		return Result{}, err
	}
	return h.onTransfer(ctx, m, cmd.TransferID, role, sendingBranch, func(t stock.Transfer) ([]domain.Event, error) {
		return t.Decline(cmd.Reason, m.Actor.EmployeeID, m.businessTime(h.now))
	})
}

// ShipStockTransfer records stock.TransferShippedOut and, in the same
// append, the sending branch's stock.TransferredOut: the sender's book
// goes down, never below zero (§3.10-never-negative).
func (h *Stock) ShipStockTransfer(ctx context.Context, m Meta, cmd TransferDecision) (Result, error) {
	return h.moveTransfer(ctx, m, "ShipStockTransfer", cmd.TransferID, sendingBranch,
		func(t stock.Transfer, it stock.Item, mv stock.Movement) ([]domain.Event, []domain.Event, []domain.Event, error) {
			shipped, err := t.ShipOut(mv.By, mv.At)
			if err != nil {
				return nil, nil, nil, err
			}
			out, err := it.TransferOut(mv, t.ID, t.ToBranch)
			return shipped, out, it.Reverse(mv, "transfer "+t.ID), err
		})
}

// ReceiveStockTransfer records stock.TransferCompleted and, in the same
// append, the receiving branch's stock.TransferredIn: its book goes up.
func (h *Stock) ReceiveStockTransfer(ctx context.Context, m Meta, cmd TransferDecision) (Result, error) {
	return h.moveTransfer(ctx, m, "ReceiveStockTransfer", cmd.TransferID, receivingBranch,
		func(t stock.Transfer, it stock.Item, mv stock.Movement) ([]domain.Event, []domain.Event, []domain.Event, error) {
			received, err := t.Receive(mv.By, mv.At)
			if err != nil {
				return nil, nil, nil, err
			}
			in, err := it.TransferIn(mv, t.ID, t.FromBranch)
			return received, in, nil, err
		})
}

// transferSide names the branch of a transfer a command acts for.
type transferSide func(stock.Transfer) string

func sendingBranch(t stock.Transfer) string   { return t.FromBranch }
func receivingBranch(t stock.Transfer) string { return t.ToBranch }
func noBranchScope(stock.Transfer) string     { return "" }

// moveTransfer is a transfer step that moves goods in one branch's book:
// the warehouse keeper of that branch decides on the transfer and its
// stock item together, in one atomic append. undo books the goods back on
// a store without an atomic multi-stream append.
func (h *Stock) moveTransfer(ctx context.Context, m Meta, command, id string, side transferSide,
	decide func(stock.Transfer, stock.Item, stock.Movement) (onTransfer, onItem, undo []domain.Event, err error)) (Result, error) {
	role, err := authorize(m, command, domain.RoleWarehouse)
	if err != nil {
		return Result{}, err
	}
	t, ok, err := h.transfers.Load(ctx, stock.TransferStream(id))
	if err != nil {
		return Result{}, err
	}
	if !ok {
		return Result{}, stock.ErrTransferNotFound
	}
	if err := inUnit(m, side(t), ErrOtherBranch); err != nil {
		return Result{}, err
	}
	if err := h.log.checkMeta(ctx, m, role); err != nil {
		return Result{}, err
	}
	transfer := joinOn(h.transfers, stock.TransferStream(id))
	item := joinOn(h.items, stock.ItemStream(side(t), t.Product))
	return h.log.decideJointly(ctx, m, joint{
		role: role, subject: "stock transfer", parts: []jointPart{item, transfer}, primary: transfer,
		decide: func() error {
			t := transfer.State()
			mv := stock.Movement{BranchID: side(t), Product: t.Product, Quantity: t.Quantity, By: m.Actor.EmployeeID, At: m.businessTime(h.now)}
			onTransfer, onItem, undo, err := decide(t, item.State(), mv)
			if err != nil {
				return err
			}
			item.RecordUndoable(onItem, undo...)
			transfer.Record(onTransfer...)
			return nil
		},
	})
}

// onTransfer runs one decision on a transfer, by staff of the branch side
// names (none: the command checked its branch itself).
func (h *Stock) onTransfer(ctx context.Context, m Meta, id string, role domain.Role, side transferSide, decide func(stock.Transfer) ([]domain.Event, error)) (Result, error) {
	return h.transfers.Update(ctx, m, decision[stock.Transfer]{
		stream: stock.TransferStream(id), role: role,
		decide: func(t stock.Transfer) ([]domain.Event, error) {
			if branch := side(t); t.Status != stock.StatusNone && branch != "" {
				if err := inUnit(m, branch, ErrOtherBranch); err != nil {
					return nil, err
				}
			}
			return decide(t)
		},
	})
}
