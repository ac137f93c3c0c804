package order

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Created is recorded when a sales rep creates an order under a signed
// contract (§2.3.3-contract).
type Created struct {
	OrderID    string       `json:"order_id"`
	ContractID string       `json:"contract_id"`
	CustomerID string       `json:"customer_id"`
	Kind       Kind         `json:"kind"`
	Lines      []Line       `json:"lines"`
	Total      domain.Money `json:"total"`
	CreatedBy  string       `json:"created_by"`
	CreatedAt  time.Time    `json:"created_at"`
}

// UnauthorisedQuotationDetected is recorded when an order's lines are at
// a unit price the approved final quotation of the contract in force does
// not give (K6-order): with the order's creation or change, or when a
// contract amendment changed the price while the order was decided. The
// order cannot be confirmed until a change brings its prices back in line.
type UnauthorisedQuotationDetected struct {
	OrderID     string    `json:"order_id"`
	ContractID  string    `json:"contract_id"`
	CustomerID  string    `json:"customer_id"`
	ChangeID    string    `json:"change_id,omitempty"`
	QuotationID string    `json:"quotation_id,omitempty"`
	Reason      string    `json:"reason"`
	DetectedBy  string    `json:"detected_by"`
	DetectedAt  time.Time `json:"detected_at"`
}

// Confirmed is recorded when the customer confirms the order, after the
// contract's deposit was received where one is required (O6).
type Confirmed struct {
	OrderID                 string    `json:"order_id"`
	CustomerConfirmationRef string    `json:"customer_confirmation_ref"`
	ConfirmedBy             string    `json:"confirmed_by"`
	ConfirmedAt             time.Time `json:"confirmed_at"`
}

// ChangeRequested is recorded when a change to a confirmed order is asked
// for; it waits for a department head's approval (O7).
type ChangeRequested struct {
	OrderID     string    `json:"order_id"`
	ChangeID    string    `json:"change_id"`
	Before      []Line    `json:"before"`
	After       []Line    `json:"after"`
	Reason      string    `json:"reason"`
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
}

// ChangeApproved is recorded when a department head approves a requested
// change (O7).
type ChangeApproved struct {
	OrderID      string      `json:"order_id"`
	ChangeID     string      `json:"change_id"`
	ApproverID   string      `json:"approver_id"`
	ApproverRole domain.Role `json:"approver_role"`
	ApprovedAt   time.Time   `json:"approved_at"`
}

// ChangeRejected is recorded when a department head refuses a requested
// change; the order keeps its lines.
type ChangeRejected struct {
	OrderID      string      `json:"order_id"`
	ChangeID     string      `json:"change_id"`
	ApproverID   string      `json:"approver_id"`
	ApproverRole domain.Role `json:"approver_role"`
	Reason       string      `json:"reason"`
	RejectedAt   time.Time   `json:"rejected_at"`
}

// Changed is recorded when the order's lines change: directly while the
// order is a draft, or after approval once confirmed (O7).
type Changed struct {
	OrderID   string       `json:"order_id"`
	ChangeID  string       `json:"change_id"`
	Before    []Line       `json:"before"`
	After     []Line       `json:"after"`
	Total     domain.Money `json:"total"`
	ChangedAt time.Time    `json:"changed_at"`
}

// ProductionRequested is recorded when sales passes the order to
// production instead of shipping from stock.
type ProductionRequested struct {
	OrderID     string    `json:"order_id"`
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
}

// GoodsInspected is recorded when quality inspects the goods produced for
// the order; only passed goods become ready (O3).
type GoodsInspected struct {
	OrderID     string    `json:"order_id"`
	Passed      bool      `json:"passed"`
	ReportRef   string    `json:"report_ref"`
	Findings    string    `json:"findings"`
	InspectorID string    `json:"inspector_id"`
	InspectedAt time.Time `json:"inspected_at"`
}

// ShipmentRequested is recorded when the rep asks the warehouse keeper to
// ship the order. FromStock tells that no production was needed.
type ShipmentRequested struct {
	OrderID     string    `json:"order_id"`
	FromStock   bool      `json:"from_stock"`
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
}

// ShipmentScheduled is recorded when the warehouse keeper schedules the
// shipment and replies to the rep. ShippingBranchID is the branch whose
// stock the shipment is reserved from (§3.10-shipment); events recorded
// before stock was kept have none.
type ShipmentScheduled struct {
	OrderID          string    `json:"order_id"`
	ShippingBranchID string    `json:"shipping_branch_id,omitempty"`
	ShipOn           time.Time `json:"ship_on"`
	ReplyToRep       string    `json:"reply_to_rep"`
	ScheduledBy      string    `json:"scheduled_by"`
	ScheduledAt      time.Time `json:"scheduled_at"`
}

// Dispatched is recorded when delivery staff leave with the goods.
type Dispatched struct {
	OrderID      string    `json:"order_id"`
	TransportRef string    `json:"transport_ref"`
	DispatchedBy string    `json:"dispatched_by"`
	DispatchedAt time.Time `json:"dispatched_at"`
}

// TransportStatusUpdated is recorded when logistics reports where the
// goods are.
type TransportStatusUpdated struct {
	OrderID   string    `json:"order_id"`
	Status    string    `json:"status"`
	Location  string    `json:"location"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// CustomerNotifiedOfTransport is recorded with every transport update:
// the customer is told the transport status (O4).
type CustomerNotifiedOfTransport struct {
	OrderID    string    `json:"order_id"`
	Status     string    `json:"status"`
	Channel    string    `json:"channel"`
	NotifiedAt time.Time `json:"notified_at"`
}

// Delivered is recorded when the goods arrive with the customer's valid
// sign-off and the delivery note is handed to the responsible employee (O2).
type Delivered struct {
	OrderID                string    `json:"order_id"`
	SignedBy               string    `json:"signed_by"`
	SignedAt               time.Time `json:"signed_at"`
	DeliveryNoteNo         string    `json:"delivery_note_no"`
	NoteHandedToEmployeeID string    `json:"note_handed_to_employee_id"`
	RecordedBy             string    `json:"recorded_by"`
	DeliveredAt            time.Time `json:"delivered_at"`
}

// DeliveryDelayed is recorded when the delivery time passed without
// delivery (O5).
type DeliveryDelayed struct {
	OrderID    string    `json:"order_id"`
	DueAt      time.Time `json:"due_at"`
	Reason     string    `json:"reason"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// Accepted is recorded when a project-type order's deliverable passes the
// acceptance organised by the team supervisor.
type Accepted struct {
	OrderID          string    `json:"order_id"`
	SupervisorID     string    `json:"supervisor_id"`
	CustomerAcceptor string    `json:"customer_acceptor"`
	AcceptedAt       time.Time `json:"accepted_at"`
}
