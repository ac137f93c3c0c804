// Package order is the Order aggregate (O1–O8): a customer's concrete
// supply under a signed contract, from creation and confirmation through
// production, inspection, shipment and signed-off delivery to after-sales,
// payment, settlement and closing.
package order

import (
	"fmt"
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Status is the lifecycle state of an order (O3, O7,
// §2.3.1-acceptance). The zero value
// means the order does not exist.
type Status string

// The order statuses.
const (
	StatusNone              Status = ""
	StatusDraft             Status = "DRAFT"
	StatusConfirmed         Status = "CONFIRMED"
	StatusInProduction      Status = "IN_PRODUCTION"
	StatusReady             Status = "READY"
	StatusShipmentRequested Status = "SHIPMENT_REQUESTED"
	StatusScheduled         Status = "SCHEDULED"
	StatusInTransit         Status = "IN_TRANSIT"
	StatusDelivered         Status = "DELIVERED"
	StatusAccepted          Status = "ACCEPTED"
	StatusSettled           Status = "SETTLED"
	StatusClosed            Status = "CLOSED"
	StatusCancelled         Status = "CANCELLED"
)

// Kind tells goods orders from project-type orders, which need an
// acceptance after delivery.
type Kind string

// The order kinds.
const (
	KindGoods   Kind = "GOODS"
	KindProject Kind = "PROJECT"
)

// Order is the state rebuilt from an order stream. It holds only what the
// decisions need.
//
// Rules (ids of docs/RULES.md):
//  1. O1: every line names product, model/spec, quantity, price, delivery
//     time and address.
//  2. O8 and note (a): the order references an existing customer and a
//     signed (or in-execution) contract; its total stays within the
//     contract value (the L price check, see Create).
//  3. O6: confirmation only once the contract's required deposit is in.
//  4. O3: goods sent to production ship only after a passed inspection.
//  5. O4: every transport update notifies the customer.
//  6. O2: delivered only with sign-off, delivery note and note recipient.
//  7. O7: after confirmation, changes need a department head's approval
//     and are recorded with before/after; only before dispatch.
//  8. Cancellation only before dispatch (D).
//  9. K6-order: every line's unit price is one the approved final
//     quotation of the contract in force gives. A draft at another price
//     is recorded with UnauthorisedQuotationDetected and cannot be
//     confirmed; a confirmed order's change to such a price is refused (it
//     needs a contract amendment).
type Order struct {
	ID         string
	ContractID string
	CustomerID string
	Kind       Kind
	Status     Status
	Lines      []Line
	Total      domain.Money
	Paid       domain.Money
	// UnclaimedPaymentRefs are the references of the payments recorded
	// before each payment claimed its reference on a stream of its own
	// (PaymentReceived.Claimed): only those the state must remember for
	// a repeat to be a no-op. A claimed payment adds nothing here, so
	// the state, its cache entry and its snapshots stay the same size
	// however many payments the order takes (decision 57).
	UnclaimedPaymentRefs []string
	ConfirmationRef      string
	DelayedFor           time.Time // the due time a delay was recorded for
	Change               PendingChange
	Return               OpenReturn
	RepairID             string // open repair, if any
	DeliveryNoteNo       string
	ProductionNeeded     bool
	// ShippedFrom is the branch whose stock holds the shipment's goods
	// (§3.10-shipment), once scheduled.
	ShippedFrom string
	// PriceUnauthorised is set while the order's lines stand recorded as
	// not at the approved prices (K6-order); a change of the lines clears it.
	PriceUnauthorised bool
}

// PendingChange is a change to a confirmed order waiting for approval.
type PendingChange struct {
	ID          string
	RequestedBy string
	After       []Line
}

// OpenReturn is a return or exchange not yet recorded as done.
type OpenReturn struct {
	ID          string
	Kind        ReturnKind
	RequestedBy string
	Approved    bool
}

// Stream returns the event store stream name for an order.
func Stream(id string) string { return "order-" + id }

// Exists reports whether the order was created.
func (o Order) Exists() bool { return o.Status != StatusNone }

// Evolve returns the state after e. It never fails and never validates:
// events are facts that already happened.
func (o Order) Evolve(e domain.Event) Order {
	switch e := e.(type) {
	case Created:
		o.ID, o.ContractID, o.CustomerID, o.Kind = e.OrderID, e.ContractID, e.CustomerID, e.Kind
		o.Status, o.Lines, o.Total = StatusDraft, e.Lines, e.Total
		o.Paid = domain.Money{Currency: e.Total.Currency}
	case Confirmed:
		o.Status, o.ConfirmationRef = StatusConfirmed, e.CustomerConfirmationRef
	case UnauthorisedQuotationDetected:
		o.PriceUnauthorised = true
	case ChangeRequested:
		o.Change = PendingChange{ID: e.ChangeID, RequestedBy: e.RequestedBy, After: e.After}
	case ChangeApproved, ChangeRejected:
		o.Change = PendingChange{}
	case Changed:
		o.Lines, o.Total, o.PriceUnauthorised = e.After, e.Total, false
	default:
		return o.evolveFulfilment(e)
	}
	return o
}

func (o Order) evolveFulfilment(e domain.Event) Order {
	switch e := e.(type) {
	case ProductionRequested:
		o.Status, o.ProductionNeeded = StatusInProduction, true
	case GoodsInspected:
		if e.Passed {
			o.Status = StatusReady
		}
	case ShipmentRequested:
		o.Status = StatusShipmentRequested
	case ShipmentScheduled:
		o.Status, o.ShippedFrom = StatusScheduled, e.ShippingBranchID
	case Dispatched:
		o.Status = StatusInTransit
	case Delivered:
		o.Status, o.DeliveryNoteNo = StatusDelivered, e.DeliveryNoteNo
	case DeliveryDelayed:
		o.DelayedFor = e.DueAt
	case Accepted:
		o.Status = StatusAccepted
	default:
		return o.evolveAfterSales(e)
	}
	return o
}

func (o Order) evolveAfterSales(e domain.Event) Order {
	switch e := e.(type) {
	case ReturnRequested:
		o.Return = OpenReturn{ID: e.ReturnID, Kind: e.Kind, RequestedBy: e.RequestedBy}
	case ReturnApproved:
		o.Return.Approved = true
	case GoodsReturned, GoodsExchanged:
		o.Return = OpenReturn{}
	case RepairRequested:
		o.RepairID = e.RepairID
	case RepairCompleted:
		o.RepairID = ""
	case PaymentReceived:
		o.Paid, _ = o.Paid.Add(e.Amount)
		if !e.Claimed {
			o.UnclaimedPaymentRefs = append(slices.Clip(o.UnclaimedPaymentRefs), e.PaymentRef)
		}
	case Settled:
		o.Status = StatusSettled
	case Closed:
		o.Status = StatusClosed
	case Cancelled:
		o.Status = StatusCancelled
	}
	return o
}

// wrongState refuses a command the current status does not allow.
func (o Order) wrongState(action string) error {
	if o.Status == StatusNone {
		return ErrNotFound
	}
	return fmt.Errorf("%w: cannot %s an order in status %s", ErrWrongState, action, o.Status)
}

// dispatched reports whether the goods have left (or the order ended), the
// point after which the order can no longer be changed or cancelled.
func (o Order) dispatched() bool {
	switch o.Status {
	case StatusDraft, StatusConfirmed, StatusInProduction, StatusReady, StatusShipmentRequested, StatusScheduled:
		return false
	}
	return true
}
