package api

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
)

const quotationTag = "Quotations"

func quotationRoutes(s *Server, rt *routes) {
	create(rt, "/quotations", quotationTag, "Draft a quotation for a registered customer (C6)", s.draftQuotation)
	command(rt, "/quotations/{id}/revise", quotationTag, "Replace a draft's lines", s.reviseQuotation)
	command(rt, "/quotations/{id}/submit", quotationTag, "Send the quote to the approver its margin needs (K7)", s.submitQuotation)
	command(rt, "/quotations/{id}/issue", quotationTag, "Give the quote to the customer (K7)", s.issueQuotation)
	command(rt, "/quotations/{id}/approve", quotationTag, "Approve the quote (K7 approver, or after the fact)", s.approveQuotation)
	command(rt, "/quotations/{id}/reject", quotationTag, "Refuse approval; the reason says why", s.rejectQuotation)
	command(rt, "/quotations/{id}/accepted", quotationTag, "Record the customer's acceptance", s.recordQuotationAccepted)
	command(rt, "/quotations/{id}/rejected-by-customer", quotationTag, "Record that the customer turned the quote down", s.recordQuotationRejectedByCustomer)
	command(rt, "/quotations/{id}/supersede", quotationTag, "Record that a newer quotation replaces this one", s.supersedeQuotation)
	command(rt, "/quotations/{id}/expire", quotationTag, "Record that the open quote lapsed", s.expireQuotation)
	quotationQueryRoutes(s, rt)
	quotationCostRoutes(s, rt)
}

// QuotationLineRequest is one line; amounts are decimal strings ("1234.50").
type QuotationLineRequest struct {
	Product   string `json:"product"`
	Quantity  int64  `json:"quantity"`
	UnitPrice string `json:"unit_price"`
	UnitCost  string `json:"unit_cost"`
}

func quotationLines(in []QuotationLineRequest) ([]quotation.Line, error) {
	out := make([]quotation.Line, len(in))
	for i, l := range in {
		price, err := salesCycleMoney(fmt.Sprintf("lines[%d].unit_price", i), l.UnitPrice)
		if err != nil {
			return nil, err
		}
		cost, err := salesCycleMoney(fmt.Sprintf("lines[%d].unit_cost", i), l.UnitCost)
		if err != nil {
			return nil, err
		}
		out[i] = quotation.Line{Product: l.Product, Quantity: l.Quantity, UnitPrice: price, UnitCost: cost}
	}
	return out, nil
}

// DraftQuotationRequest is a quote as the rep prepares it; type is one of
// ORAL, WRITTEN_INITIAL, WRITTEN_SECOND, WRITTEN_FINAL.
type DraftQuotationRequest struct {
	Envelope
	CustomerID       string                 `json:"customer_id"`
	Type             string                 `json:"type"`
	Lines            []QuotationLineRequest `json:"lines"`
	CostBasisRef     string                 `json:"cost_basis_ref,omitempty"`
	DemandAssessment string                 `json:"demand_assessment,omitempty"`
	ValidUntil       *time.Time             `json:"valid_until,omitempty"`
	Supersedes       string                 `json:"supersedes,omitempty"`
}

func (s *Server) draftQuotation(ctx context.Context, m commands.Meta, id string, req DraftQuotationRequest) (commands.Result, error) {
	lines, err := quotationLines(req.Lines)
	if err != nil {
		return commands.Result{}, err
	}
	cmd := commands.DraftQuotation{QuotationID: id, CustomerID: req.CustomerID, Type: quotation.Type(req.Type), Lines: lines,
		CostBasisRef: req.CostBasisRef, DemandAssessment: req.DemandAssessment, Supersedes: req.Supersedes}
	if req.ValidUntil != nil {
		cmd.ValidUntil = *req.ValidUntil
	}
	return s.Commands.Quotations.DraftQuotation(ctx, m, cmd)
}

