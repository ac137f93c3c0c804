package api

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/stock"
)

const stockTag = "Stock"

// stockRoutes registers the branch warehouse's commands (§3.10): goods
// received, transfers between branches, replenishment requests to
// headquarters and the reps' materials request forms, and the stock
// queries.
func stockRoutes(s *Server, rt *routes) {
	command(rt, "/branches/{id}/stock-receipts", stockTag, "Book goods into the branch's stock, answering a replenishment request when it names one (WAREHOUSE of the branch)", s.receiveStock)
	create(rt, "/replenishment-requests", stockTag, "Ask headquarters for goods (WAREHOUSE)", s.requestReplenishment)
	create(rt, "/stock-transfers", stockTag, "Ask another branch for goods (WAREHOUSE of the receiving branch)", s.requestStockTransfer)
	command(rt, "/stock-transfers/{id}/approval", stockTag, "Approve a transfer request (WAREHOUSE or BRANCH_MANAGER of the sending branch)", s.approveStockTransfer)
	command(rt, "/stock-transfers/{id}/decline", stockTag, "Decline a transfer request, with a reason (WAREHOUSE or BRANCH_MANAGER of the sending branch)", s.declineStockTransfer)
	command(rt, "/stock-transfers/{id}/shipment", stockTag, "Ship an approved transfer out of the sending branch's stock (WAREHOUSE of the sending branch)", s.shipStockTransfer)
	command(rt, "/stock-transfers/{id}/receipt", stockTag, "Book a shipped transfer into the receiving branch's stock (WAREHOUSE of the receiving branch)", s.receiveStockTransfer)
	create(rt, "/materials-requests", stockTag, "File a materials request form (SALES_REP)", s.fileMaterialsRequest)
	command(rt, "/materials-requests/{id}/signature", stockTag, "Sign a request holding valuable items (BRANCH_MANAGER of the branch)", s.signMaterialsRequest)
	command(rt, "/materials-requests/{id}/issue", stockTag, "Hand the items over out of the branch's stock (CLERK of the branch)", s.issueMaterials)
	stockQueryRoutes(s, rt)
}

// StockProductRequest names a product as order lines do.
type StockProductRequest struct {
	ProductName string `json:"product_name"`
	ModelSpec   string `json:"model_spec"`
}

func (p StockProductRequest) product() stock.Product {
	return stock.Product{Name: p.ProductName, ModelSpec: p.ModelSpec}
}

// ReceiveStockRequest is goods received into the branch of the path.
type ReceiveStockRequest struct {
	Envelope
	StockProductRequest
	Quantity        int64  `json:"quantity"`
	SourceRef       string `json:"source_ref,omitempty"`
	ReplenishmentID string `json:"replenishment_id,omitempty"`
}

func (s *Server) receiveStock(ctx context.Context, m commands.Meta, branch string, req ReceiveStockRequest) (commands.Result, error) {
	return s.Commands.Stock.ReceiveStock(ctx, m, commands.ReceiveStock{BranchID: branch, Product: req.product(), Quantity: req.Quantity,
		SourceRef: req.SourceRef, ReplenishmentID: req.ReplenishmentID})
}

// RequestReplenishmentRequest asks headquarters for goods for a branch
// (the keeper's own when branch_id is empty).
type RequestReplenishmentRequest struct {
	Envelope
	BranchID string `json:"branch_id,omitempty"`
	StockProductRequest
	Quantity int64 `json:"quantity"`
}

func (s *Server) requestReplenishment(ctx context.Context, m commands.Meta, id string, req RequestReplenishmentRequest) (commands.Result, error) {
	return s.Commands.Stock.RequestReplenishment(ctx, m, commands.RequestReplenishment{RequestID: id, BranchID: req.BranchID,
		Product: req.product(), Quantity: req.Quantity, Reason: m.Reason})
}

