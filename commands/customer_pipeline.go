package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
)

// RecordVisit records a rep's visit to the customer on a registered outing.
type RecordVisit struct {
	CustomerID string
	Visit      customer.Visit
}

// RecordVisit records the visit and the stage change its outcome implies.
func (h *Customers) RecordVisit(ctx context.Context, m Meta, cmd RecordVisit) (Result, error) {
	role, err := authorize(m, "RecordVisit", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	at := m.businessTime(h.now)
	rep, _, err := h.customers.log.employees.Load(ctx, employee.Stream(m.Actor.EmployeeID))
	if err != nil {
		return Result{}, err
	}
	staff, _ := h.staff.at(at)
	visit := cmd.Visit
	visit.OutingOnDay = rep.OutingOn(visit.OutingRegistrationID, at, staff)
	return h.customerDecide(ctx, m, cmd.CustomerID, role, scopedCustomer(m, role, customerScope, func(c customer.Customer) ([]domain.Event, error) {
		return c.RecordVisit(visit, m.Actor.EmployeeID, role, at)
	}))
}

// StartNegotiation records that cooperation talks began.
type StartNegotiation struct {
	CustomerID string
}

// StartNegotiation moves a target or visited customer to NEGOTIATING.
func (h *Customers) StartNegotiation(ctx context.Context, m Meta, cmd StartNegotiation) (Result, error) {
	role, err := authorize(m, "StartNegotiation", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.customerDecide(ctx, m, cmd.CustomerID, role, scopedCustomer(m, role, customerScope, func(c customer.Customer) ([]domain.Event, error) {
		return c.StartNegotiation(m.Actor.EmployeeID, m.businessTime(h.now))
	}))
}

// MarkCustomerCooperating is the system's reaction to a signed contract
// (C9). SignedAt is the signing time from the contract.Signed event, when
// the reaction has it.
type MarkCustomerCooperating struct {
	CustomerID string
	ContractID string
	SignedAt   time.Time
}

// MarkCustomerCooperating loads the contract and moves the customer to
// COOPERATING only if that contract is signed and is the customer's.
func (h *Customers) MarkCustomerCooperating(ctx context.Context, m Meta, cmd MarkCustomerCooperating) (Result, error) {
	role, err := authorize(m, "MarkCustomerCooperating", domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	ct, _, err := h.contracts.Load(ctx, contract.Stream(cmd.ContractID))
	if err != nil {
		return Result{}, err
	}
	signed := customer.SignedContract{ContractID: cmd.ContractID, CustomerID: ct.CustomerID, Signed: contractWasSigned(ct), SignedAt: cmd.SignedAt}
	return h.customerDecide(ctx, m, cmd.CustomerID, role, func(c customer.Customer) ([]domain.Event, error) {
		return c.MarkCooperating(signed, m.businessTime(h.now))
	})
}

// contractWasSigned reports whether ct is signed now or was signed before
// it ran its course (a late reaction must still find it signed).
func contractWasSigned(ct contract.Contract) bool {
	if ct.IsSigned() || !ct.SignedAt.IsZero() {
		return true // a contract terminated after signing was still signed
	}
	switch ct.Status {
	case contract.StatusCompleted, contract.StatusClosed:
		return true
	}
	return false
}

// ParkCustomer keeps the customer on file without active pursuit;
// Meta.Reason says why.
type ParkCustomer struct {
	CustomerID string
}

// ParkCustomer records the parking.
func (h *Customers) ParkCustomer(ctx context.Context, m Meta, cmd ParkCustomer) (Result, error) {
	role, err := authorize(m, "ParkCustomer", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.customerDecide(ctx, m, cmd.CustomerID, role, scopedCustomer(m, role, customerScope, func(c customer.Customer) ([]domain.Event, error) {
		return c.Park(m.Reason, m.Actor.EmployeeID, role, m.businessTime(h.now))
	}))
}

// AbandonCustomer gives the customer up; Meta.Reason says why.
type AbandonCustomer struct {
	CustomerID string
}

// AbandonCustomer records the abandonment; a cooperating (or dormant)
// customer needs a department head, so an actor who holds that role acts
// under it.
func (h *Customers) AbandonCustomer(ctx context.Context, m Meta, cmd AbandonCustomer) (Result, error) {
	role, err := authorize(m, "AbandonCustomer", domain.RoleDeptHead, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.customerDecide(ctx, m, cmd.CustomerID, role, scopedCustomer(m, role, customerScope, func(c customer.Customer) ([]domain.Event, error) {
		return c.Abandon(m.Reason, m.Actor.EmployeeID, role, m.businessTime(h.now))
	}))
}

// ReactivateCustomer takes a parked, abandoned or dormant customer up
// again; Meta.Reason says why.
type ReactivateCustomer struct {
	CustomerID string
}

// ReactivateCustomer returns the customer to TARGET.
func (h *Customers) ReactivateCustomer(ctx context.Context, m Meta, cmd ReactivateCustomer) (Result, error) {
	role, err := authorize(m, "ReactivateCustomer", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.customerDecide(ctx, m, cmd.CustomerID, role, scopedCustomer(m, role, customerScope, func(c customer.Customer) ([]domain.Event, error) {
		return c.Reactivate(m.Reason, m.Actor.EmployeeID, m.businessTime(h.now))
	}))
}

// MarkCustomerDormant records that a cooperating customer has lapsed (a
// timed reaction of the system, or a department head's call; (D)).
type MarkCustomerDormant struct {
	CustomerID string
}

// MarkCustomerDormant moves a cooperating customer to DORMANT;
// Meta.Reason says why.
func (h *Customers) MarkCustomerDormant(ctx context.Context, m Meta, cmd MarkCustomerDormant) (Result, error) {
	role, err := authorize(m, "MarkCustomerDormant", domain.RoleSystem, domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.customerDecide(ctx, m, cmd.CustomerID, role, scopedCustomer(m, role, customerScope, func(c customer.Customer) ([]domain.Event, error) {
		return c.MarkDormant(m.Reason, m.businessTime(h.now))
	}))
}
