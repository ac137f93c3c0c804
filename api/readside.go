package api

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/queries"
)

// The read side as the API sees it: one small interface per read model,
// each answering with the view types of package queries. The composition
// root fills them with the read models; tests can fill only what they
// use, so the API neither knows nor links how the views are stored.

// AuditQueries reads the audit trail.
type AuditQueries interface {
	Audit(ctx context.Context, f queries.AuditFilter, page queries.PageRequest) (queries.Page[queries.AuditEntry], error)
	AuditQuestionQueries
}

// ComplaintQueries reads complaints.
type ComplaintQueries interface {
	Complaint(ctx context.Context, id string) (queries.ComplaintView, error)
	Complaints(ctx context.Context, f queries.ComplaintFilter, page queries.PageRequest) (queries.Page[queries.ComplaintView], error)
}

// ContractQueries reads contracts.
type ContractQueries interface {
	Contract(ctx context.Context, id string) (queries.ContractView, error)
	Contracts(ctx context.Context, f queries.ContractFilter, page queries.PageRequest) (queries.Page[queries.ContractView], error)
}

// CustomerQueries reads customer files, their key contacts and contact log.
type CustomerQueries interface {
	Customer(ctx context.Context, id string, now time.Time) (queries.CustomerView, error)
	Customers(ctx context.Context, f queries.CustomerFilter, page queries.PageRequest) (queries.Page[queries.CustomerView], error)
	CustomerContacts(ctx context.Context, customerID string, withPersonal bool) ([]queries.KeyContactView, error)
	ContactLog(ctx context.Context, customerID string, page queries.PageRequest) (queries.Page[queries.ContactLogEntry], error)
}

// EmployeeQueries reads employees, their appraisals and conduct.
type EmployeeQueries interface {
	Employee(ctx context.Context, id string) (queries.EmployeeView, error)
	Employees(ctx context.Context, f queries.EmployeeFilter, page queries.PageRequest) (queries.Page[queries.EmployeeView], error)
	Appraisals(ctx context.Context, f queries.AppraisalFilter, page queries.PageRequest) (queries.Page[queries.AppraisalView], error)
	Conduct(ctx context.Context, f queries.ConductFilter, page queries.PageRequest) (queries.Page[queries.ConductView], error)
}

// OrderQueries reads orders.
type OrderQueries interface {
	Order(ctx context.Context, id string, now time.Time) (queries.OrderView, error)
	Orders(ctx context.Context, f queries.OrderFilter, page queries.PageRequest) (queries.Page[queries.OrderView], error)
}

// QuotationQueries reads quotations.
type QuotationQueries interface {
	Quotation(ctx context.Context, id string) (queries.QuotationView, error)
	Quotations(ctx context.Context, f queries.QuotationFilter, page queries.PageRequest) (queries.Page[queries.QuotationView], error)
}

// ReceivableQueries reads instalments and their aging.
type ReceivableQueries interface {
	Receivable(ctx context.Context, contractID, instalmentID string, now time.Time) (queries.ReceivableView, error)
	Receivables(ctx context.Context, f queries.ReceivableFilter, page queries.PageRequest) (queries.Page[queries.ReceivableView], error)
	ReceivablesAging(ctx context.Context, f queries.ReceivableFilter, by string) ([]queries.AgingTotals, error)
}

// TargetQueries reads sales plans and sales against their targets.
type TargetQueries interface {
	SalesVsTarget(ctx context.Context, f queries.SalesTargetFilter, page queries.PageRequest) (queries.Page[queries.SalesTargetView], error)
	SalesPlans(ctx context.Context, f queries.SalesPlanFilter, page queries.PageRequest) (queries.Page[queries.SalesPlanView], error)
	SalesPlan(ctx context.Context, id string) (queries.SalesPlanView, error)
}

// PayQueries reads monthly results, commission facts and pay statements.
type PayQueries interface {
	MonthlyResults(ctx context.Context, employeeID string, month pay.Month) (queries.MonthlyResultView, error)
	PayMonth(ctx context.Context, month pay.Month) (queries.PayMonth, error)
	PayStatement(ctx context.Context, employeeID string, month pay.Month) (queries.PayStatementView, error)
	PayStatements(ctx context.Context, month pay.Month, orgUnitID string) ([]queries.PayStatementView, error)
	EmployeePayStatements(ctx context.Context, employeeID string) ([]queries.PayStatementView, error)
}

// TrainingQueries reads employees' training records and departments'
// monthly training sessions.
type TrainingQueries interface {
	TrainingRecord(ctx context.Context, employeeID string) (queries.TrainingRecordView, error)
	DepartmentTrainingMonths(ctx context.Context, month, orgUnitID string, missingOnly bool) ([]queries.DepartmentTrainingMonth, error)
}

