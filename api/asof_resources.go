package api

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/domain/salesplan"
	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/queries"
)

// The loaders of one resource's state for GET /{resource}/{id}: its
// current state from the read model, or, on an as-of read, the fold of its
// events within the bound. The handler then applies the same read rules
// (roles, ownership, personal fields) to either.

// stateAt is a resource's state for GET /{resource}/{id}: the fold of its
// events within the request's as-of bound when it has one, else the read
// model's current row.
func stateAt[V any](ctx context.Context, s *Server, id string, stream func(string) string, subject string, notFound error, fold Fold[V], current func(context.Context, string) (V, error)) (V, error) {
	if a := asOfFrom(ctx); a != nil {
		return foldAsOf(ctx, s, a, id, stream, subject, notFound, fold)
	}
	return current(ctx, id)
}

func (s *Server) customerAt(ctx context.Context, id string) (queries.CustomerView, error) {
	return stateAt(ctx, s, id, customer.Stream, "customer file", queries.ErrCustomerNotFound, s.Folds.Customer, func(ctx context.Context, id string) (queries.CustomerView, error) {
		return s.Queries.Customer(ctx, id, s.Now())
	})
}

func (s *Server) quotationAt(ctx context.Context, id string) (queries.QuotationView, error) {
	return stateAt(ctx, s, id, quotation.Stream, "quotation", queries.ErrQuotationNotFound, s.Folds.Quotation, s.Queries.Quotation)
}

func (s *Server) contractAt(ctx context.Context, id string) (queries.ContractView, error) {
	return stateAt(ctx, s, id, contract.Stream, "contract", queries.ErrContractNotFound, s.Folds.Contract, s.Queries.Contract)
}

func (s *Server) orderAt(ctx context.Context, id string) (queries.OrderView, error) {
	return stateAt(ctx, s, id, order.Stream, "order", queries.ErrOrderNotFound, s.Folds.Order, func(ctx context.Context, id string) (queries.OrderView, error) {
		return s.Queries.Order(ctx, id, s.Now())
	})
}

func (s *Server) employeeAt(ctx context.Context, id string) (queries.EmployeeView, error) {
	return stateAt(ctx, s, id, employee.Stream, "employee record", queries.ErrEmployeeNotFound, s.Folds.Employee, s.Queries.Employee)
}

func (s *Server) complaintAt(ctx context.Context, id string) (queries.ComplaintView, error) {
	return stateAt(ctx, s, id, complaint.Stream, "complaint", queries.ErrComplaintNotFound, s.Folds.Complaint, s.Queries.Complaint)
}

func (s *Server) salesPlanAt(ctx context.Context, id string) (queries.SalesPlanView, error) {
	return stateAt(ctx, s, id, salesplan.Stream, "sales plan", queries.ErrSalesPlanNotFound, s.Folds.SalesPlan, s.Queries.SalesPlan)
}

func (s *Server) expenseClaimAt(ctx context.Context, id string) (queries.ExpenseClaimView, error) {
	return stateAt(ctx, s, id, expense.Stream, "expense claim", queries.ErrExpenseClaimNotFound, s.Folds.ExpenseClaim, s.Queries.ExpenseClaim)
}

func (s *Server) workPlanAt(ctx context.Context, id string) (queries.WorkPlanView, error) {
	return stateAt(ctx, s, id, workplan.Stream, "work plan", queries.ErrWorkPlanNotFound, s.Folds.WorkPlan, s.Queries.WorkPlan)
}

// noticeAt reads a rectification notice overdue as of day; an as-of read
// computes overdue against the day it reads as of, unless ?day= names
// another (dayGiven).
func (s *Server) noticeAt(ctx context.Context, id string, day time.Time, dayGiven bool) (queries.RectificationNoticeView, error) {
	a := asOfFrom(ctx)
	if a == nil {
		return s.Queries.RectificationNotice(ctx, id, day)
	}
	v, err := foldAsOf(ctx, s, a, id, sv.NoticeStream, "rectification notice", queries.ErrNoticeNotFound, s.Folds.RectificationNotice)
	if err == nil && dayGiven {
		v.DeriveOverdue(day)
	}
	return v, err
}

func (s *Server) meetingAt(ctx context.Context, id string) (queries.MeetingView, error) {
	return stateAt(ctx, s, id, meeting.Stream, "meeting", queries.ErrMeetingNotFound, s.Folds.Meeting, s.Queries.Meeting)
}

func (s *Server) researchProjectAt(ctx context.Context, id string) (queries.ResearchProjectView, error) {
	return stateAt(ctx, s, id, research.Stream, "market-research project", queries.ErrResearchProjectNotFound, s.Folds.ResearchProject, s.Queries.ResearchProject)
}
