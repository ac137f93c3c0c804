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

func (s *Server) customerAt(ctx context.Context, id string) (queries.CustomerView, error) {
	if a := asOfFrom(ctx); a != nil {
		return foldAsOf(ctx, s, a, id, customer.Stream, "customer file", queries.ErrCustomerNotFound, s.Folds.Customer)
	}
	return s.Queries.Customer(ctx, id, s.Now())
}

func (s *Server) quotationAt(ctx context.Context, id string) (queries.QuotationView, error) {
	if a := asOfFrom(ctx); a != nil {
		return foldAsOf(ctx, s, a, id, quotation.Stream, "quotation", queries.ErrQuotationNotFound, s.Folds.Quotation)
	}
	return s.Queries.Quotation(ctx, id)
}

func (s *Server) contractAt(ctx context.Context, id string) (queries.ContractView, error) {
	if a := asOfFrom(ctx); a != nil {
		return foldAsOf(ctx, s, a, id, contract.Stream, "contract", queries.ErrContractNotFound, s.Folds.Contract)
	}
	return s.Queries.Contract(ctx, id)
}

func (s *Server) orderAt(ctx context.Context, id string) (queries.OrderView, error) {
	if a := asOfFrom(ctx); a != nil {
		return foldAsOf(ctx, s, a, id, order.Stream, "order", queries.ErrOrderNotFound, s.Folds.Order)
	}
	return s.Queries.Order(ctx, id, s.Now())
}

func (s *Server) employeeAt(ctx context.Context, id string) (queries.EmployeeView, error) {
	if a := asOfFrom(ctx); a != nil {
		return foldAsOf(ctx, s, a, id, employee.Stream, "employee record", queries.ErrEmployeeNotFound, s.Folds.Employee)
	}
	return s.Queries.Employee(ctx, id)
}

func (s *Server) complaintAt(ctx context.Context, id string) (queries.ComplaintView, error) {
	if a := asOfFrom(ctx); a != nil {
		return foldAsOf(ctx, s, a, id, complaint.Stream, "complaint", queries.ErrComplaintNotFound, s.Folds.Complaint)
	}
	return s.Queries.Complaint(ctx, id)
}

func (s *Server) salesPlanAt(ctx context.Context, id string) (queries.SalesPlanView, error) {
	if a := asOfFrom(ctx); a != nil {
		return foldAsOf(ctx, s, a, id, salesplan.Stream, "sales plan", queries.ErrSalesPlanNotFound, s.Folds.SalesPlan)
	}
	return s.Queries.SalesPlan(ctx, id)
}

func (s *Server) expenseClaimAt(ctx context.Context, id string) (queries.ExpenseClaimView, error) {
	if a := asOfFrom(ctx); a != nil {
		return foldAsOf(ctx, s, a, id, expense.Stream, "expense claim", queries.ErrExpenseClaimNotFound, s.Folds.ExpenseClaim)
	}
	return s.Queries.ExpenseClaim(ctx, id)
}

func (s *Server) workPlanAt(ctx context.Context, id string) (queries.WorkPlanView, error) {
	if a := asOfFrom(ctx); a != nil {
		return foldAsOf(ctx, s, a, id, workplan.Stream, "work plan", queries.ErrWorkPlanNotFound, s.Folds.WorkPlan)
	}
	return s.Queries.WorkPlan(ctx, id)
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
	if a := asOfFrom(ctx); a != nil {
		return foldAsOf(ctx, s, a, id, meeting.Stream, "meeting", queries.ErrMeetingNotFound, s.Folds.Meeting)
	}
	return s.Queries.Meeting(ctx, id)
}

func (s *Server) researchProjectAt(ctx context.Context, id string) (queries.ResearchProjectView, error) {
	if a := asOfFrom(ctx); a != nil {
		return foldAsOf(ctx, s, a, id, research.Stream, "market-research project", queries.ErrResearchProjectNotFound, s.Folds.ResearchProject)
	}
	return s.Queries.ResearchProject(ctx, id)
}
