package stock

import (
	"context"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Queries reads the stock read model through its views.
type Queries struct{ tables.DB }

// NewQueries returns the queries of the stock read model over db.
func NewQueries(db tables.DB) *Queries { return &Queries{db} }

const stockFields = `item_id, branch_id, product_name, model_spec, on_hand, reserved, on_hand - reserved AS available, version, updated_at`

// Stock lists the stock on hand per branch and product, by branch then
// product.
func (q *Queries) Stock(ctx context.Context, f queries.StockFilter, page queries.PageRequest) (queries.Page[queries.StockView], error) {
	var w tables.Where
	tables.AddIf(&w, "branch_id = ?", f.BranchID)
	tables.AddIf(&w, "product_name = ?", f.ProductName)
	return tables.List(ctx, q.DB, tables.ListSpec[queries.StockView]{View: "stock_items", Fields: stockFields,
		ID:      tables.ID("item_id", func(v queries.StockView) string { return v.ItemID }),
		Sorts:   map[string]tables.SortKey[queries.StockView]{"item_id": {Col: "item_id", Val: func(v queries.StockView) string { return v.ItemID }}},
		Default: "item_id"}, "", &w, page)
}

// StockTransfers lists transfers, newest id last; a branch filter
// matches either side.
func (q *Queries) StockTransfers(ctx context.Context, f queries.StockTransferFilter, page queries.PageRequest) (queries.Page[queries.StockTransferView], error) {
	var w tables.Where
	if f.BranchID != "" {
		w.Add("(from_branch_id = ? OR to_branch_id = ?)", f.BranchID, f.BranchID)
	}
	tables.AddIf(&w, "status = ?", f.Status)
	return tables.List(ctx, q.DB, tables.ListSpec[queries.StockTransferView]{View: "stock_transfers",
		ID: tables.ID("transfer_id", func(v queries.StockTransferView) string { return v.TransferID }),
		Sorts: map[string]tables.SortKey[queries.StockTransferView]{
			"transfer_id": {Col: "transfer_id", Val: func(v queries.StockTransferView) string { return v.TransferID }}},
		Default: "transfer_id"}, "", &w, page)
}

// Replenishments lists the requests to headquarters.
func (q *Queries) Replenishments(ctx context.Context, f queries.ReplenishmentFilter, page queries.PageRequest) (queries.Page[queries.ReplenishmentView], error) {
	var w tables.Where
	tables.AddIf(&w, "branch_id = ?", f.BranchID)
	if f.OpenOnly {
		w.Add("NOT fulfilled")
	}
	return tables.List(ctx, q.DB, tables.ListSpec[queries.ReplenishmentView]{View: "replenishment_requests",
		ID: tables.ID("request_id", func(v queries.ReplenishmentView) string { return v.RequestID }),
		Sorts: map[string]tables.SortKey[queries.ReplenishmentView]{
			"request_id": {Col: "request_id", Val: func(v queries.ReplenishmentView) string { return v.RequestID }}},
		Default: "request_id"}, "", &w, page)
}

// StockTransfer returns one transfer, or ErrStockTransferNotFound.
func (q *Queries) StockTransfer(ctx context.Context, id string) (queries.StockTransferView, error) {
	return tables.One[queries.StockTransferView](ctx, q.DB, queries.ErrStockTransferNotFound,
		"SELECT * FROM "+q.Table("stock_transfers")+" WHERE transfer_id = $1", id)
}

// Replenishment returns one request to headquarters, or
// ErrReplenishmentNotFound.
func (q *Queries) Replenishment(ctx context.Context, id string) (queries.ReplenishmentView, error) {
	return tables.One[queries.ReplenishmentView](ctx, q.DB, queries.ErrReplenishmentNotFound,
		"SELECT * FROM "+q.Table("replenishment_requests")+" WHERE request_id = $1", id)
}
