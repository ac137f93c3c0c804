package stock

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Received is recorded when goods are booked into a branch's stock.
type Received struct {
	BranchID        string    `json:"branch_id"`
	Product         Product   `json:"product"`
	Quantity        int64     `json:"quantity"`
	SourceRef       string    `json:"source_ref,omitempty"`
	ReplenishmentID string    `json:"replenishment_id,omitempty"`
	ReceivedBy      string    `json:"received_by"`
	ReceivedAt      time.Time `json:"received_at"`
}

// Reserved is recorded when stock is set aside for an order's scheduled
// shipment.
type Reserved struct {
	BranchID   string    `json:"branch_id"`
	Product    Product   `json:"product"`
	OrderID    string    `json:"order_id"`
	Quantity   int64     `json:"quantity"`
	ReservedBy string    `json:"reserved_by"`
	ReservedAt time.Time `json:"reserved_at"`
}

// ReservationReleased is recorded when an order's reservation is given
// back (the order was cancelled before dispatch).
type ReservationReleased struct {
	BranchID   string    `json:"branch_id"`
	Product    Product   `json:"product"`
	OrderID    string    `json:"order_id"`
	Quantity   int64     `json:"quantity"`
	ReleasedBy string    `json:"released_by"`
	ReleasedAt time.Time `json:"released_at"`
}

// ReservedIssued is recorded when an order's reserved goods leave with
// its dispatched shipment.
type ReservedIssued struct {
	BranchID string    `json:"branch_id"`
	Product  Product   `json:"product"`
	OrderID  string    `json:"order_id"`
	Quantity int64     `json:"quantity"`
	IssuedBy string    `json:"issued_by"`
	IssuedAt time.Time `json:"issued_at"`
}

// Issued is recorded when goods leave the branch on a materials request.
type Issued struct {
	BranchID           string    `json:"branch_id"`
	Product            Product   `json:"product"`
	Quantity           int64     `json:"quantity"`
	MaterialsRequestID string    `json:"materials_request_id"`
	IssuedBy           string    `json:"issued_by"`
	IssuedAt           time.Time `json:"issued_at"`
}

// TransferredOut is the sending branch's book entry of a transfer.
type TransferredOut struct {
	BranchID   string    `json:"branch_id"`
	Product    Product   `json:"product"`
	Quantity   int64     `json:"quantity"`
	TransferID string    `json:"transfer_id"`
	ToBranchID string    `json:"to_branch_id"`
	ShippedBy  string    `json:"shipped_by"`
	ShippedAt  time.Time `json:"shipped_at"`
}

// TransferredIn is the receiving branch's book entry of a transfer.
type TransferredIn struct {
	BranchID     string    `json:"branch_id"`
	Product      Product   `json:"product"`
	Quantity     int64     `json:"quantity"`
	TransferID   string    `json:"transfer_id"`
	FromBranchID string    `json:"from_branch_id"`
	ReceivedBy   string    `json:"received_by"`
	ReceivedAt   time.Time `json:"received_at"`
}

// TransferRequested is recorded when a branch asks another for goods.
type TransferRequested struct {
	TransferID   string    `json:"transfer_id"`
	FromBranchID string    `json:"from_branch_id"`
	ToBranchID   string    `json:"to_branch_id"`
	Product      Product   `json:"product"`
	Quantity     int64     `json:"quantity"`
	Reason       string    `json:"reason,omitempty"`
	RequestedBy  string    `json:"requested_by"`
	RequestedAt  time.Time `json:"requested_at"`
}

// TransferApproved is the sending branch's acceptance.
type TransferApproved struct {
	TransferID string    `json:"transfer_id"`
	ApprovedBy string    `json:"approved_by"`
	ApprovedAt time.Time `json:"approved_at"`
}

// TransferDeclined is the sending branch's refusal.
type TransferDeclined struct {
	TransferID string    `json:"transfer_id"`
	Reason     string    `json:"reason"`
	DeclinedBy string    `json:"declined_by"`
	DeclinedAt time.Time `json:"declined_at"`
}

