package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
)

// StockView is the stock of one product at one branch (§3.10): what the
// branch's book holds, what is reserved for scheduled shipments, and
// what is available to ship, transfer or issue.
type StockView struct {
	ItemID      string    `db:"item_id" json:"-"`
	BranchID    string    `db:"branch_id" json:"branch_id"`
	ProductName string    `db:"product_name" json:"product_name"`
	ModelSpec   string    `db:"model_spec" json:"model_spec"`
	OnHand      int64     `db:"on_hand" json:"on_hand"`
	Reserved    int64     `db:"reserved" json:"reserved"`
	Available   int64     `db:"available" json:"available"`
	Version     int64     `db:"version" json:"version"`
	UpdatedAt   time.Time `db:"updated_at" json:"updated_at"`
}

// ErrStockTransferNotFound and ErrReplenishmentNotFound are returned for
// a transfer or replenishment request the read model does not know.
var (
	ErrStockTransferNotFound = domain.NotFound("stock transfer not found")
	ErrReplenishmentNotFound = domain.NotFound("replenishment request not found")
)

// StockFilter selects stock rows. Empty fields select everything.
type StockFilter struct {
	BranchID    string
	ProductName string
}

// StockTransferView is one transfer between branches and where it
// stands: REQUESTED, APPROVED, DECLINED, IN_TRANSIT or RECEIVED.
type StockTransferView struct {
	TransferID   string     `db:"transfer_id" json:"transfer_id"`
	FromBranchID string     `db:"from_branch_id" json:"from_branch_id"`
	ToBranchID   string     `db:"to_branch_id" json:"to_branch_id"`
	ProductName  string     `db:"product_name" json:"product_name"`
	ModelSpec    string     `db:"model_spec" json:"model_spec"`
	Quantity     int64      `db:"quantity" json:"quantity"`
	Status       string     `db:"status" json:"status"`
	RequestedBy  string     `db:"requested_by" json:"requested_by"`
	RequestedAt  time.Time  `db:"requested_at" json:"requested_at"`
	ShippedAt    *time.Time `db:"shipped_at" json:"shipped_at,omitempty"`
	ReceivedAt   *time.Time `db:"received_at" json:"received_at,omitempty"`
	Version      int64      `db:"version" json:"version"`
	UpdatedAt    time.Time  `db:"updated_at" json:"updated_at"`
}

// StockTransferFilter selects transfers: of one branch (either side),
// of one status.
type StockTransferFilter struct {
	BranchID string
	Status   string
}

// ReplenishmentView is one branch's request to headquarters and how much
// of it was received.
type ReplenishmentView struct {
	RequestID   string    `db:"request_id" json:"request_id"`
	BranchID    string    `db:"branch_id" json:"branch_id"`
	ProductName string    `db:"product_name" json:"product_name"`
	ModelSpec   string    `db:"model_spec" json:"model_spec"`
	Quantity    int64     `db:"quantity" json:"quantity"`
	Delivered   int64     `db:"delivered" json:"delivered"`
	Fulfilled   bool      `db:"fulfilled" json:"fulfilled"`
	RequestedBy string    `db:"requested_by" json:"requested_by"`
	RequestedAt time.Time `db:"requested_at" json:"requested_at"`
	Version     int64     `db:"version" json:"version"`
	UpdatedAt   time.Time `db:"updated_at" json:"updated_at"`
}

// ReplenishmentFilter selects replenishment requests; OpenOnly keeps the
// ones not yet fulfilled.
type ReplenishmentFilter struct {
	BranchID string
	OpenOnly bool
}

// StockTransferStatuses are the statuses a transfer list filters by.
var StockTransferStatuses = names(stock.StatusRequested, stock.StatusApproved, stock.StatusDeclined, stock.StatusInTransit, stock.StatusReceived)

// StockReaders read the branches' stock, transfers and replenishment
// requests (§3.10-read, D): the branch's back office and manager who keep
// it, the reps the keeper reports stock to (S: 及时向业务员反馈常用货物库存信息),
// the managers above them and the auditing roles.
var StockReaders = []domain.Role{domain.RoleWarehouse, domain.RoleClerk, domain.RoleBranchManager, domain.RoleSalesRep,
	domain.RoleDeptHead, domain.RoleSalesMgmt, domain.RoleGM, domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleProcessSupervisor}

// ErrMaterialsRequestNotFound is returned for a materials request the
// log does not hold.
var ErrMaterialsRequestNotFound = domain.NotFound("materials request not found")

// MaterialsRequestView is a rep's materials request form as its events
// fold it (the stock read model keeps no row of it), with the stream
// version and time of its last event. Amounts are decimal strings, as in
// every other answer.
type MaterialsRequestView struct {
	ID          string                `json:"id"`
	BranchID    string                `json:"branch_id"`
	Status      stock.MaterialsStatus `json:"status"`
	Lines       []MaterialLineView    `json:"lines"`
	NeedsSign   bool                  `json:"needs_signature"`
	RequestedBy string                `json:"requested_by"`
	Version     int64                 `json:"version"`
	UpdatedAt   time.Time             `json:"updated_at"`
}

// MaterialLineView is one item on a materials request form.
type MaterialLineView struct {
	ProductName string     `json:"product_name"`
	ModelSpec   string     `json:"model_spec"`
	Quantity    int64      `json:"quantity"`
	UnitCost    MinorUnits `json:"unit_cost"`
	Currency    string     `json:"currency"`
}

// NewMaterialsRequestView presents the folded form m as of its event at
// version, recorded at updated.
func NewMaterialsRequestView(m stock.MaterialsRequest, version int64, updated time.Time) MaterialsRequestView {
	lines := make([]MaterialLineView, len(m.Lines))
	for i, l := range m.Lines {
		lines[i] = MaterialLineView{ProductName: l.Name, ModelSpec: l.ModelSpec, Quantity: l.Quantity,
			UnitCost: MinorUnits(l.UnitCost.Minor), Currency: l.UnitCost.Currency}
	}
	return MaterialsRequestView{ID: m.ID, BranchID: m.BranchID, Status: m.Status, Lines: lines,
		NeedsSign: m.NeedsSign, RequestedBy: m.RequestedBy, Version: version, UpdatedAt: updated}
}
