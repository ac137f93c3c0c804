package api

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/queries"
)

// expenseReadModels are the read models the expense routes read.
var expenseReadModels = []string{"expenses"}

func expenseQueryRoutes(s *Server, rt *routes) {
	statuses := make([]string, 0, len(expense.Statuses()))
	for _, st := range expense.Statuses() {
		statuses = append(statuses, string(st))
	}
	rt.get("/expense-claims", expenseTag, "Expense claims by state, newest change first (at most 500)",
		queries.Page[queries.ExpenseClaimView]{}, handleQuery(s, expenseReadModels, s.listExpenseClaims),
		oneOf("status", statuses, "claims in one state"), text("claimant_id", "one claimant"), text("org_unit_id", "one department"), afterParam)
	rt.get("/expense-claims/{id}", expenseTag, "One expense claim with its itemised list",
		queries.ExpenseClaimView{}, s.withAsOf(handleQuery(s, expenseReadModels, s.getExpenseClaim)), asOfParams[0], asOfParams[1], afterParam)
	rt.get("/expense-totals", expenseTag, "Expenses claimed, approved by finance and paid, by the month they were incurred in, per person, department or month",
		queries.Page[queries.ExpenseTotalsView]{}, handleQuery(s, expenseReadModels, s.listExpenseTotals),
		oneOf("by", queries.ExpenseTotalsBy, "the grouping (default: person)"),
		text("month", `one calendar month, "2026-11"`), text("org_unit_id", "one department"), text("employee_id", "one employee"), afterParam)
}

// expenseScope narrows a list to what actor reads (§5.12-read):
// everything for the expense readers, their own department for a
// manager, their own claims otherwise.
func expenseScope(actor domain.Actor, orgUnitID, employeeID string) (string, string, error) {
	if _, all := actor.ActingAs(queries.ExpenseReaders...); all {
		return orgUnitID, employeeID, nil
	}
	if _, manager := actor.ActingAs(queries.ExpenseManagers...); manager {
		if orgUnitID != "" && orgUnitID != actor.OrgUnitID {
			return "", "", domain.Forbidden("a manager reads the expenses of their own department only")
		}
		return actor.OrgUnitID, employeeID, nil
	}
	if employeeID != "" && employeeID != actor.EmployeeID {
		return "", "", domain.Forbidden("an employee reads their own expenses only")
	}
	return orgUnitID, actor.EmployeeID, nil
}

func (s *Server) listExpenseClaims(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	q := r.URL.Query()
	unit, claimant, err := expenseScope(actor, q.Get("org_unit_id"), q.Get("claimant_id"))
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.Queries.ExpenseClaims(ctx, queries.ExpenseClaimFilter{Status: q.Get("status"), ClaimantID: claimant, OrgUnitID: unit})
	return onePage(rows), 0, err
}

func (s *Server) getExpenseClaim(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	v, err := s.expenseClaimAt(ctx, chi.URLParam(r, "id"))
	if err != nil {
		if _, wide := actor.ActingAs(append(slices.Clone(queries.ExpenseReaders), queries.ExpenseManagers...)...); !wide {
			return nil, 0, errExpenseClaimHidden // a refusal says nothing of whether it exists
		}
		return nil, 0, err
	}
	if _, _, err := expenseScope(actor, v.OrgUnitID, v.ClaimantID); err != nil {
		return nil, 0, errExpenseClaimHidden
	}
	return v, v.Version, nil
}

var errExpenseClaimHidden = domain.Forbidden("an expense claim is read by its claimant, the managers of their department, finance and the auditors")

func (s *Server) listExpenseTotals(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	q := r.URL.Query()
	f := queries.ExpenseTotalsFilter{By: q.Get("by"), Month: q.Get("month")}
	if f.By == "" {
		f.By = "person"
	}
	if f.Month != "" {
		if _, err := time.Parse("2006-01", f.Month); err != nil {
			return nil, 0, domain.InvalidField("month", "must be a month written 2006-01")
		}
	}
	var err error
	if f.OrgUnitID, f.EmployeeID, err = expenseScope(actor, q.Get("org_unit_id"), q.Get("employee_id")); err != nil {
		return nil, 0, err
	}
	rows, err := s.Queries.ExpenseTotals(ctx, f)
	return onePage(rows), 0, err
}
