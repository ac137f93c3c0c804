package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/quotation"
)

// QuotationPolicy is the policy name of the margin-authority policy
// (quotation.Policy) for SetPolicy.
const QuotationPolicy = "quotation"

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
// margin under the policy in force.
func (h *Handler) DraftQuotation(ctx context.Context, m Meta, cmd DraftQuotation) (Result, error) {
	role, err := authorize(m, "DraftQuotation", quoteRoles...)
	if err != nil {
		return Result{}, err
	}
	c, _, err := load(ctx, h, customer.Stream(cmd.CustomerID), customer.Customer.Evolve)
	if err != nil {
		return Result{}, err
	}
	facts := quotation.CustomerFacts{Exists: c.Exists(), Abandoned: c.Stage == customer.StageAbandoned}
	d := quotation.Draft{
		QuotationID: cmd.QuotationID, CustomerID: cmd.CustomerID, Type: cmd.Type, Lines: cmd.Lines,
		CostBasisRef: cmd.CostBasisRef, DemandAssessment: cmd.DemandAssessment, ValidUntil: cmd.ValidUntil, Supersedes: cmd.Supersedes,
	}
	return h.quotationDecide(ctx, m, cmd.QuotationID, role, func(q quotation.Quotation, pol quotation.Policy, v string, at time.Time) ([]domain.Event, error) {
		return q.Draft(d, facts, pol, v, m.Actor.EmployeeID, at)
	})
}

// ReviseQuotation replaces a draft's lines; Meta.Reason says why.
type ReviseQuotation struct {
	QuotationID  string
	Lines        []quotation.Line
	CostBasisRef string
}

// ReviseQuotation records the new lines and margin.
func (h *Handler) ReviseQuotation(ctx context.Context, m Meta, cmd ReviseQuotation) (Result, error) {
	role, err := authorize(m, "ReviseQuotation", quoteRoles...)
	if err != nil {
		return Result{}, err
	}
	return h.quotationDecide(ctx, m, cmd.QuotationID, role, func(q quotation.Quotation, pol quotation.Policy, v string, at time.Time) ([]domain.Event, error) {
		return q.Revise(cmd.Lines, cmd.CostBasisRef, m.Reason, pol, v, m.Actor.EmployeeID, at)
	})
}

// SubmitQuotation sends a concrete quote to the approver its margin needs.
type SubmitQuotation struct {
	QuotationID string
}

// SubmitQuotation records the approval request.
func (h *Handler) SubmitQuotation(ctx context.Context, m Meta, cmd SubmitQuotation) (Result, error) {
	role, err := authorize(m, "SubmitQuotation", quoteRoles...)
	if err != nil {
		return Result{}, err
	}
	return h.quotationDecide(ctx, m, cmd.QuotationID, role, func(q quotation.Quotation, pol quotation.Policy, v string, at time.Time) ([]domain.Event, error) {
		return q.Submit(m.Actor.EmployeeID, pol, v, at)
	})
}

// IssueQuotation gives the quote to the customer.
type IssueQuotation struct {
	QuotationID string
}

// IssueQuotation issues an approved (or indicative) quote, or a concrete
// quote at or above the rep-authority margin with approval to follow (K7).
func (h *Handler) IssueQuotation(ctx context.Context, m Meta, cmd IssueQuotation) (Result, error) {
	role, err := authorize(m, "IssueQuotation", quoteRoles...)
	if err != nil {
		return Result{}, err
	}
	return h.quotationDecide(ctx, m, cmd.QuotationID, role, func(q quotation.Quotation, pol quotation.Policy, v string, at time.Time) ([]domain.Event, error) {
		return q.Issue(m.Actor.EmployeeID, role, pol, v, at)
	})
}

// quotationDecide runs one decision on the stream of quotation id under
// the margin-authority policy in force now, recording its version.
func (h *Handler) quotationDecide(ctx context.Context, m Meta, id string, role domain.Role, decide func(quotation.Quotation, quotation.Policy, string, time.Time) ([]domain.Event, error)) (Result, error) {
	pol, version := policyAt(h, QuotationPolicy, h.now(), quotation.DefaultPolicy)
	return execute(ctx, h, m, decision[quotation.Quotation]{
		stream: quotation.Stream(id), role: role, policyVersion: version, evolve: quotation.Quotation.Evolve,
		decide: func(q quotation.Quotation) ([]domain.Event, error) {
			return decide(q, pol, version, quotationTime(h, m))
		},
	})
}

// quotationTime is the business time of a quotation fact: the effective
// time the command names, or now.
func quotationTime(h *Handler, m Meta) time.Time {
	if !m.EffectiveAt.IsZero() {
		return m.EffectiveAt
	}
	return h.now()
}