// TransferShippedOut is recorded, with the sender's TransferredOut, when
// the goods leave.
type TransferShippedOut struct {
	TransferID string    `json:"transfer_id"`
	ShippedBy  string    `json:"shipped_by"`
	ShippedAt  time.Time `json:"shipped_at"`
}

// TransferCompleted is recorded, with the receiver's TransferredIn, when
// the goods arrive.
type TransferCompleted struct {
	TransferID string    `json:"transfer_id"`
	ReceivedBy string    `json:"received_by"`
	ReceivedAt time.Time `json:"received_at"`
}

// ReplenishmentRequested is a branch's request to headquarters.
type ReplenishmentRequested struct {
	RequestID   string    `json:"request_id"`
	BranchID    string    `json:"branch_id"`
	Product     Product   `json:"product"`
	Quantity    int64     `json:"quantity"`
	Reason      string    `json:"reason,omitempty"`
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
}

// ReplenishmentDelivered is recorded, with the branch's Received, for
// goods received against a request.
type ReplenishmentDelivered struct {
	RequestID  string    `json:"request_id"`
	BranchID   string    `json:"branch_id"`
	Quantity   int64     `json:"quantity"`
	Fulfilled  bool      `json:"fulfilled"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// MaterialsRequestFiled is the rep's materials request form.
type MaterialsRequestFiled struct {
	RequestID      string         `json:"request_id"`
	BranchID       string         `json:"branch_id"`
	Lines          []MaterialLine `json:"lines"`
	Purpose        string         `json:"purpose,omitempty"`
	NeedsSignature bool           `json:"needs_signature"`
	RequestedBy    string         `json:"requested_by"`
	RequestedAt    time.Time      `json:"requested_at"`
}

// MaterialsRequestSigned is the branch manager's signature.
type MaterialsRequestSigned struct {
	RequestID string    `json:"request_id"`
	SignedBy  string    `json:"signed_by"`
	SignedAt  time.Time `json:"signed_at"`
}

// MaterialsHandedOver is recorded, with one Issued per line, when the
// clerk hands the items over.
type MaterialsHandedOver struct {
	RequestID string    `json:"request_id"`
	BranchID  string    `json:"branch_id"`
	IssuedBy  string    `json:"issued_by"`
	IssuedAt  time.Time `json:"issued_at"`
}

func (Received) EventType() string               { return "stock.received" }
func (Reserved) EventType() string               { return "stock.reserved" }
func (ReservationReleased) EventType() string    { return "stock.reservation_released" }
func (ReservedIssued) EventType() string         { return "stock.reserved_issued" }
func (Issued) EventType() string                 { return "stock.issued" }
func (TransferredOut) EventType() string         { return "stock.transferred_out" }
func (TransferredIn) EventType() string          { return "stock.transferred_in" }
func (TransferRequested) EventType() string      { return "stocktransfer.requested" }
func (TransferApproved) EventType() string       { return "stocktransfer.approved" }
func (TransferDeclined) EventType() string       { return "stocktransfer.declined" }
func (TransferShippedOut) EventType() string     { return "stocktransfer.shipped_out" }
func (TransferCompleted) EventType() string      { return "stocktransfer.received" }
func (ReplenishmentRequested) EventType() string { return "replenishment.requested" }
func (ReplenishmentDelivered) EventType() string { return "replenishment.delivered" }
func (MaterialsRequestFiled) EventType() string  { return "materialsrequest.filed" }
func (MaterialsRequestSigned) EventType() string { return "materialsrequest.signed" }
func (MaterialsHandedOver) EventType() string    { return "materialsrequest.issued" }

// Events lists every event of the stock streams, for the codec registry.
func Events() []domain.Event {
	return []domain.Event{
		Received{}, Reserved{}, ReservationReleased{}, ReservedIssued{}, Issued{}, TransferredOut{}, TransferredIn{},
		TransferRequested{}, TransferApproved{}, TransferDeclined{}, TransferShippedOut{}, TransferCompleted{},
		ReplenishmentRequested{}, ReplenishmentDelivered{},
		MaterialsRequestFiled{}, MaterialsRequestSigned{}, MaterialsHandedOver{},
	}
}