// ReviseQuotationRequest replaces a draft's lines; the reason says why.
type ReviseQuotationRequest struct {
	Envelope
	Lines        []QuotationLineRequest `json:"lines"`
	CostBasisRef string                 `json:"cost_basis_ref,omitempty"`
}

func (s *Server) reviseQuotation(ctx context.Context, m commands.Meta, id string, req ReviseQuotationRequest) (commands.Result, error) {
	lines, err := quotationLines(req.Lines)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Quotations.ReviseQuotation(ctx, m, commands.ReviseQuotation{QuotationID: id, Lines: lines, CostBasisRef: req.CostBasisRef})
}

// QuotationStepRequest is a quotation step that needs nothing but the
// envelope (its reason, for a refusal).
type QuotationStepRequest struct {
	Envelope
}

func (s *Server) submitQuotation(ctx context.Context, m commands.Meta, id string, _ QuotationStepRequest) (commands.Result, error) {
	return s.Commands.Quotations.SubmitQuotation(ctx, m, commands.SubmitQuotation{QuotationID: id})
}

func (s *Server) issueQuotation(ctx context.Context, m commands.Meta, id string, _ QuotationStepRequest) (commands.Result, error) {
	return s.Commands.Quotations.IssueQuotation(ctx, m, commands.IssueQuotation{QuotationID: id})
}

// ApproveQuotationRequest carries the approver's comment.
type ApproveQuotationRequest struct {
	Envelope
	Comment string `json:"comment,omitempty"`
}

func (s *Server) approveQuotation(ctx context.Context, m commands.Meta, id string, req ApproveQuotationRequest) (commands.Result, error) {
	return s.Commands.Quotations.ApproveQuotation(ctx, m, commands.ApproveQuotation{QuotationID: id, Comment: req.Comment})
}

func (s *Server) rejectQuotation(ctx context.Context, m commands.Meta, id string, _ QuotationStepRequest) (commands.Result, error) {
	return s.Commands.Quotations.RejectQuotation(ctx, m, commands.RejectQuotation{QuotationID: id})
}

func (s *Server) recordQuotationAccepted(ctx context.Context, m commands.Meta, id string, _ QuotationStepRequest) (commands.Result, error) {
	return s.Commands.Quotations.RecordQuotationAccepted(ctx, m, commands.RecordQuotationAccepted{QuotationID: id})
}

func (s *Server) recordQuotationRejectedByCustomer(ctx context.Context, m commands.Meta, id string, _ QuotationStepRequest) (commands.Result, error) {
	return s.Commands.Quotations.RecordQuotationRejectedByCustomer(ctx, m, commands.RecordQuotationRejectedByCustomer{QuotationID: id})
}

// SupersedeQuotationRequest names the quotation that replaces this one.
type SupersedeQuotationRequest struct {
	Envelope
	SupersededBy string `json:"superseded_by"`
}

func (s *Server) supersedeQuotation(ctx context.Context, m commands.Meta, id string, req SupersedeQuotationRequest) (commands.Result, error) {
	return s.Commands.Quotations.SupersedeQuotation(ctx, m, commands.SupersedeQuotation{QuotationID: id, SupersededBy: req.SupersededBy})
}

func (s *Server) expireQuotation(ctx context.Context, m commands.Meta, id string, _ QuotationStepRequest) (commands.Result, error) {
	return s.Commands.Quotations.ExpireQuotation(ctx, m, commands.ExpireQuotation{QuotationID: id})
}

// salesCycleMoney parses an amount of the default currency; an empty
// string is zero (the domain says when an amount is required).
func salesCycleMoney(field, s string) (domain.Money, error) {
	if s == "" {
		return domain.Fen(0), nil
	}
	v, err := domain.ParseMoney(s, "")
	if err != nil {
		return domain.Money{}, domain.InvalidField(field, "must be a decimal amount such as 1234.50")
	}
	return v, nil
}
