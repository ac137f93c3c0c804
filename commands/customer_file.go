package commands

import (
	"context"
	"errors"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
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
	scheme, version := h.regulation.at(m.businessTime(h.now))
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

// ReassignCustomer records the handover (department head only) on the
// customer's stream and the portfolios of the new owner and the previous
// owner, in one atomic append (a joint decision): the new owner's
// departure (its start and its completion) and the reassignment to them
// touch one stream, their portfolio, so they never both succeed
// (E-departure), and no customer goes to an employee whose portfolio is
// frozen, their departure under way or done (E-reassign-leaving).
func (h *Customers) ReassignCustomer(ctx context.Context, m Meta, cmd ReassignCustomer) (Result, error) {
	role, err := authorize(m, "ReassignCustomer", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	if err := h.customers.log.checkMeta(ctx, m, role); err != nil {
		return Result{}, err
	}
	for range maxAttempts {
		from, err := h.currentOwner(ctx, cmd.CustomerID)
		if err != nil {
			return Result{}, err
		}
		res, err := h.reassignFrom(ctx, m, role, cmd, from)
		if !errors.Is(err, errOwnerMoved) {
			return res, err
		}
	}
	return Result{}, &ChangedMeanwhile{Subject: "customer file", cause: errOwnerMoved}
}

// errOwnerMoved says the customer's owner changed between the look that
// chose the previous owner's portfolio and the decision: look again.
var errOwnerMoved = errors.New("the customer's owner changed meanwhile")

// currentOwner reads who owns the customer now, to know which portfolio
// the reassignment hands it over from.
func (h *Customers) currentOwner(ctx context.Context, customerID string) (string, error) {
	c, _, err := h.customers.Load(ctx, customer.Stream(customerID))
	return c.OwnerRepID, err
}

// reassignFrom decides the reassignment on the customer, its new owner
// and its owner from, as the look saw it.
func (h *Customers) reassignFrom(ctx context.Context, m Meta, role domain.Role, cmd ReassignCustomer, from string) (Result, error) {
	at := m.businessTime(h.now)
	file := joinOn(h.customers, customer.Stream(cmd.CustomerID))
	to := joinOn(h.portfolios, employee.PortfolioStream(cmd.ToRepID))
	previous := joinOn(h.portfolios, employee.PortfolioStream(from))
	// The new owner first, the previous last: a prefix left behind by a
	// store without an atomic multi-stream append refuses, never allows.
	parts := []jointPart{to, file, previous}
	if from == "" || from == cmd.ToRepID {
		parts = []jointPart{to, file}
	}
	return h.customers.log.decideJointly(ctx, m, joint{
		role: role, subject: "customer file", parts: parts, primary: file,
		decide: func() error {
			c := file.State()
			events, err := c.Reassign(cmd.ToRepID, m.Reason, m.Actor.EmployeeID, m.Actor.OrgUnitID, at)
			if err != nil || len(events) == 0 {
				return err
			}
			if c.OwnerRepID != from {
				return errOwnerMoved
			}
			taken, err := to.State().TakeCustomer(cmd.ToRepID, cmd.CustomerID, at)
			if err != nil {
				return err
			}
			to.RecordUndoable(taken, to.State().HandOverCustomer(cmd.ToRepID, cmd.CustomerID, from, at)...)
			file.Record(events...)
			if from != "" {
				previous.Record(previous.State().HandOverCustomer(from, cmd.CustomerID, cmd.ToRepID, at)...)
			}
			return nil
		},
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
