package api

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/queries"
)

const payTag = "Pay"

// payReadModels are the read models the pay routes read.
var payReadModels = []string{"pay"}

func payRoutes(s *Server, rt *routes) {
	command(rt, "/employees/{id}/pay-statements", payTag, "Issue the employee's pay statement of a month that is over, from its recorded facts (§3.4-statement)", s.issuePayStatement)
	rt.get("/employees/{id}/pay-statements", payTag, "The employee's issued pay statements, newest month first",
		queries.Page[queries.PayStatementView]{}, handleQuery(s, payReadModels, s.listEmployeePayStatements), afterParam)
	rt.get("/employees/{id}/pay-statements/{month}", payTag, "One issued pay statement, with the regulation versions it was computed under",
		queries.PayStatementView{}, s.withAsOf(handleQuery(s, payReadModels, s.getPayStatement)), asOfParams[0], asOfParams[1], afterParam)
	rt.get("/employees/{id}/monthly-results", payTag, "What the contracts the employee drafted collected in a month (the results rule E6 reads)",
		queries.MonthlyResultView{}, handleQuery(s, payReadModels, s.getMonthlyResults), monthParam, afterParam)
	rt.get("/pay/commissions", payTag, "Commission, manager override, allowance and top-performer award of a month, under the regulation versions in force at its end",
		queries.Page[queries.CommissionView]{}, handleQuery(s, payReadModels, s.listCommissions),
		monthParam, text("org_unit_id", "one department"), text("employee_id", "one employee"), afterParam)
	rt.get("/pay/statements", payTag, "The pay statements issued for a month",
		queries.Page[queries.PayStatementView]{}, handleQuery(s, payReadModels, s.listPayStatements), monthParam, text("org_unit_id", "one department"), afterParam)
}

// monthParam is the calendar month asked about.
var monthParam = QueryParam{Name: "month", Description: `the calendar month, "2026-11" (default: the last month that is over)`}

// payManagers read the pay of their own department (§3.4-read: the
// person's managers).
var payManagers = []domain.Role{domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor, domain.RoleBranchManager}

// IssuePayStatementRequest names the month and the bonus settled in it.
// The month's facts are read from the pay read model; After (a position
// a write answered with, e.g. the month's last payment) makes the
// statement wait until the read model holds it.
type IssuePayStatementRequest struct {
	Envelope
	Month          string `json:"month"`
	Bonus          string `json:"bonus,omitempty"`
	BonusReference string `json:"bonus_reference,omitempty"`
	After          string `json:"after,omitempty"`
}

func (s *Server) issuePayStatement(ctx context.Context, m commands.Meta, id string, req IssuePayStatementRequest) (commands.Result, error) {
	month, err := pay.ParseMonth(req.Month)
	if err != nil {
		return commands.Result{}, err
	}
	bonus := domain.Money{Currency: domain.DefaultCurrency}
	if req.Bonus != "" {
		if bonus, err = salesCycleMoney("bonus", req.Bonus); err != nil {
			return commands.Result{}, err
		}
	}
	if _, ok := m.Actor.ActingAs(domain.RoleFinance); !ok { // refuse before reading anything
		return commands.Result{}, domain.Forbidden("only finance issues pay statements")
	}
	if req.After != "" {
		if err := s.WaitFor(ctx, req.After, payReadModels...); err != nil {
			return commands.Result{}, err
		}
	}
	facts, _, err := s.payFacts(ctx, id, month)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Pay.IssuePayStatement(ctx, m, commands.IssuePayStatement{EmployeeID: id, Month: month, Facts: facts,
		Bonus: bonus, BonusReference: req.BonusReference})
}

// payFacts reads employeeID's facts of month from the pay read model:
// nothing recorded is a month of zero results, not an error.
func (s *Server) payFacts(ctx context.Context, employeeID string, month pay.Month) (pay.Facts, string, error) {
	m, err := s.Queries.PayMonth(ctx, month)
	if err != nil {
		return pay.Facts{}, "", err
	}
	facts, unit, _ := m.Facts(employeeID, s.departmentMetTarget(ctx, month, m))
	return facts, unit, nil
}

// departmentMetTarget tells whether an org unit's staff collected at
// least its monthly target in the active sales plan; a unit without one
// did not meet it (§3.4-override, D).
func (s *Server) departmentMetTarget(ctx context.Context, month pay.Month, m queries.PayMonth) func(string) bool {
	return func(unit string) bool {
		rows, err := s.Queries.SalesVsTarget(ctx, queries.SalesTargetFilter{Dimension: queries.DimensionDepartment, Period: month.String(),
			ID: unit, PlanStatus: "ACTIVE"}, queries.PageRequest{Limit: 1})
		if err != nil || len(rows.Items) == 0 || rows.Items[0].TargetMinor <= 0 {
			return false
		}
		return m.DepartmentCollected(unit).Minor >= rows.Items[0].TargetMinor
	}
}

