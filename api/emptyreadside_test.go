package api_test

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// emptyReadSide is a read side that holds no rows, as the real one does
// before the first event: every list is an empty last page, every lookup
// finds nothing. It issues no cursor, so any cursor is one it did not
// issue (queries.ErrBadCursor), as the contract says.
type emptyReadSide struct{}

// emptyReadModels fills every read model of the API with emptyReadSide.
func emptyReadModels() api.ReadModels {
	e := emptyReadSide{}
	return api.ReadModels{
		AuditQueries: e, ComplaintQueries: e, ContractQueries: e, CustomerQueries: e, EmployeeQueries: e,
		OrderQueries: e, QuotationQueries: e, ReceivableQueries: e, TargetQueries: e, DeadLetterQueries: e,
		PayQueries: e, TrainingQueries: e, MeetingQueries: e, ResearchQueries: e, StockQueries: e, ExpenseQueries: e,
		WorkReportQueries: e, SupervisionQueries: e,
	}
}

func emptyPage[T any](page queries.PageRequest) (queries.Page[T], error) {
	if page.Cursor != "" {
		return queries.Page[T]{}, queries.ErrBadCursor
	}
	return queries.Page[T]{Items: []T{}}, nil
}

func notFound[T any](what string) (T, error) {
	var zero T
	return zero, domain.NotFound("no such " + what)
}

func (emptyReadSide) Audit(_ context.Context, _ queries.AuditFilter, p queries.PageRequest) (queries.Page[queries.AuditEntry], error) {
	return emptyPage[queries.AuditEntry](p)
}

func (emptyReadSide) Answer(_ context.Context, id string, _ queries.AuditQuestionFilter, p queries.PageRequest) (queries.AuditAnswer, error) {
	if p.Cursor != "" {
		return queries.AuditAnswer{}, queries.ErrBadCursor
	}
	q, _ := queries.FindAuditQuestion(id)
	return queries.AuditAnswer{Question: q.ID, Asks: q.Asks, Rows: []queries.AuditFinding{}}, nil
}

func (emptyReadSide) Complaint(context.Context, string) (queries.ComplaintView, error) {
	return notFound[queries.ComplaintView]("complaint")
}

func (emptyReadSide) Complaints(_ context.Context, _ queries.ComplaintFilter, p queries.PageRequest) (queries.Page[queries.ComplaintView], error) {
	return emptyPage[queries.ComplaintView](p)
}

func (emptyReadSide) Contract(context.Context, string) (queries.ContractView, error) {
	return notFound[queries.ContractView]("contract")
}

func (emptyReadSide) Contracts(_ context.Context, _ queries.ContractFilter, p queries.PageRequest) (queries.Page[queries.ContractView], error) {
	return emptyPage[queries.ContractView](p)
}

func (emptyReadSide) Customer(context.Context, string, time.Time) (queries.CustomerView, error) {
	return notFound[queries.CustomerView]("customer")
}

func (emptyReadSide) Customers(_ context.Context, _ queries.CustomerFilter, p queries.PageRequest) (queries.Page[queries.CustomerView], error) {
	return emptyPage[queries.CustomerView](p)
}

func (emptyReadSide) CustomerContacts(context.Context, string, bool) ([]queries.KeyContactView, error) {
	return notFound[[]queries.KeyContactView]("customer")
}

func (emptyReadSide) ContactLog(context.Context, string, queries.PageRequest) (queries.Page[queries.ContactLogEntry], error) {
	return notFound[queries.Page[queries.ContactLogEntry]]("customer")
}

func (emptyReadSide) Employee(context.Context, string) (queries.EmployeeView, error) {
	return notFound[queries.EmployeeView]("employee")
}

func (emptyReadSide) Employees(_ context.Context, _ queries.EmployeeFilter, p queries.PageRequest) (queries.Page[queries.EmployeeView], error) {
	return emptyPage[queries.EmployeeView](p)
}

func (emptyReadSide) Appraisals(_ context.Context, _ queries.AppraisalFilter, p queries.PageRequest) (queries.Page[queries.AppraisalView], error) {
	return emptyPage[queries.AppraisalView](p)
}

func (emptyReadSide) Conduct(_ context.Context, _ queries.ConductFilter, p queries.PageRequest) (queries.Page[queries.ConductView], error) {
	return emptyPage[queries.ConductView](p)
}

func (emptyReadSide) Order(context.Context, string, time.Time) (queries.OrderView, error) {
	return notFound[queries.OrderView]("order")
}

func (emptyReadSide) Orders(_ context.Context, _ queries.OrderFilter, p queries.PageRequest) (queries.Page[queries.OrderView], error) {
	return emptyPage[queries.OrderView](p)
}

