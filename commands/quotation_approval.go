package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/quotation"
)

// quoteApproverRoles are the K7 approvers, highest authority first.
var quoteApproverRoles = []domain.Role{domain.RoleGM, domain.RoleGMOffice, domain.RoleDeptHead}

// ApproveQuotation records an approver's approval of a quotation that
// needs it under the margin-authority regulation (K7), or the after-the-fact
// approval of one a rep issued under their own authority.
type ApproveQuotation struct {
	QuotationID string
	Comment     string
}

// ApproveQuotation approves; whether the acting role suffices for the
// margin is decided by the quotation.
func (h *Quotations) ApproveQuotation(ctx context.Context, m Meta, cmd ApproveQuotation) (Result, error) {
	role, err := h.quoteApprover(ctx, m, "ApproveQuotation", cmd.QuotationID)
	if err != nil {
		return Result{}, err
	}
	return h.quotationDecide(ctx, m, cmd.QuotationID, role, func(q quotation.Quotation, reg quotation.Regulation, v string, at time.Time) ([]domain.Event, error) {
		if err := h.headsQuoteUnit(ctx, m, role, q); err != nil {
			return nil, err
		}
		return q.Approve(m.Actor.EmployeeID, role, cmd.Comment, reg, v, at)
	})
}

// RejectQuotation records an approver's refusal; Meta.Reason says why.
type RejectQuotation struct {
	QuotationID string
}

// RejectQuotation returns a pending quote to its drafter, or marks a
// refused after-the-fact approval.
func (h *Quotations) RejectQuotation(ctx context.Context, m Meta, cmd RejectQuotation) (Result, error) {
	role, err := h.quoteApprover(ctx, m, "RejectQuotation", cmd.QuotationID)
	if err != nil {
		return Result{}, err
	}
	return h.quotationDecide(ctx, m, cmd.QuotationID, role, func(q quotation.Quotation, reg quotation.Regulation, v string, at time.Time) ([]domain.Event, error) {
		if err := h.headsQuoteUnit(ctx, m, role, q); err != nil {
			return nil, err
		}
		return q.Reject(m.Actor.EmployeeID, role, m.Reason, reg, v, at)
	})
}

// headsQuoteUnit refuses a department head who does not head the unit of
// the quoted customer (§1.5: the approver is the DEPT_HEAD of the
// submitter's department); the GM office and the GM approve company-wide.
func (h *Quotations) headsQuoteUnit(ctx context.Context, m Meta, role domain.Role, q quotation.Quotation) error {
	if role != domain.RoleDeptHead || !q.Exists() {
		return nil
	}
	c, _, err := h.customers.Load(ctx, customer.Stream(q.CustomerID))
	if err != nil {
		return err
	}
	return headsUnit(m, role, c.OrgUnitID)
}

// quoteApprover picks the role an approver acts under: the role the
// quotation's tier names when the actor holds it (so the record shows the
// regulation's approver), otherwise the actor's highest approver role.
func (h *Quotations) quoteApprover(ctx context.Context, m Meta, name, id string) (domain.Role, error) {
	role, err := authorize(m, name, quoteApproverRoles...)
	if err != nil {
		return "", err
	}
	q, _, err := h.quotations.Load(ctx, quotation.Stream(id))
	if err != nil {
		return "", err
	}
	reg, _ := h.regulation.at(m.businessTime(h.now))
	if need := reg.Tier(q.MarginRatio()).ApproverRole(); q.Exists() && m.Actor.Has(need) {
		return need, nil
	}
	return role, nil
}

// RecordQuotationAccepted records that the customer accepted an issued quote.
type RecordQuotationAccepted struct {
	QuotationID string
}

// RecordQuotationAccepted records the acceptance.
func (h *Quotations) RecordQuotationAccepted(ctx context.Context, m Meta, cmd RecordQuotationAccepted) (Result, error) {
	return h.quoteOutcome(ctx, m, "RecordQuotationAccepted", cmd.QuotationID, quoteRoles, func(q quotation.Quotation, at time.Time) ([]domain.Event, error) {
		return q.Accept(m.Actor.EmployeeID, at)
	})
}

// RecordQuotationRejectedByCustomer records that the customer turned an
// issued quote down; Meta.Reason says why.
type RecordQuotationRejectedByCustomer struct {
	QuotationID string
}

// RecordQuotationRejectedByCustomer records the refusal.
func (h *Quotations) RecordQuotationRejectedByCustomer(ctx context.Context, m Meta, cmd RecordQuotationRejectedByCustomer) (Result, error) {
	return h.quoteOutcome(ctx, m, "RecordQuotationRejectedByCustomer", cmd.QuotationID, quoteRoles, func(q quotation.Quotation, at time.Time) ([]domain.Event, error) {
		return q.RejectByCustomer(m.Reason, m.Actor.EmployeeID, at)
	})
}

// SupersedeQuotation records that a newer quotation replaces this one.
type SupersedeQuotation struct {
	QuotationID  string
	SupersededBy string
}

// SupersedeQuotation records the replacement.
func (h *Quotations) SupersedeQuotation(ctx context.Context, m Meta, cmd SupersedeQuotation) (Result, error) {
	return h.quoteOutcome(ctx, m, "SupersedeQuotation", cmd.QuotationID, quoteRoles, func(q quotation.Quotation, at time.Time) ([]domain.Event, error) {
		return q.Supersede(cmd.SupersededBy, m.Actor.EmployeeID, at)
	})
}

// ExpireQuotation records that an open quote lapsed (a timed reaction of
// the system, or the rep).
type ExpireQuotation struct {
	QuotationID string
}

// ExpireQuotation records the expiry.
func (h *Quotations) ExpireQuotation(ctx context.Context, m Meta, cmd ExpireQuotation) (Result, error) {
	roles := append([]domain.Role{domain.RoleSystem}, quoteRoles...)
	return h.quoteOutcome(ctx, m, "ExpireQuotation", cmd.QuotationID, roles, func(q quotation.Quotation, at time.Time) ([]domain.Event, error) {
		return q.Expire(at)
	})
}

func (h *Quotations) quoteOutcome(ctx context.Context, m Meta, name, id string, roles []domain.Role, decide func(quotation.Quotation, time.Time) ([]domain.Event, error)) (Result, error) {
	role, err := authorize(m, name, roles...)
	if err != nil {
		return Result{}, err
	}
	return h.quotationDecide(ctx, m, id, role, func(q quotation.Quotation, _ quotation.Regulation, _ string, at time.Time) ([]domain.Event, error) {
		return decide(q, at)
	})
}
