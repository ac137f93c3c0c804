package order

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ReturnRequested is recorded when the customer asks to return or exchange
// delivered goods.
type ReturnRequested struct {
	OrderID     string     `json:"order_id"`
	ReturnID    string     `json:"return_id"`
	Kind        ReturnKind `json:"kind"`
	Reason      string     `json:"reason"`
	RequestedBy string     `json:"requested_by"`
	RequestedAt time.Time  `json:"requested_at"`
}

// ReturnApproved is recorded when a department head approves a return or
// exchange.
type ReturnApproved struct {
	OrderID      string      `json:"order_id"`
	ReturnID     string      `json:"return_id"`
	ApproverID   string      `json:"approver_id"`
	ApproverRole domain.Role `json:"approver_role"`
	ApprovedAt   time.Time   `json:"approved_at"`
}

// GoodsReturned is recorded when approved returned goods are taken back.
type GoodsReturned struct {
	OrderID    string    `json:"order_id"`
	ReturnID   string    `json:"return_id"`
	RecordedBy string    `json:"recorded_by"`
	ReturnedAt time.Time `json:"returned_at"`
}

// GoodsExchanged is recorded when approved exchanged goods are replaced.
type GoodsExchanged struct {
	OrderID     string    `json:"order_id"`
	ReturnID    string    `json:"return_id"`
	RecordedBy  string    `json:"recorded_by"`
	ExchangedAt time.Time `json:"exchanged_at"`
}

// RepairRequested is recorded when the customer asks for repair service.
type RepairRequested struct {
	OrderID     string    `json:"order_id"`
	RepairID    string    `json:"repair_id"`
	Description string    `json:"description"`
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
}

// RepairCompleted is recorded when customer service closes a repair.
type RepairCompleted struct {
	OrderID     string    `json:"order_id"`
	RepairID    string    `json:"repair_id"`
	Outcome     string    `json:"outcome"`
	CompletedBy string    `json:"completed_by"`
	CompletedAt time.Time `json:"completed_at"`
}

// CompensationAgreed is recorded when a department head or the GM agrees
// liability compensation with the customer.
type CompensationAgreed struct {
	OrderID  string       `json:"order_id"`
	Amount   domain.Money `json:"amount"`
	Reason   string       `json:"reason"`
	AgreedBy string       `json:"agreed_by"`
	AgreedAs domain.Role  `json:"agreed_as"`
	AgreedAt time.Time    `json:"agreed_at"`
}

// PaymentReceived is recorded when finance records a customer payment
// against the order.
type PaymentReceived struct {
	OrderID    string       `json:"order_id"`
	PaymentRef string       `json:"payment_ref"`
	Amount     domain.Money `json:"amount"`
	RecordedBy string       `json:"recorded_by"`
	ReceivedAt time.Time    `json:"received_at"`
	// Claimed says the reference was claimed on its own stream
	// (PaymentRefStream) in the same append, so the order's state need not
	// remember it; a payment recorded before claims were taken has it
	// false, and the state keeps its reference (UnclaimedPaymentRefs).
	Claimed bool `json:"claimed,omitempty"`
}

// Settled is recorded when a delivered (and, for projects, accepted)
// order is paid in full.
type Settled struct {
	OrderID   string       `json:"order_id"`
	TotalPaid domain.Money `json:"total_paid"`
	SettledAt time.Time    `json:"settled_at"`
}

// Closed is recorded when a settled order is closed.
type Closed struct {
	OrderID  string    `json:"order_id"`
	ClosedBy string    `json:"closed_by"`
	ClosedAt time.Time `json:"closed_at"`
}

// Cancelled is recorded when an order is cancelled before dispatch.
type Cancelled struct {
	OrderID     string    `json:"order_id"`
	Reason      string    `json:"reason"`
	CancelledBy string    `json:"cancelled_by"`
	CancelledAt time.Time `json:"cancelled_at"`
}

func (Created) EventType() string                     { return "order.created" }
func (Confirmed) EventType() string                   { return "order.confirmed" }
func (ChangeRequested) EventType() string             { return "order.change_requested" }
func (ChangeApproved) EventType() string              { return "order.change_approved" }
func (ChangeRejected) EventType() string              { return "order.change_rejected" }
func (Changed) EventType() string                     { return "order.changed" }
func (ProductionRequested) EventType() string         { return "order.production_requested" }
func (GoodsInspected) EventType() string              { return "order.goods_inspected" }
func (ShipmentRequested) EventType() string           { return "order.shipment_requested" }
func (ShipmentScheduled) EventType() string           { return "order.shipment_scheduled" }
func (Dispatched) EventType() string                  { return "order.dispatched" }
func (TransportStatusUpdated) EventType() string      { return "order.transport_status_updated" }
func (CustomerNotifiedOfTransport) EventType() string { return "order.customer_notified_of_transport" }
func (Delivered) EventType() string                   { return "order.delivered" }
func (DeliveryDelayed) EventType() string             { return "order.delivery_delayed" }
func (Accepted) EventType() string                    { return "order.accepted" }
func (ReturnRequested) EventType() string             { return "order.return_requested" }
func (ReturnApproved) EventType() string              { return "order.return_approved" }
func (GoodsReturned) EventType() string               { return "order.goods_returned" }
func (GoodsExchanged) EventType() string              { return "order.goods_exchanged" }
func (RepairRequested) EventType() string             { return "order.repair_requested" }
func (RepairCompleted) EventType() string             { return "order.repair_completed" }
func (CompensationAgreed) EventType() string          { return "order.compensation_agreed" }
func (PaymentReceived) EventType() string             { return "order.payment_received" }
func (Settled) EventType() string                     { return "order.settled" }
func (Closed) EventType() string                      { return "order.closed" }
func (Cancelled) EventType() string                   { return "order.cancelled" }

func (UnauthorisedQuotationDetected) EventType() string {
	return "order.unauthorised_quotation_detected"
}

// Events lists every event of the order stream, for the codec registry.
func Events() []domain.Event {
	return []domain.Event{
		Created{}, Confirmed{}, ChangeRequested{}, ChangeApproved{}, ChangeRejected{}, Changed{},
		ProductionRequested{}, GoodsInspected{}, ShipmentRequested{}, ShipmentScheduled{},
		Dispatched{}, TransportStatusUpdated{}, CustomerNotifiedOfTransport{}, Delivered{},
		DeliveryDelayed{}, Accepted{}, ReturnRequested{}, ReturnApproved{}, GoodsReturned{},
		GoodsExchanged{}, RepairRequested{}, RepairCompleted{}, CompensationAgreed{},
		PaymentReceived{}, Settled{}, Closed{}, Cancelled{}, UnauthorisedQuotationDetected{},
		PaymentRefClaimed{}, PaymentRefReleased{},
	}
}
