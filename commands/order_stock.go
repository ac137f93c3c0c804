package commands

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/stock"
)

// ErrNoShippingBranch refuses a warehouse keeper who belongs to no
// branch: a shipment is reserved from the stock of the keeper's own
// branch (§3.10-shipment, D).
var ErrNoShippingBranch = domain.Forbidden("a warehouse keeper schedules shipments from their own branch's stock, and belongs to none")

// errOrderChangedMeanwhile answers a decision whose order changed its
// lines or branch between the read that chose the stock items and the
// decision: the client tries again.
var errOrderChangedMeanwhile = domain.Conflict("the order changed while its stock was checked: try again")

// branchOf is the branch whose stock an order decision moves; "" moves
// none.
type branchOf func(m Meta, o order.Order) (string, error)

// shippingBranchOfKeeper ships from the scheduling keeper's branch.
func shippingBranchOfKeeper(m Meta, _ order.Order) (string, error) {
	if m.Actor.OrgUnitID == "" {
		return "", ErrNoShippingBranch
	}
	return m.Actor.OrgUnitID, nil
}

// shippedFrom is the branch the order's shipment was scheduled from (none
// before scheduling, or for shipments scheduled before stock was kept).
func shippedFrom(_ Meta, o order.Order) (string, error) { return o.ShippedFrom, nil }

// stockMove is what an order decision may do to the stock of its
// shipping branch: one stock item per product of the order's lines.
type stockMove struct {
	branch string
	needs  []need
	items  []*jointAggregate[stock.Item]
	by     string
	at     time.Time
}

func (mv stockMove) movement(i int) stock.Movement {
	return stock.Movement{BranchID: mv.branch, Product: mv.needs[i].Product, Quantity: mv.needs[i].Quantity, By: mv.by, At: mv.at}
}

// reserve sets every line's quantity aside for the order; a product the
// branch's available stock does not cover refuses the whole shipment.
func (mv stockMove) reserve(orderID string) error {
	for i, it := range mv.items {
		reserved, err := it.State().Reserve(mv.movement(i), orderID)
		if err != nil {
			return fmt.Errorf("%s %s at %s: %w", mv.needs[i].Product.Name, mv.needs[i].Product.ModelSpec, mv.branch, err)
		}
		it.RecordUndoable(reserved, it.State().ReleaseReservation(orderID, mv.by, mv.at)...)
	}
	return nil
}

// issueReserved books out what was reserved for the order. A product
// without a reservation (a line added by a change after scheduling) is
// left alone: see "Not enforced yet" in docs/RULES.md.
func (mv stockMove) issueReserved(orderID string) error {
	for _, it := range mv.items {
		issued, err := it.State().IssueReserved(orderID, mv.by, mv.at)
		if err != nil {
			continue // nothing reserved for this product
		}
		it.Record(issued...)
	}
	return nil
}

// release gives back what was reserved for the order.
func (mv stockMove) release(orderID string) {
	for _, it := range mv.items {
		it.Record(it.State().ReleaseReservation(orderID, mv.by, mv.at)...)
	}
}

// withStock runs an order decision together with the stock of the
// branch branchOf names, in one atomic append: the stock items of the
// order's products come first (the guards), the order last. With no
// branch it is an ordinary order decision.
func (h *Orders) withStock(ctx context.Context, m Meta, id string, role domain.Role, branchOf branchOf,
	decide func(order.Order, string, stockMove) ([]domain.Event, error)) (Result, error) {
	o, ok, err := h.orders.Load(ctx, order.Stream(id))
	if err != nil {
		return Result{}, err
	}
	branch := ""
	if ok {
		if branch, err = branchOf(m, o); err != nil {
			return Result{}, err
		}
	}
	if branch == "" {
		return h.onOrder(ctx, m, id, role, func(o order.Order) ([]domain.Event, error) { return decide(o, "", stockMove{}) })
	}
	if err := h.orders.log.checkMeta(ctx, m, role); err != nil {
		return Result{}, err
	}
	mv := stockMove{branch: branch, needs: orderNeeds(o.Lines), by: m.Actor.EmployeeID, at: h.now()}
	parts := make([]jointPart, 0, len(mv.needs)+1)
	for _, n := range mv.needs {
		it := joinOn(h.items, stock.ItemStream(branch, n.Product))
		mv.items, parts = append(mv.items, it), append(parts, it)
	}
	file := joinOn(h.orders, order.Stream(id))
	return h.orders.log.decideJointly(ctx, m, joint{
		role: role, subject: "order", parts: append(parts, file), primary: file,
		decide: func() error {
			current := file.State()
			if now, err := branchOf(m, current); err != nil || now != branch || !slices.Equal(orderNeeds(current.Lines), mv.needs) {
				return errOrderChangedMeanwhile
			}
			events, err := decide(current, branch, mv)
			if err != nil {
				return err
			}
			file.Record(events...)
			return nil
		},
	})
}

// orderNeeds sums an order's lines by product.
func orderNeeds(lines []order.Line) []need {
	var needs []need
	for _, l := range lines {
		needs = addNeed(needs, stock.Product{Name: l.ProductName, ModelSpec: l.ModelSpec}, l.Quantity)
	}
	return needs
}
