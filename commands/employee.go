package commands

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// Employees handles the commands on employees: hiring, probation,
// attendance, conduct and departure.
type Employees struct {
	employees  repository[employee.Employee]
	portfolios repository[employee.Portfolio] // closed to new customers when a departure starts
	regulation regulation[employee.Regulation]
	// upgraded is set once the portfolio upgrade is seen recorded.
	upgraded atomic.Bool
	now      func() time.Time
}

func newEmployees(log *eventLog, versions *domain.RegulationVersions[employee.Regulation]) *Employees {
	return &Employees{
		employees:  log.employees,
		portfolios: log.portfolios,
		regulation: newRegulation(employeeRegulation, versions, employee.DefaultRegulation),
		now:        log.now,
	}
}

// onEmployee runs decide on employee id's stream under the acting role.
func (h *Employees) onEmployee(ctx context.Context, m Meta, id string, role domain.Role, regulation string, decide func(employee.Employee) ([]domain.Event, error)) (Result, error) {
	return h.employees.Update(ctx, m, decision[employee.Employee]{
		stream:     employee.Stream(id),
		role:       role,
		regulation: regulation,
		decide:     decide,
	})
}

// inHeadsUnit wraps decide so that a department head acts only on employees
// of their own org unit (the other roles act company-wide).
func inHeadsUnit(m Meta, role domain.Role, decide func(employee.Employee) ([]domain.Event, error)) func(employee.Employee) ([]domain.Event, error) {
	return func(s employee.Employee) ([]domain.Event, error) {
		if err := s.HeadedBy(role, m.Actor.OrgUnitID); err != nil {
			return nil, err
		}
		return decide(s)
	}
}

// regulationFor returns the employee regulation in force at the business
// time of the command m carries (a leave filed late is decided under the
// regulation of its day) and its version.
func (h *Employees) regulationFor(m Meta) (employee.Regulation, string) {
	return h.regulation.at(m.businessTime(h.now))
}

// authorizeSelf authorizes a command an employee files for themself: the
// actor must hold one of allowed and be that employee.
func authorizeSelf(m Meta, command, employeeID string, allowed ...domain.Role) (domain.Role, error) {
	role, err := authorize(m, command, allowed...)
	if err != nil {
		return "", err
	}
	if m.Actor.EmployeeID != employeeID {
		return "", domain.Forbidden(fmt.Sprintf("%s is filed by the employee themself", command))
	}
	return role, nil
}

// RecordQualificationCheck records HR's check of a candidate before
// hiring (E2). EmployeeID is the id the candidate will be hired under.
type RecordQualificationCheck struct {
	EmployeeID    string
	CandidateName string
	Passed        bool
	Notes         string
}

// RecordQualificationCheck records employee.QualificationChecked.
func (h *Employees) RecordQualificationCheck(ctx context.Context, m Meta, cmd RecordQualificationCheck) (Result, error) {
	role, err := authorize(m, "RecordQualificationCheck", domain.RoleHR)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.RecordQualificationCheck(cmd.EmployeeID, cmd.CandidateName, cmd.Passed, cmd.Notes, m.Actor.EmployeeID, h.now())
	})
}

// HireEmployee hires a candidate who passed the qualification check.
type HireEmployee struct {
	EmployeeID   string
	Name         string
	Role         domain.Role
	OrgUnitID    string
	SupervisorID string
}

// HireEmployee records employee.Hired with the probation regulation in force.
func (h *Employees) HireEmployee(ctx context.Context, m Meta, cmd HireEmployee) (Result, error) {
	role, err := authorize(m, "HireEmployee", domain.RoleHR)
	if err != nil {
		return Result{}, err
	}
	reg, version := h.regulationFor(m)
	hiring := employee.Hiring{Name: cmd.Name, Role: cmd.Role, OrgUnitID: cmd.OrgUnitID, SupervisorID: cmd.SupervisorID}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, version, func(s employee.Employee) ([]domain.Event, error) {
		return s.Hire(hiring, m.Actor.EmployeeID, reg, version, h.now())
	})
}

// RecordOnboardingDocuments records the verified ID and diploma originals
// and the filed copies and CV.
type RecordOnboardingDocuments struct {
	EmployeeID string
	Documents  []string
}

// RecordOnboardingDocuments records employee.DocumentsFiled.
func (h *Employees) RecordOnboardingDocuments(ctx context.Context, m Meta, cmd RecordOnboardingDocuments) (Result, error) {
	role, err := authorize(m, "RecordOnboardingDocuments", domain.RoleHR, domain.RoleAdminOffice)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.FileDocuments(cmd.Documents, m.Actor.EmployeeID, h.now())
	})
}

// RecordPreJobTraining records the outcome of pre-job training.
type RecordPreJobTraining struct {
	EmployeeID  string
	Passed      bool
	TrainingRef string
}

// RecordPreJobTraining records employee.PreJobTrainingCompleted.
func (h *Employees) RecordPreJobTraining(ctx context.Context, m Meta, cmd RecordPreJobTraining) (Result, error) {
	role, err := authorize(m, "RecordPreJobTraining", domain.RoleHR, domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", inHeadsUnit(m, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.RecordPreJobTraining(cmd.Passed, cmd.TrainingRef, m.Actor.EmployeeID, h.now())
	}))
}

// StartWork starts a trained hire's work and probation (E1).
type StartWork struct{ EmployeeID string }

// StartWork records employee.StartedWork. Any department head may start
// a trained hire's work, not only the head of the hire's unit: the GM, the
// GM office and every department head are hired into units that have no
// head of their own to start them.
func (h *Employees) StartWork(ctx context.Context, m Meta, cmd StartWork) (Result, error) {
	role, err := authorize(m, "StartWork", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.StartWork(h.now())
	})
}

// ChangeRole promotes, transfers or demotes a regular employee on the
// basis of an appraisal or disciplinary record.
type ChangeRole struct {
	EmployeeID string
	Change     employee.RoleChange
}

// ChangeRole records employee.RoleChanged.
func (h *Employees) ChangeRole(ctx context.Context, m Meta, cmd ChangeRole) (Result, error) {
	role, err := authorize(m, "ChangeRole", domain.RoleHR)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.ChangeRole(cmd.Change, h.now())
	})
}
