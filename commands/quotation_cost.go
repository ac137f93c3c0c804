package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
)

// RecordQuotationCosting is the business engineer's costing of a draft
// quote (K7-costing).
type RecordQuotationCosting struct {
	QuotationID string
	Costing     quotation.Costing
}

// RecordQuotationCosting records the costing and the margin on its cost
// under the margin-authority regulation in force. Only a business
// engineer costs a quote: the rep whose approval depends on the margin
// never supplies the cost it is decided on.
func (h *Quotations) RecordQuotationCosting(ctx context.Context, m Meta, cmd RecordQuotationCosting) (Result, error) {
	role, err := authorize(m, "RecordQuotationCosting", domain.RoleBusinessEngineer)
	if err != nil {
		return Result{}, err
	}
	return h.quotationDecide(ctx, m, cmd.QuotationID, role, func(q quotation.Quotation, reg quotation.Regulation, v string, at time.Time) ([]domain.Event, error) {
		return q.RecordCosting(cmd.Costing, m.Actor.EmployeeID, reg, v, at)
	})
}

// priceApproverRoles set the approved quote price (准价): company
// leadership, of which the GM is part (K7-price).
var priceApproverRoles = []domain.Role{domain.RoleLeadership, domain.RoleGM}

// ApproveQuotationPrice is leadership's approval of a costed draft's price.
type ApproveQuotationPrice struct {
	QuotationID string
	Comment     string
}

// ApproveQuotationPrice records quotation.PriceApproved.
func (h *Quotations) ApproveQuotationPrice(ctx context.Context, m Meta, cmd ApproveQuotationPrice) (Result, error) {
	role, err := authorize(m, "ApproveQuotationPrice", priceApproverRoles...)
	if err != nil {
		return Result{}, err
	}
	return h.quotationDecide(ctx, m, cmd.QuotationID, role, func(q quotation.Quotation, _ quotation.Regulation, _ string, at time.Time) ([]domain.Event, error) {
		return q.ApprovePrice(m.Actor.EmployeeID, role, cmd.Comment, at)
	})
}
