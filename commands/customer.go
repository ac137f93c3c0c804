package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
)

// Customers handles the commands on customer files: registration, the
// file, the sales pipeline and customer service.
type Customers struct {
	customers  repository[customer.Customer]
	numbers    repository[customer.NumberClaim]
	portfolios repository[employee.Portfolio] // the owning reps' customer portfolios
	contracts  repository[contract.Contract]  // the signed contract a cooperation rests on
	// regulation is the customer classification scheme in force.
	regulation regulation[customer.ClassificationScheme]
	// staff is the employee regulation, whose company calendar decides
	// which day a visit and an outing fall on (§2.1.4-outing).
	staff regulation[employee.Regulation]
	now   func() time.Time
}

func newCustomers(log *eventLog, classification *domain.RegulationVersions[customer.ClassificationScheme], staff *domain.RegulationVersions[employee.Regulation]) *Customers {
	return &Customers{
		customers:  newRepository(log, customer.Customer.Evolve, "customer file"),
		numbers:    newRepository(log, customer.NumberClaim.Evolve, "customer number"),
		portfolios: log.portfolios,
		contracts:  newRepository(log, contract.Contract.Evolve, "contract"),
		regulation: newRegulation(classificationRegulation, classification, customer.DefaultClassificationScheme),
		staff:      newRegulation(employeeRegulation, staff, employee.DefaultRegulation),
		now:        log.now,
	}
}

// customerFacingRoles may log contacts and record feedback ("any
// customer-facing role", §2.1.4-feedback).
var customerFacingRoles = []domain.Role{
	domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor, domain.RoleBranchManager,
	domain.RoleCustomerService, domain.RoleSalesAssistant, domain.RoleSalesMgmt, domain.RoleSalesRep,
}

// RegisterTargetCustomer opens the file of a target customer (C1, C2).
// OwnerRepID defaults to the acting rep; OrgUnitID to the actor's unit.
type RegisterTargetCustomer struct {
	CustomerID     string
	Number         string
	Name           string
	Address        string
	PrimaryContact string
	Phone          string
	Source         customer.Source
	OwnerRepID     string
	OrgUnitID      string
	Region         string
}

// RegisterTargetCustomer claims the customer number, registers the
// customer and records it in its owning rep's portfolio in one atomic append
// (a joint decision): a failure, a crash or a lost database connection
// leaves all three or none, so a number is never held by a customer that
// does not exist, and a retry, with or without the first idempotency key,
// finds either the registration (a replay, or ErrAlreadyRegistered) or a
// free number. The number is unique across customers because its claim is
// the first event of its own stream (customer.NumberStream), appended at
// "no stream": a second registration with the same number conflicts and
// fails with customer.ErrNumberTaken. The owning rep's portfolio may not be
// frozen, their departure under way or done (E-reassign-leaving); nothing
// is appended to the rep's own stream. Input is validated before anything
// is read.
func (h *Customers) RegisterTargetCustomer(ctx context.Context, m Meta, cmd RegisterTargetCustomer) (Result, error) {
	role, err := authorize(m, "RegisterTargetCustomer", domain.RoleSalesRep, domain.RoleSalesAssistant, domain.RoleCustomerService)
	if err != nil {
		return Result{}, err
	}
	reg := cmd.registration(m, role)
	if err := reg.Validate(); err != nil {
		return Result{}, err
	}
	if err := h.customers.log.checkMeta(ctx, m, role); err != nil {
		return Result{}, err
	}
	at := m.businessTime(h.now)
	number := joinOn(h.numbers, customer.NumberStream(reg.Number))
	number.fresh = true // a number being claimed is presumed new
	file := joinOn(h.customers, customer.Stream(reg.CustomerID))
	owner := joinOn(h.portfolios, employee.PortfolioStream(reg.OwnerRepID))
	// Claims first, the file last: on a store without an atomic
	// multi-stream append, a prefix left behind refuses, never allows.
	parts := []jointPart{number, owner, file}
	if reg.OwnerRepID == "" {
		parts = []jointPart{number, file}
	}
	return h.customers.log.decideJointly(ctx, m, joint{
		role: role, subject: "customer file", parts: parts, primary: file,
		decide: func() error {
			opened, err := file.State().Register(reg, m.Actor.EmployeeID, at)
			if err != nil {
				return err
			}
			claim, err := number.State().Claim(reg.Number, reg.CustomerID, m.Actor.EmployeeID, at)
			if err != nil {
				return err
			}
			number.RecordUndoable(claim, number.State().Release(reg.Number, reg.CustomerID, at)...)
			if reg.OwnerRepID != "" {
				taken, err := owner.State().TakeCustomer(reg.OwnerRepID, reg.CustomerID, at)
				if err != nil {
					return err
				}
				owner.RecordUndoable(taken, owner.State().HandOverCustomer(reg.OwnerRepID, reg.CustomerID, "", at)...)
			}
			file.Record(opened...)
			return nil
		},
	})
}

