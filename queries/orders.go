package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

// ErrOrderNotFound is returned for an order that does not exist.
var ErrOrderNotFound = domain.NotFound("order not found")

// OrderView is an order with its delivery progress. Late and DaysLate are
// computed for the time the query was given: an order not delivered by
// its earliest promised delivery time is late (O5), and a delivered one
// shows by how many whole days it missed that time.
type OrderView struct {
	OrderID           string     `db:"order_id" json:"order_id"`
	ContractID        string     `db:"contract_id" json:"contract_id"`
	CustomerID        string     `db:"customer_id" json:"customer_id"`
	Kind              string     `db:"kind" json:"kind"`
	Status            string     `db:"status" json:"status"`
	Total             MinorUnits `db:"total_minor" json:"total"`
	Paid              MinorUnits `db:"paid_minor" json:"paid"`
	Currency          string     `db:"currency" json:"currency"`
	CreatedBy         string     `db:"created_by" json:"created_by"`
	DueAt             *time.Time `db:"due_at" json:"due_at,omitempty"`
	ProductionNeeded  bool       `db:"production_needed" json:"production_needed"`
	PendingChangeID   string     `db:"pending_change_id" json:"pending_change_id,omitempty"`
	ShipOn            *Day       `db:"ship_on" json:"ship_on,omitempty"`
	DispatchedAt      *time.Time `db:"dispatched_at" json:"dispatched_at,omitempty"`
	TransportStatus   string     `db:"transport_status" json:"transport_status,omitempty"`
	TransportLocation string     `db:"transport_location" json:"transport_location,omitempty"`
	DeliveredAt       *time.Time `db:"delivered_at" json:"delivered_at,omitempty"`
	DeliveryNoteNo    string     `db:"delivery_note_no" json:"delivery_note_no,omitempty"`
	Delays            int        `db:"delays" json:"delays"`
	LastDelayDueAt    *time.Time `db:"last_delay_due_at" json:"last_delay_due_at,omitempty"`
	LastDelayReason   string     `db:"last_delay_reason" json:"last_delay_reason,omitempty"`
	Late              bool       `db:"late" json:"late"`
	DaysLate          int        `db:"days_late" json:"days_late"`
	CreatedAt         time.Time  `db:"created_at" json:"created_at"`
	Version           int64      `db:"version" json:"version"`
	UpdatedAt         time.Time  `db:"updated_at" json:"updated_at"`
}

// OrderFilter selects orders. Now is the query's clock for lateness.
type OrderFilter struct {
	Now        time.Time
	CustomerID string
	ContractID string
	// CreatedBy selects the orders one rep created.
	CreatedBy string
	Status    order.Status
	Kind      order.Kind
	// DelayedOnly keeps orders late now or with a recorded delay.
	DelayedOnly bool
	// Sort is -created_at (default), created_at or -updated_at.
	Sort string
	// At, when set, lists the rows as they stood then (row versions).
	At Bitemporal
}