// requireMonth reads ?month=, by default the last month that is over in
// the company's calendar.
func (s *Server) requireMonth(r *http.Request) (pay.Month, error) {
	if m := r.URL.Query().Get("month"); m != "" {
		return pay.ParseMonth(m)
	}
	now := s.Now()
	this := pay.MonthOf(now, s.Commands.Pay.Calendar(now))
	return pay.Month(time.Time(this).AddDate(0, -1, 0)), nil
}

// canReadPay refuses an actor who is not employeeID, a manager of their
// org unit, finance or an auditing role (§3.4-read).
func canReadPay(actor domain.Actor, employeeID, orgUnitID string) error {
	if _, all := actor.ActingAs(queries.PayReaders...); all || actor.EmployeeID == employeeID {
		return nil
	}
	if _, manager := actor.ActingAs(payManagers...); manager && orgUnitID != "" && actor.OrgUnitID == orgUnitID {
		return nil
	}
	return domain.Forbidden("an employee's pay is visible to them, their managers, finance and the auditors only")
}

func (s *Server) employeeUnit(ctx context.Context, employeeID string, month pay.Month) (string, error) {
	m, err := s.Queries.PayMonth(ctx, month)
	if err != nil {
		return "", err
	}
	_, unit, _ := m.Facts(employeeID, func(string) bool { return false })
	return unit, nil
}

func (s *Server) getMonthlyResults(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	month, err := s.requireMonth(r)
	if err != nil {
		return nil, 0, err
	}
	id := chi.URLParam(r, "id")
	unit, err := s.employeeUnit(ctx, id, month)
	if err != nil {
		return nil, 0, err
	}
	if err := canReadPay(actor, id, unit); err != nil {
		return nil, 0, err
	}
	v, err := s.Queries.MonthlyResults(ctx, id, month)
	return v, 0, err
}

func (s *Server) getPayStatement(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	month, err := pay.ParseMonth(chi.URLParam(r, "month"))
	if err != nil {
		return nil, 0, err
	}
	id := chi.URLParam(r, "id")
	v, err := s.payStatementAt(ctx, id, month)
	if err != nil {
		if cerr := canReadPay(actor, id, ""); cerr != nil {
			return nil, 0, cerr // a refusal says nothing of whether it exists
		}
		return nil, 0, err
	}
	if err := canReadPay(actor, id, v.OrgUnitID); err != nil {
		return nil, 0, err
	}
	return v, v.Version, nil
}

// payScope narrows a list to what actor reads: everything for the pay
// readers, their own department for a manager, their own row otherwise.
func payScope(actor domain.Actor, orgUnitID, employeeID string) (string, string, error) {
	if _, all := actor.ActingAs(queries.PayReaders...); all {
		return orgUnitID, employeeID, nil
	}
	if _, manager := actor.ActingAs(payManagers...); manager {
		if orgUnitID != "" && orgUnitID != actor.OrgUnitID {
			return "", "", domain.Forbidden("a manager reads the pay of their own department only")
		}
		return actor.OrgUnitID, employeeID, nil
	}
	if employeeID != "" && employeeID != actor.EmployeeID {
		return "", "", domain.Forbidden("an employee reads their own pay only")
	}
	return orgUnitID, actor.EmployeeID, nil
}

func (s *Server) listCommissions(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	month, err := s.requireMonth(r)
	if err != nil {
		return nil, 0, err
	}
	unit, employeeID, err := payScope(actor, r.URL.Query().Get("org_unit_id"), r.URL.Query().Get("employee_id"))
	if err != nil {
		return nil, 0, err
	}
	m, err := s.Queries.PayMonth(ctx, month)
	if err != nil {
		return nil, 0, err
	}
	rules := s.Commands.Pay.RulesAt(month.End(s.Commands.Pay.Calendar(s.Now())).Add(-time.Nanosecond))
	rows, err := m.Commissions(month, unit, employeeID, rules, s.departmentMetTarget(ctx, month, m))
	return onePage(rows), 0, err
}

func (s *Server) listPayStatements(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	month, err := s.requireMonth(r)
	if err != nil {
		return nil, 0, err
	}
	unit, employeeID, err := payScope(actor, r.URL.Query().Get("org_unit_id"), "")
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.Queries.PayStatements(ctx, month, unit)
	if err != nil {
		return nil, 0, err
	}
	if employeeID != "" {
		rows = slices.DeleteFunc(rows, func(v queries.PayStatementView) bool { return v.EmployeeID != employeeID })
	}
	return onePage(rows), 0, nil
}

func (s *Server) listEmployeePayStatements(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	id := chi.URLParam(r, "id")
	rows, err := s.Queries.EmployeePayStatements(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	unit := ""
	if len(rows) > 0 {
		unit = rows[0].OrgUnitID
	}
	if err := canReadPay(actor, id, unit); err != nil {
		return nil, 0, err
	}
	return onePage(rows), 0, nil
}