func (emptyReadSide) Quotation(context.Context, string) (queries.QuotationView, error) {
	return notFound[queries.QuotationView]("quotation")
}

func (emptyReadSide) Quotations(_ context.Context, _ queries.QuotationFilter, p queries.PageRequest) (queries.Page[queries.QuotationView], error) {
	return emptyPage[queries.QuotationView](p)
}

func (emptyReadSide) Receivable(context.Context, string, string, time.Time) (queries.ReceivableView, error) {
	return notFound[queries.ReceivableView]("instalment")
}

func (emptyReadSide) Receivables(_ context.Context, _ queries.ReceivableFilter, p queries.PageRequest) (queries.Page[queries.ReceivableView], error) {
	return emptyPage[queries.ReceivableView](p)
}

func (emptyReadSide) ReceivablesAging(context.Context, queries.ReceivableFilter, string) ([]queries.AgingTotals, error) {
	return []queries.AgingTotals{}, nil
}

func (emptyReadSide) SalesVsTarget(_ context.Context, _ queries.SalesTargetFilter, p queries.PageRequest) (queries.Page[queries.SalesTargetView], error) {
	return emptyPage[queries.SalesTargetView](p)
}

func (emptyReadSide) SalesPlans(_ context.Context, _ queries.SalesPlanFilter, p queries.PageRequest) (queries.Page[queries.SalesPlanView], error) {
	return emptyPage[queries.SalesPlanView](p)
}

func (emptyReadSide) SalesPlan(context.Context, string) (queries.SalesPlanView, error) {
	return notFound[queries.SalesPlanView]("sales plan")
}

func (emptyReadSide) DeadLetters(context.Context, bool) ([]queries.DeadLetter, error) {
	return []queries.DeadLetter{}, nil
}

func (emptyReadSide) RetryDeadLetter(context.Context, int64, string, string) error {
	return domain.NotFound("no such dead letter")
}

func (emptyReadSide) SkipDeadLetter(context.Context, int64, string, string) error {
	return domain.NotFound("no such dead letter")
}

func (emptyReadSide) Meeting(context.Context, string) (queries.MeetingView, error) {
	return notFound[queries.MeetingView]("meeting")
}

func (emptyReadSide) Meetings(_ context.Context, _ queries.MeetingFilter, p queries.PageRequest) (queries.Page[queries.MeetingView], error) {
	return emptyPage[queries.MeetingView](p)
}

func (emptyReadSide) ResearchProject(context.Context, string) (queries.ResearchProjectView, error) {
	return notFound[queries.ResearchProjectView]("research project")
}

func (emptyReadSide) ResearchProjects(_ context.Context, _ queries.ResearchProjectFilter, p queries.PageRequest) (queries.Page[queries.ResearchProjectView], error) {
	return emptyPage[queries.ResearchProjectView](p)
}

func (emptyReadSide) ResearchProjectsByState(context.Context) ([]queries.ResearchProjectCount, error) {
	return []queries.ResearchProjectCount{}, nil
}

func (emptyReadSide) Stock(_ context.Context, _ queries.StockFilter, p queries.PageRequest) (queries.Page[queries.StockView], error) {
	return emptyPage[queries.StockView](p)
}

func (emptyReadSide) StockTransfers(_ context.Context, _ queries.StockTransferFilter, p queries.PageRequest) (queries.Page[queries.StockTransferView], error) {
	return emptyPage[queries.StockTransferView](p)
}

func (emptyReadSide) Replenishments(_ context.Context, _ queries.ReplenishmentFilter, p queries.PageRequest) (queries.Page[queries.ReplenishmentView], error) {
	return emptyPage[queries.ReplenishmentView](p)
}

func (emptyReadSide) ExpenseClaim(context.Context, string) (queries.ExpenseClaimView, error) {
	return notFound[queries.ExpenseClaimView]("expense claim")
}

func (emptyReadSide) ExpenseClaims(context.Context, queries.ExpenseClaimFilter) ([]queries.ExpenseClaimView, error) {
	return []queries.ExpenseClaimView{}, nil
}

func (emptyReadSide) ExpenseTotals(context.Context, queries.ExpenseTotalsFilter) ([]queries.ExpenseTotalsView, error) {
	return []queries.ExpenseTotalsView{}, nil
}

func (emptyReadSide) StockTransfer(context.Context, string) (queries.StockTransferView, error) {
	return notFound[queries.StockTransferView]("stock transfer")
}

func (emptyReadSide) Replenishment(context.Context, string) (queries.ReplenishmentView, error) {
	return notFound[queries.ReplenishmentView]("replenishment request")
}
