package api

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/quotation"
)

// quotationCostRoutes are the business engineer's costing and
// leadership's approved price, which the margin authority (K7) decides
// on; the unit_cost a rep still sends when drafting is only their
// estimate (K7-costing, K7-price).
func quotationCostRoutes(s *Server, rt *routes) {
	command(rt, "/quotations/{id}/costing", quotationTag, "Record the business engineer's costing of a draft; its margin authority decides on it (K7-costing)", s.recordQuotationCosting)
	command(rt, "/quotations/{id}/price-approval", quotationTag, "Approve a costed draft's price as company leadership (K7-price)", s.approveQuotationPrice)
}

// UnitCostRequest is the cost of one unit of a quoted product, a decimal
// string.
type UnitCostRequest struct {
	Product  string `json:"product"`
	UnitCost string `json:"unit_cost"`
}

// RecordQuotationCostingRequest is the costing: its document and the unit
// cost of every product the quote lists.
type RecordQuotationCostingRequest struct {
	Envelope
	CostingRef string            `json:"costing_ref"`
	UnitCosts  []UnitCostRequest `json:"unit_costs"`
}

func (s *Server) recordQuotationCosting(ctx context.Context, m commands.Meta, id string, req RecordQuotationCostingRequest) (commands.Result, error) {
	costs := make([]quotation.UnitCost, len(req.UnitCosts))
	for i, c := range req.UnitCosts {
		cost, err := salesCycleMoney(fmt.Sprintf("unit_costs[%d].unit_cost", i), c.UnitCost)
		if err != nil {
			return commands.Result{}, err
		}
		costs[i] = quotation.UnitCost{Product: c.Product, UnitCost: cost}
	}
	return s.Commands.Quotations.RecordQuotationCosting(ctx, m, commands.RecordQuotationCosting{QuotationID: id,
		Costing: quotation.Costing{CostingRef: req.CostingRef, UnitCosts: costs}})
}

// ApproveQuotationPriceRequest carries leadership's comment.
type ApproveQuotationPriceRequest struct {
	Envelope
	Comment string `json:"comment,omitempty"`
}

func (s *Server) approveQuotationPrice(ctx context.Context, m commands.Meta, id string, req ApproveQuotationPriceRequest) (commands.Result, error) {
	return s.Commands.Quotations.ApproveQuotationPrice(ctx, m, commands.ApproveQuotationPrice{QuotationID: id, Comment: req.Comment})
}