func (cmd RegisterTargetCustomer) registration(m Meta, role domain.Role) customer.Registration {
	owner, unit := cmd.OwnerRepID, cmd.OrgUnitID
	if owner == "" && role == domain.RoleSalesRep {
		owner = m.Actor.EmployeeID
	}
	if unit == "" {
		unit = m.Actor.OrgUnitID
	}
	return customer.Registration{
		CustomerID: cmd.CustomerID, Number: cmd.Number, Name: cmd.Name, Address: cmd.Address,
		PrimaryContact: cmd.PrimaryContact, Phone: cmd.Phone, Source: cmd.Source,
		OwnerRepID: owner, OrgUnitID: unit, Region: cmd.Region,
	}
}

// UpdateCustomerProfile changes fields of the customer file; Meta.Reason
// is the change reason the file records (C3).
type UpdateCustomerProfile struct {
	CustomerID string
	Changes    map[string]string // field → new value, see customer.ProfileFields
}

// UpdateCustomerProfile records field-level changes to the file. A sales
// rep may change only the customers they own.
func (h *Customers) UpdateCustomerProfile(ctx context.Context, m Meta, cmd UpdateCustomerProfile) (Result, error) {
	role, err := authorize(m, "UpdateCustomerProfile", domain.RoleDeptHead, domain.RoleCustomerService, domain.RoleSalesAssistant, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.customerDecide(ctx, m, cmd.CustomerID, role, scopedCustomer(m, role, customerScope, func(c customer.Customer) ([]domain.Event, error) {
		return c.UpdateProfile(cmd.Changes, m.Reason, m.Actor.EmployeeID, role, m.businessTime(h.now))
	}))
}

// AddKeyContact adds a key person of the customer's organisation.
type AddKeyContact struct {
	CustomerID string
	Contact    customer.KeyContact
}

// AddKeyContact records a key person (owning rep or customer service).
func (h *Customers) AddKeyContact(ctx context.Context, m Meta, cmd AddKeyContact) (Result, error) {
	return h.keyContact(ctx, m, "AddKeyContact", cmd.CustomerID, func(c customer.Customer, role domain.Role, at time.Time) ([]domain.Event, error) {
		return c.AddKeyContact(cmd.Contact, m.Actor.EmployeeID, role, at)
	})
}

// UpdateKeyContact replaces a key person's role and personal data.
type UpdateKeyContact struct {
	CustomerID string
	Contact    customer.KeyContact
}

// UpdateKeyContact records a key person's new values.
func (h *Customers) UpdateKeyContact(ctx context.Context, m Meta, cmd UpdateKeyContact) (Result, error) {
	return h.keyContact(ctx, m, "UpdateKeyContact", cmd.CustomerID, func(c customer.Customer, role domain.Role, at time.Time) ([]domain.Event, error) {
		return c.UpdateKeyContact(cmd.Contact, m.Actor.EmployeeID, role, at)
	})
}

// RemoveKeyContact takes a key person off the file; Meta.Reason says why.
type RemoveKeyContact struct {
	CustomerID string
	ContactID  string
}

// RemoveKeyContact records the removal of a key person.
func (h *Customers) RemoveKeyContact(ctx context.Context, m Meta, cmd RemoveKeyContact) (Result, error) {
	return h.keyContact(ctx, m, "RemoveKeyContact", cmd.CustomerID, func(c customer.Customer, role domain.Role, at time.Time) ([]domain.Event, error) {
		return c.RemoveKeyContact(cmd.ContactID, m.Reason, m.Actor.EmployeeID, role, at)
	})
}

func (h *Customers) keyContact(ctx context.Context, m Meta, name, customerID string, decide func(customer.Customer, domain.Role, time.Time) ([]domain.Event, error)) (Result, error) {
	role, err := authorize(m, name, domain.RoleCustomerService, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.customerDecide(ctx, m, customerID, role, func(c customer.Customer) ([]domain.Event, error) {
		return decide(c, role, m.businessTime(h.now))
	})
}

// LogContact records a contact with a contact person of the customer.
type LogContact struct {
	CustomerID string
	Entry      customer.ContactEntry
}

// LogContact appends to the contact log; the acting employee is the
// company's side of the contact.
func (h *Customers) LogContact(ctx context.Context, m Meta, cmd LogContact) (Result, error) {
	role, err := authorize(m, "LogContact", customerFacingRoles...)
	if err != nil {
		return Result{}, err
	}
	return h.customerDecide(ctx, m, cmd.CustomerID, role, func(c customer.Customer) ([]domain.Event, error) {
		return c.LogContact(cmd.Entry, m.Actor.EmployeeID, m.businessTime(h.now))
	})
}

// customerDecide runs one decision on the stream of customer id, under
// no regulation.
func (h *Customers) customerDecide(ctx context.Context, m Meta, id string, role domain.Role, decide func(customer.Customer) ([]domain.Event, error)) (Result, error) {
	return h.customers.Update(ctx, m, customerDecision(id, role, "", decide))
}

// customerDecision is a decision on the stream of customer id; regulation
// is the version of the regulation it applies, if any.
func customerDecision(id string, role domain.Role, regulation string, decide func(customer.Customer) ([]domain.Event, error)) decision[customer.Customer] {
	return decision[customer.Customer]{
		stream: customer.Stream(id), role: role, regulation: regulation,
		decide: decide,
	}
}
