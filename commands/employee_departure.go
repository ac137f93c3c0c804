package commands

import (
	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// InitiateDeparture starts a resignation (by the employee themself), a
// dismissal (HR) or an automatic resignation (the system or HR).
type InitiateDeparture struct {
	EmployeeID string
	Type       employee.DepartureType
	Reason     string
	Basis      *employee.RecordRef
}

// InitiateDeparture records employee.DepartureInitiated and, in the same
// atomic append, freezes the employee's customer portfolio
// (employee.PortfolioFrozen): from then on no customer is registered or
// reassigned to them (E-reassign-leaving).
func (h *Employees) InitiateDeparture(ctx context.Context, m Meta, cmd InitiateDeparture) (Result, error) {
	role, err := authorizeDeparture(m, cmd)
	if err != nil {
		return Result{}, err
	}
	at := h.now()
	return h.onEmployeeWithPortfolio(ctx, m, cmd.EmployeeID, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.InitiateDeparture(cmd.Type, cmd.Reason, cmd.Basis, at)
	}, freezeOnDeparture(cmd.EmployeeID, at))
}

func authorizeDeparture(m Meta, cmd InitiateDeparture) (domain.Role, error) {
	switch cmd.Type {
	case employee.DepartureResign:
		return authorizeSelf(m, "InitiateDeparture(RESIGN)", cmd.EmployeeID, domain.AllRoles()...)
	case employee.DepartureAutoResign:
		return authorize(m, "InitiateDeparture(AUTO_RESIGN)", domain.RoleSystem, domain.RoleHR)
	case employee.DepartureDismiss:
		return authorize(m, "InitiateDeparture", domain.RoleHR)
	}
	// An unknown type is the caller's mistake (422), whoever asks: no role
	// could issue it, so a 403 would send them looking for one.
	if _, err := authorize(m, "InitiateDeparture", domain.AllRoles()...); err != nil {
		return "", err
	}
	return "", employee.ErrBadDepartureType
}

// SummarilyDismiss dismisses an employee at once for an outside part-time
// job (E9) or serious disclosure or slacking (E10); pay is forfeited.
type SummarilyDismiss struct {
	EmployeeID string
	Violation  employee.Violation
	Reason     string
}

// SummarilyDismiss records employee.DepartureInitiated of type
// SUMMARY_DISMISSAL and freezes the employee's customer portfolio, as
// InitiateDeparture does.
func (h *Employees) SummarilyDismiss(ctx context.Context, m Meta, cmd SummarilyDismiss) (Result, error) {
	role, err := authorize(m, "SummarilyDismiss", domain.RoleHR, domain.RoleGM)
	if err != nil {
		return Result{}, err
	}
	at := h.now()
	return h.onEmployeeWithPortfolio(ctx, m, cmd.EmployeeID, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.SummarilyDismiss(cmd.Violation, cmd.Reason, at)
	}, freezeOnDeparture(cmd.EmployeeID, at))
}

// ArchiveEmployeeFiles records that a leaving employee's company files and
// materials were archived (E11).
type ArchiveEmployeeFiles struct {
	EmployeeID string
	Items      []string
}

// ArchiveEmployeeFiles records employee.FilesArchived. The admin office
// keeps the archives (§2.4.3: the employee hands the files to the admin
// office), so it records the archiving; HR does not.
func (h *Employees) ArchiveEmployeeFiles(ctx context.Context, m Meta, cmd ArchiveEmployeeFiles) (Result, error) {
	role, err := authorize(m, "ArchiveEmployeeFiles", domain.RoleAdminOffice)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.ArchiveFiles(cmd.Items, m.Actor.EmployeeID, h.now())
	})
}

// SettleFinalPay settles a leaving employee's pay and benefits.
type SettleFinalPay struct {
	EmployeeID string
	Amount     domain.Money
}

// SettleFinalPay records employee.FinalPaySettled.
func (h *Employees) SettleFinalPay(ctx context.Context, m Meta, cmd SettleFinalPay) (Result, error) {
	role, err := authorize(m, "SettleFinalPay", domain.RoleHR, domain.RoleFinance)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.SettleFinalPay(cmd.Amount, m.Actor.EmployeeID, h.now())
	})
}

// ForfeitFinalPay withholds pay after a summary dismissal for a stated
// violation (E9).
type ForfeitFinalPay struct{ EmployeeID string }

// ForfeitFinalPay records employee.FinalPayForfeited.
func (h *Employees) ForfeitFinalPay(ctx context.Context, m Meta, cmd ForfeitFinalPay) (Result, error) {
	role, err := authorize(m, "ForfeitFinalPay", domain.RoleHR, domain.RoleFinance)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.ForfeitFinalPay(m.Actor.EmployeeID, h.now())
	})
}

// CompleteDeparture ends an employment once files are archived (E11), pay
// is resolved and the employee owns no customer.
type CompleteDeparture struct{ EmployeeID string }

// CompleteDeparture records employee.Departed and, in the same atomic
// append, closes the employee's customer portfolio
// (employee.PortfolioClosed), which is refused while the portfolio lists a
// customer (E-departure; see domain/employee/portfolio.go). So the
// decision reads no read model, and a reassignment to the employee racing
// it appends to the same portfolio: one of the two loses. Until the
// portfolio upgrade has recorded the customers owned before portfolios
// were kept (UpgradeCustomerOwnership), a portfolio is not the whole truth
// and the departure fails with ErrOwnershipUnavailable.
func (h *Employees) CompleteDeparture(ctx context.Context, m Meta, cmd CompleteDeparture) (Result, error) {
	role, err := authorize(m, "CompleteDeparture", domain.RoleHR)
	if err != nil {
		return Result{}, err
	}
	if err := h.ownershipRecorded(ctx); err != nil {
		return Result{}, err
	}
	at := h.now()
	return h.onEmployeeWithPortfolio(ctx, m, cmd.EmployeeID, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.CompleteDeparture(at)
	}, closeOnDeparture(cmd.EmployeeID, at))
}