// MeetingQueries reads meetings with their attendance and minutes.
type MeetingQueries interface {
	Meeting(ctx context.Context, id string) (queries.MeetingView, error)
	Meetings(ctx context.Context, f queries.MeetingFilter, page queries.PageRequest) (queries.Page[queries.MeetingView], error)
}

// ResearchQueries reads market-research projects.
type ResearchQueries interface {
	ResearchProject(ctx context.Context, id string) (queries.ResearchProjectView, error)
	ResearchProjects(ctx context.Context, f queries.ResearchProjectFilter, page queries.PageRequest) (queries.Page[queries.ResearchProjectView], error)
	ResearchProjectsByState(ctx context.Context) ([]queries.ResearchProjectCount, error)
}

// ExpenseQueries reads expense claims and their totals.
type ExpenseQueries interface {
	ExpenseClaim(ctx context.Context, id string) (queries.ExpenseClaimView, error)
	ExpenseClaims(ctx context.Context, f queries.ExpenseClaimFilter) ([]queries.ExpenseClaimView, error)
	ExpenseTotals(ctx context.Context, f queries.ExpenseTotalsFilter) ([]queries.ExpenseTotalsView, error)
}

// WorkReportQueries reads the employees' report periods, who has filed
// one, and the work plans.
type WorkReportQueries interface {
	WorkReports(ctx context.Context, f queries.WorkReportFilter, page queries.PageRequest) (queries.Page[queries.WorkReportView], error)
	ReportFiling(ctx context.Context, f queries.ReportFilingFilter) ([]queries.ReportFilingView, error)
	WorkPlans(ctx context.Context, f queries.WorkPlanFilter, page queries.PageRequest) (queries.Page[queries.WorkPlanView], error)
	WorkPlan(ctx context.Context, id string) (queries.WorkPlanView, error)
}

// SupervisionQueries reads process supervision: rectification notices
// with their overdue state for a day, evaluations per year and analysis
// reports per quarter.
type SupervisionQueries interface {
	RectificationNotice(ctx context.Context, id string, day time.Time) (queries.RectificationNoticeView, error)
	RectificationNotices(ctx context.Context, f queries.NoticeFilter) ([]queries.RectificationNoticeView, error)
	EvaluationsByYear(ctx context.Context, from, to int) ([]queries.EvaluationYear, error)
	ReportsByQuarter(ctx context.Context, from, to supervision.Quarter) ([]queries.QuarterReport, error)
	SpotChecks(ctx context.Context, f queries.SpotCheckFilter) ([]queries.SpotCheckView, error)
	SpotCheck(ctx context.Context, id string) (queries.SpotCheckView, error)
	ProcessEvaluation(ctx context.Context, id string) (queries.ProcessEvaluationView, error)
	AnalysisReport(ctx context.Context, quarter string) (queries.AnalysisReportView, error)
}

// DeadLetterQueries lists and resolves the events a projection parked.
type DeadLetterQueries interface {
	DeadLetters(ctx context.Context, open bool) ([]queries.DeadLetter, error)
	RetryDeadLetter(ctx context.Context, id int64, by, reason string) error
	SkipDeadLetter(ctx context.Context, id int64, by, reason string) error
}

// ReadModels groups the read side; its methods are those of the read
// models it embeds, so a handler asks s.Queries.Customer(...) whichever
// read model answers.
type ReadModels struct {
	AuditQueries
	ComplaintQueries
	ContractQueries
	CustomerQueries
	EmployeeQueries
	OrderQueries
	QuotationQueries
	ReceivableQueries
	TargetQueries
	DeadLetterQueries
	KPIQueries
	PayQueries
	TrainingQueries
	MeetingQueries
	ResearchQueries
	StockQueries
	ExpenseQueries
	WorkReportQueries
	SupervisionQueries
}

// StockQueries reads the branches' stock, the transfers between them and
// the replenishment requests to headquarters (§3.10).
type StockQueries interface {
	Stock(ctx context.Context, f queries.StockFilter, page queries.PageRequest) (queries.Page[queries.StockView], error)
	StockTransfers(ctx context.Context, f queries.StockTransferFilter, page queries.PageRequest) (queries.Page[queries.StockTransferView], error)
	Replenishments(ctx context.Context, f queries.ReplenishmentFilter, page queries.PageRequest) (queries.Page[queries.ReplenishmentView], error)
	StockTransfer(ctx context.Context, id string) (queries.StockTransferView, error)
	Replenishment(ctx context.Context, id string) (queries.ReplenishmentView, error)
}
