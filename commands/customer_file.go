package commands

import (
	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
)

// ClassifyCustomer places the customer in the classification scheme in
// force now; the scheme's version is recorded on the event.
type ClassifyCustomer struct {
	CustomerID     string
	Classification customer.Classification
}

// ClassifyCustomer records the classification (customer service or a
// department head).
func (h *Customers) ClassifyCustomer(ctx context.Context, m Meta, cmd ClassifyCustomer) (Result, error) {
	role, err := authorize(m, "ClassifyCustomer", domain.RoleCustomerService, domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	scheme, version := h.regulation.at(h.now())
	return h.customers.Update(ctx, m, customerDecision(cmd.CustomerID, role, version, scopedCustomer(m, role, customerScope, func(c customer.Customer) ([]domain.Event, error) {
		return c.Classify(cmd.Classification, scheme, version, m.Actor.EmployeeID, m.businessTime(h.now))
	})))
}

// SetRelationshipDepth records how deep the relationship has grown
// (informational only).
type SetRelationshipDepth struct {
	CustomerID string
	Depth      customer.Depth
}

// SetRelationshipDepth records the depth the owning rep sees.
func (h *Customers) SetRelationshipDepth(ctx context.Context, m Meta, cmd SetRelationshipDepth) (Result, error) {
	role, err := authorize(m, "SetRelationshipDepth", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.customerDecide(ctx, m, cmd.CustomerID, role, func(c customer.Customer) ([]domain.Event, error) {
		return c.SetRelationshipDepth(cmd.Depth, m.Actor.EmployeeID, role, m.businessTime(h.now))
	})
}

// ReassignCustomer hands the customer to another rep; Meta.Reason says why
// (e.g. the owner's departure).
type ReassignCustomer struct {
	CustomerID string
	ToRepID    string
}

// ReassignCustomer records the handover (department head only).
func (h *Customers) ReassignCustomer(ctx context.Context, m Meta, cmd ReassignCustomer) (Result, error) {
	role, err := authorize(m, "ReassignCustomer", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.customerDecide(ctx, m, cmd.CustomerID, role, func(c customer.Customer) ([]domain.Event, error) {
		return c.Reassign(cmd.ToRepID, m.Reason, m.Actor.EmployeeID, m.Actor.OrgUnitID, m.businessTime(h.now))
	})
}

// ConfirmMonthlyFileReview confirms this calendar month's review of the
// file (C4).
type ConfirmMonthlyFileReview struct {
	CustomerID string
}

// ConfirmMonthlyFileReview records the review once per calendar month of
// the handler's clock; a second confirmation in the month records nothing.
func (h *Customers) ConfirmMonthlyFileReview(ctx context.Context, m Meta, cmd ConfirmMonthlyFileReview) (Result, error) {
	role, err := authorize(m, "ConfirmMonthlyFileReview", domain.RoleSalesAssistant, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.customerDecide(ctx, m, cmd.CustomerID, role, func(c customer.Customer) ([]domain.Event, error) {
		return c.ReviewFile(m.Actor.EmployeeID, role, h.now())
	})
}
