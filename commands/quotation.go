package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/quotation"
)

// Quotations handles the commands on quotations: drafting, approval under
// the margin-authority regulation, and the customer's answer.
type Quotations struct {
	quotations repository[quotation.Quotation]
	customers  repository[customer.Customer] // the customer a quote is for
	regulation regulation[quotation.Regulation]
	now        func() time.Time
}

func newQuotations(log *eventLog, versions *domain.RegulationVersions[quotation.Regulation]) *Quotations {
	return &Quotations{
		quotations: newRepository(log, quotation.Quotation.Evolve, "quotation"),
		customers:  newRepository(log, customer.Customer.Evolve, "customer file"),
		regulation: newRegulation(quotationRegulation, versions, quotation.DefaultRegulation),
		now:        log.now,
	}
}

// quoteRoles prepare and issue quotes; a sales rep first, so that an actor
// who is a rep can issue under rep authority (K7).
var quoteRoles = []domain.Role{domain.RoleSalesRep, domain.RoleSalesAssistant}

// DraftQuotation prepares a quote for a customer whose file exists (C6).
type DraftQuotation struct {
	QuotationID      string
	CustomerID       string
	Type             quotation.Type
	Lines            []quotation.Line
	CostBasisRef     string
	DemandAssessment string
	ValidUntil       time.Time
	Supersedes       string
}

// DraftQuotation loads the customer file and drafts the quote with its
// margin under the regulation in force.
func (h *Quotations) DraftQuotation(ctx context.Context, m Meta, cmd DraftQuotation) (Result, error) {
	role, err := authorize(m, "DraftQuotation", quoteRoles...)
	if err != nil {
		return Result{}, err
	}
	c, _, err := h.customers.Load(ctx, customer.Stream(cmd.CustomerID))
	if err != nil {
		return Result{}, err
	}
	facts := quotation.CustomerFacts{Exists: c.Exists(), Abandoned: c.Stage == customer.StageAbandoned}
	d := quotation.Draft{
		QuotationID: cmd.QuotationID, CustomerID: cmd.CustomerID, Type: cmd.Type, Lines: cmd.Lines,
		CostBasisRef: cmd.CostBasisRef, DemandAssessment: cmd.DemandAssessment, ValidUntil: cmd.ValidUntil, Supersedes: cmd.Supersedes,
	}
	return h.quotationDecide(ctx, m, cmd.QuotationID, role, func(q quotation.Quotation, reg quotation.Regulation, v string, at time.Time) ([]domain.Event, error) {
		return q.Draft(d, facts, reg, v, m.Actor.EmployeeID, at)
	})
}

// ReviseQuotation replaces a draft's lines; Meta.Reason says why.
type ReviseQuotation struct {
	QuotationID  string
	Lines        []quotation.Line
	CostBasisRef string
}

// ReviseQuotation records the new lines and margin.
func (h *Quotations) ReviseQuotation(ctx context.Context, m Meta, cmd ReviseQuotation) (Result, error) {
	role, err := authorize(m, "ReviseQuotation", quoteRoles...)
	if err != nil {
		return Result{}, err
	}
	return h.quotationDecide(ctx, m, cmd.QuotationID, role, func(q quotation.Quotation, reg quotation.Regulation, v string, at time.Time) ([]domain.Event, error) {
		return q.Revise(cmd.Lines, cmd.CostBasisRef, m.Reason, reg, v, m.Actor.EmployeeID, at)
	})
}

// SubmitQuotation sends a concrete quote to the approver its margin needs.
type SubmitQuotation struct {
	QuotationID string
}

// SubmitQuotation records the approval request.
func (h *Quotations) SubmitQuotation(ctx context.Context, m Meta, cmd SubmitQuotation) (Result, error) {
	role, err := authorize(m, "SubmitQuotation", quoteRoles...)
	if err != nil {
		return Result{}, err
	}
	return h.quotationDecide(ctx, m, cmd.QuotationID, role, func(q quotation.Quotation, reg quotation.Regulation, v string, at time.Time) ([]domain.Event, error) {
		return q.Submit(m.Actor.EmployeeID, reg, v, at)
	})
}

// IssueQuotation gives the quote to the customer.
type IssueQuotation struct {
	QuotationID string
}

// IssueQuotation issues an approved (or indicative) quote, or a concrete
// quote at or above the rep-authority margin with approval to follow (K7).
func (h *Quotations) IssueQuotation(ctx context.Context, m Meta, cmd IssueQuotation) (Result, error) {
	role, err := authorize(m, "IssueQuotation", quoteRoles...)
	if err != nil {
		return Result{}, err
	}
	return h.quotationDecide(ctx, m, cmd.QuotationID, role, func(q quotation.Quotation, reg quotation.Regulation, v string, at time.Time) ([]domain.Event, error) {
		return q.Issue(m.Actor.EmployeeID, role, reg, v, at)
	})
}

// quotationDecide runs one decision on the stream of quotation id under
// the margin-authority regulation in force at its business time, recording its version.
func (h *Quotations) quotationDecide(ctx context.Context, m Meta, id string, role domain.Role, decide func(quotation.Quotation, quotation.Regulation, string, time.Time) ([]domain.Event, error)) (Result, error) {
	reg, version := h.regulation.at(m.businessTime(h.now))
	return h.quotations.Update(ctx, m, decision[quotation.Quotation]{
		stream: quotation.Stream(id), role: role, regulation: version,
		decide: func(q quotation.Quotation) ([]domain.Event, error) {
			return decide(q, reg, version, m.businessTime(h.now))
		},
	})
}