// RequestStockTransferRequest asks from_branch_id for goods for the
// receiving branch (the keeper's own when to_branch_id is empty).
type RequestStockTransferRequest struct {
	Envelope
	FromBranchID string `json:"from_branch_id"`
	ToBranchID   string `json:"to_branch_id,omitempty"`
	StockProductRequest
	Quantity int64 `json:"quantity"`
}

func (s *Server) requestStockTransfer(ctx context.Context, m commands.Meta, id string, req RequestStockTransferRequest) (commands.Result, error) {
	return s.Commands.Stock.RequestStockTransfer(ctx, m, commands.RequestStockTransfer{TransferID: id, FromBranch: req.FromBranchID,
		ToBranch: req.ToBranchID, Product: req.product(), Quantity: req.Quantity, Reason: m.Reason})
}

// StockTransferStepRequest moves a transfer on; a decline's reason is the
// envelope's.
type StockTransferStepRequest struct {
	Envelope
}

func (s *Server) approveStockTransfer(ctx context.Context, m commands.Meta, id string, _ StockTransferStepRequest) (commands.Result, error) {
	return s.Commands.Stock.ApproveStockTransfer(ctx, m, commands.TransferDecision{TransferID: id})
}

func (s *Server) declineStockTransfer(ctx context.Context, m commands.Meta, id string, _ StockTransferStepRequest) (commands.Result, error) {
	return s.Commands.Stock.DeclineStockTransfer(ctx, m, commands.TransferDecision{TransferID: id, Reason: m.Reason})
}

func (s *Server) shipStockTransfer(ctx context.Context, m commands.Meta, id string, _ StockTransferStepRequest) (commands.Result, error) {
	return s.Commands.Stock.ShipStockTransfer(ctx, m, commands.TransferDecision{TransferID: id})
}

func (s *Server) receiveStockTransfer(ctx context.Context, m commands.Meta, id string, _ StockTransferStepRequest) (commands.Result, error) {
	return s.Commands.Stock.ReceiveStockTransfer(ctx, m, commands.TransferDecision{TransferID: id})
}

// MaterialLineRequest is one item of a materials request: what, how many
// and its declared unit value (a decimal string; valuable from 1000.00).
type MaterialLineRequest struct {
	StockProductRequest
	Quantity int64  `json:"quantity"`
	UnitCost string `json:"unit_cost,omitempty"`
}

// FileMaterialsRequestRequest is the rep's materials request form to a
// branch's clerk (the rep's own org unit when branch_id is empty).
type FileMaterialsRequestRequest struct {
	Envelope
	BranchID string                `json:"branch_id,omitempty"`
	Lines    []MaterialLineRequest `json:"lines"`
	Purpose  string                `json:"purpose,omitempty"`
}

func (s *Server) fileMaterialsRequest(ctx context.Context, m commands.Meta, id string, req FileMaterialsRequestRequest) (commands.Result, error) {
	lines := make([]stock.MaterialLine, len(req.Lines))
	for i, l := range req.Lines {
		cost, err := decimalAmount(fmt.Sprintf("lines[%d].unit_cost", i), l.UnitCost)
		if err != nil {
			return commands.Result{}, err
		}
		lines[i] = stock.MaterialLine{Product: l.product(), Quantity: l.Quantity, UnitCost: cost}
	}
	return s.Commands.Stock.FileMaterialsRequest(ctx, m, commands.FileMaterialsRequest{RequestID: id, BranchID: req.BranchID, Lines: lines, Purpose: req.Purpose})
}

// MaterialsStepRequest signs or issues a materials request.
type MaterialsStepRequest struct {
	Envelope
}

func (s *Server) signMaterialsRequest(ctx context.Context, m commands.Meta, id string, _ MaterialsStepRequest) (commands.Result, error) {
	return s.Commands.Stock.SignMaterialsRequest(ctx, m, commands.MaterialsStep{RequestID: id})
}

func (s *Server) issueMaterials(ctx context.Context, m commands.Meta, id string, _ MaterialsStepRequest) (commands.Result, error) {
	return s.Commands.Stock.IssueMaterials(ctx, m, commands.MaterialsStep{RequestID: id})
}
