package api

import (
	"context"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

const employeeTag = "People"

// employeeRoutes registers one endpoint per employee command and the
// employee queries. Employee ids are chosen by HR (the staff number the
// employee's token carries as subject), so even the first command of a
// candidate, the qualification check, addresses /employees/{id}.
// Commands that take a reason read it from the envelope's "reason".
func employeeRoutes(s *Server, rt *routes) {
	command(rt, "/employees/{id}/qualification-checks", employeeTag, "Record HR's qualification check of a candidate (E2)", s.recordQualificationCheck)
	command(rt, "/employees/{id}/hiring", employeeTag, "Hire a candidate who passed the qualification check", s.hireEmployee)
	command(rt, "/employees/{id}/documents", employeeTag, "Record the verified onboarding documents", s.recordOnboardingDocuments)
	command(rt, "/employees/{id}/pre-job-training", employeeTag, "Record the outcome of pre-job training", s.recordPreJobTraining)
	command(rt, "/employees/{id}/start-work", employeeTag, "Start a trained hire's work and probation (E1)", s.startWork)
	command(rt, "/employees/{id}/regular-confirmation", employeeTag, "Confirm a probationer as regular (GM only, E3)", s.confirmRegular)
	command(rt, "/employees/{id}/probation-failure", employeeTag, "Record a failed probation, starting the departure (GM, E4)", s.failProbation)
	command(rt, "/employees/{id}/probation-leniency", employeeTag, "Extend probation once instead of failing it (GM, E4)", s.grantProbationLeniency)
	command(rt, "/employees/{id}/base-salary-approvals", employeeTag, "Approve a base salary (department manager and GM, E14)", s.setBaseSalary)
	command(rt, "/employees/{id}/role-changes", employeeTag, "Promote, transfer or demote on an appraisal or disciplinary record", s.changeRole)
	employeeAttendanceRoutes(s, rt)
	employeeConductRoutes(s, rt)
	employeeDepartureRoutes(s, rt)
	employeeQueryRoutes(s, rt)
}

// RecordQualificationCheckRequest is HR's check of a candidate; the path
// id is the id the candidate will be hired under.
type RecordQualificationCheckRequest struct {
	Envelope
	CandidateName string `json:"candidate_name"`
	Passed        bool   `json:"passed"`
	Notes         string `json:"notes,omitempty"`
}

func (s *Server) recordQualificationCheck(ctx context.Context, m commands.Meta, id string, req RecordQualificationCheckRequest) (commands.Result, error) {
	return s.Commands.Employees.RecordQualificationCheck(ctx, m, commands.RecordQualificationCheck{EmployeeID: id,
		CandidateName: req.CandidateName, Passed: req.Passed, Notes: req.Notes})
}

// HireEmployeeRequest hires the candidate into a role and org unit.
type HireEmployeeRequest struct {
	Envelope
	Name         string `json:"name"`
	Role         string `json:"role"`
	OrgUnitID    string `json:"org_unit_id"`
	SupervisorID string `json:"supervisor_id,omitempty"`
}

func (s *Server) hireEmployee(ctx context.Context, m commands.Meta, id string, req HireEmployeeRequest) (commands.Result, error) {
	return s.Commands.Employees.HireEmployee(ctx, m, commands.HireEmployee{EmployeeID: id, Name: req.Name, Role: domain.Role(req.Role),
		OrgUnitID: req.OrgUnitID, SupervisorID: req.SupervisorID})
}

// RecordOnboardingDocumentsRequest lists the documents verified and filed.
type RecordOnboardingDocumentsRequest struct {
	Envelope
	Documents []string `json:"documents"`
}

func (s *Server) recordOnboardingDocuments(ctx context.Context, m commands.Meta, id string, req RecordOnboardingDocumentsRequest) (commands.Result, error) {
	return s.Commands.Employees.RecordOnboardingDocuments(ctx, m, commands.RecordOnboardingDocuments{EmployeeID: id, Documents: req.Documents})
}

// RecordPreJobTrainingRequest is the outcome of pre-job training.
type RecordPreJobTrainingRequest struct {
	Envelope
	Passed      bool   `json:"passed"`
	TrainingRef string `json:"training_ref"`
}

func (s *Server) recordPreJobTraining(ctx context.Context, m commands.Meta, id string, req RecordPreJobTrainingRequest) (commands.Result, error) {
	return s.Commands.Employees.RecordPreJobTraining(ctx, m, commands.RecordPreJobTraining{EmployeeID: id, Passed: req.Passed, TrainingRef: req.TrainingRef})
}

// StartWorkRequest starts work and probation.
type StartWorkRequest struct {
	Envelope
}

func (s *Server) startWork(ctx context.Context, m commands.Meta, id string, _ StartWorkRequest) (commands.Result, error) {
	return s.Commands.Employees.StartWork(ctx, m, commands.StartWork{EmployeeID: id})
}

// ConfirmRegularRequest carries the GM's assessment of the probation.
type ConfirmRegularRequest struct {
	Envelope
	Assessment employee.Assessment `json:"assessment"`
}

func (s *Server) confirmRegular(ctx context.Context, m commands.Meta, id string, req ConfirmRegularRequest) (commands.Result, error) {
	return s.Commands.Employees.ConfirmRegular(ctx, m, commands.ConfirmRegular{EmployeeID: id, Assessment: req.Assessment})
}

// FailProbationRequest carries the GM's assessment of a failed probation.
type FailProbationRequest struct {
	Envelope
	Assessment employee.Assessment `json:"assessment"`
}

func (s *Server) failProbation(ctx context.Context, m commands.Meta, id string, req FailProbationRequest) (commands.Result, error) {
	return s.Commands.Employees.FailProbation(ctx, m, commands.FailProbation{EmployeeID: id, Assessment: req.Assessment})
}

// GrantProbationLeniencyRequest extends probation; the envelope's reason
// says why.
type GrantProbationLeniencyRequest struct {
	Envelope
}

func (s *Server) grantProbationLeniency(ctx context.Context, m commands.Meta, id string, req GrantProbationLeniencyRequest) (commands.Result, error) {
	return s.Commands.Employees.GrantProbationLeniency(ctx, m, commands.GrantProbationLeniency{EmployeeID: id, Reason: req.Reason})
}

// SetBaseSalaryRequest is one approval of a base salary (decimal string).
type SetBaseSalaryRequest struct {
	Envelope
	Amount string `json:"amount"`
}

func (s *Server) setBaseSalary(ctx context.Context, m commands.Meta, id string, req SetBaseSalaryRequest) (commands.Result, error) {
	amount, err := decimalAmount("amount", req.Amount)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Employees.SetBaseSalary(ctx, m, commands.SetBaseSalary{EmployeeID: id, Amount: amount})
}

// ChangeRoleRequest promotes, transfers or demotes (kind PROMOTION,
// TRANSFER or DEMOTION) on the basis of an appraisal or disciplinary
// record.
type ChangeRoleRequest struct {
	Envelope
	Kind         string             `json:"kind"`
	ToRole       string             `json:"to_role,omitempty"`
	ToOrgUnitID  string             `json:"to_org_unit_id,omitempty"`
	SupervisorID string             `json:"supervisor_id,omitempty"`
	Basis        employee.RecordRef `json:"basis"`
}

func (s *Server) changeRole(ctx context.Context, m commands.Meta, id string, req ChangeRoleRequest) (commands.Result, error) {
	change := employee.RoleChange{Kind: employee.ChangeKind(req.Kind), ToRole: domain.Role(req.ToRole),
		ToOrgUnitID: req.ToOrgUnitID, SupervisorID: req.SupervisorID, Basis: req.Basis}
	return s.Commands.Employees.ChangeRole(ctx, m, commands.ChangeRole{EmployeeID: id, Change: change})
}
