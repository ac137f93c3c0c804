package commands

import (
	"context"
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/salesplan"
)

// Pay handles the monthly pay statements (SPEC §3.4).
type Pay struct {
	statements repository[pay.Statement]
	employees  repository[employee.Employee]
	commission regulation[salesplan.Regulation]
	pay        regulation[pay.Regulation]
	staff      regulation[employee.Regulation] // the company calendar months are cut by
	now        func() time.Time
}

func newPay(log *eventLog, r Regulations) *Pay {
	return &Pay{
		statements: newRepository(log, pay.Statement.Evolve, "pay statement"),
		employees:  log.employees,
		commission: newRegulation(salesPlanRegulation, r.SalesPlan, salesplan.DefaultRegulation),
		pay:        newRegulation(payRegulation, r.Pay, pay.DefaultRegulation),
		staff:      newRegulation(employeeRegulation, r.Employee, employee.DefaultRegulation),
		now:        log.now,
	}
}

// payIssuers issue pay statements: finance (§1.6: finance pays).
var payIssuers = []domain.Role{domain.RoleFinance}

// IssuePayStatement issues an employee's statement for a month that is
// over. Facts carries what the records show for the month (collected
// volume, the managed staff's volumes and the department's target, the
// top performer, rewards and fines), read from the pay read model by the
// caller; the role and base salary come from the employee file here, and
// the bonus with its settlement reference is finance's.
type IssuePayStatement struct {
	EmployeeID     string
	Month          pay.Month
	Facts          pay.Facts
	Bonus          domain.Money
	BonusReference string
}

// RulesAt returns the pay rules in force at t: the version ids and
// parameters of the sales-plan (commission) and pay regulations.
func (h *Pay) RulesAt(t time.Time) pay.Rules {
	c, cv := h.commission.at(t)
	p, pv := h.pay.at(t)
	return pay.Rules{Commission: c, CommissionVersion: cv, Pay: p, PayVersion: pv}
}

// Calendar is the company's time zone, which cuts the months.
func (h *Pay) Calendar(t time.Time) *time.Location {
	staff, _ := h.staff.at(t)
	return time.FixedZone("company", int(staff.UTCOffset/time.Second))
}

// IssuePayStatement records pay.StatementIssued under the regulation
// versions in force at the month's last instant.
func (h *Pay) IssuePayStatement(ctx context.Context, m Meta, cmd IssuePayStatement) (Result, error) {
	role, err := authorize(m, "IssuePayStatement", payIssuers...)
	if err != nil {
		return Result{}, err
	}
	now := m.businessTime(h.now)
	end := cmd.Month.End(h.Calendar(now))
	rules := h.RulesAt(end.Add(-time.Nanosecond))
	who, _, err := h.employees.Load(ctx, employee.Stream(cmd.EmployeeID))
	if err != nil {
		return Result{}, err
	}
	facts := cmd.Facts
	facts.Role, facts.BaseSalary, facts.Bonus = who.Role, who.BaseSalary, cmd.Bonus
	in := pay.Issue{EmployeeID: cmd.EmployeeID, Month: cmd.Month, Facts: facts, BonusReference: cmd.BonusReference,
		MonthEnd: end, IssuedBy: m.Actor.EmployeeID, IssuedAt: now, EmployedInMonth: onPayroll(who)}
	return h.statements.Update(ctx, m, decision[pay.Statement]{
		stream: pay.Stream(cmd.EmployeeID, cmd.Month), role: role, regulation: rules.PayVersion,
		decide: func(s pay.Statement) ([]domain.Event, error) { return s.Issue(in, rules) },
	})
}

// onPayroll reports whether the employee was hired (onboarding, at work,
// leaving or gone: a departed employee's last months are paid too).
func onPayroll(e employee.Employee) bool {
	return slices.Contains([]employee.Status{employee.StatusOnboarding, employee.StatusOnProbation, employee.StatusRegular,
		employee.StatusLeaving, employee.StatusDeparted}, e.Status)
}
