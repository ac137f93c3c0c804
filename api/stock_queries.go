package api

import (
	"context"
	"net/http"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

func stockQueryRoutes(s *Server, rt *routes) {
	rt.get("/stock", stockTag, "Stock on hand, reserved for shipments and available, per branch and product",
		queries.Page[queries.StockView]{}, handleQuery(s, []string{"stock"}, s.listStock),
		listParams(text("branch_id", "the branch"), text("product_name", "the product name, as written"))...)
	rt.get("/stock-transfers", stockTag, "Transfers between branches and where they stand (IN_TRANSIT: shipped, not yet received)",
		queries.Page[queries.StockTransferView]{}, handleQuery(s, []string{"stock"}, s.listStockTransfers),
		listParams(text("branch_id", "the sending or receiving branch"), oneOf("status", queries.StockTransferStatuses, "the transfer's status"))...)
	rt.get("/replenishment-requests", stockTag, "Branches' requests to headquarters and what was received against them",
		queries.Page[queries.ReplenishmentView]{}, handleQuery(s, []string{"stock"}, s.listReplenishments),
		listParams(text("branch_id", "the requesting branch"), boolean("open", "only requests not yet fulfilled"))...)
}

func (s *Server) listStock(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "stock", queries.StockReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	res, err := s.Queries.Stock(ctx, queries.StockFilter{BranchID: q.Get("branch_id"), ProductName: q.Get("product_name")}, page)
	return res, 0, err
}

func (s *Server) listStockTransfers(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "stock transfers", queries.StockReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	res, err := s.Queries.StockTransfers(ctx, queries.StockTransferFilter{BranchID: q.Get("branch_id"), Status: q.Get("status")}, page)
	return res, 0, err
}

func (s *Server) listReplenishments(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "replenishment requests", queries.StockReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	open, err := salesCycleBool(r, "open")
	if err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.Replenishments(ctx, queries.ReplenishmentFilter{BranchID: r.URL.Query().Get("branch_id"), OpenOnly: open}, page)
	return res, 0, err
}
