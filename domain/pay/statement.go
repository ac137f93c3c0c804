package pay

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Statement is the state of one employee's pay statement for one month.
type Statement struct {
	EmployeeID string
	Month      string
	Issued     bool
}

// Stream is the event stream of employeeID's statement for month.
func Stream(employeeID string, month Month) string {
	return "pay-" + employeeID + "-" + month.String()
}

// Evolve applies one event to the state.
func (s Statement) Evolve(e domain.Event) Statement {
	if e, ok := e.(StatementIssued); ok {
		s.EmployeeID, s.Month, s.Issued = e.EmployeeID, e.Month, true
	}
	return s
}

// Issue is a request to issue a month's statement.
type Issue struct {
	EmployeeID      string
	Month           Month
	Facts           Facts
	BonusReference  string // the settlement the bonus comes from
	MonthEnd        time.Time
	IssuedBy        string
	IssuedAt        time.Time
	EmployedInMonth bool
}

// Issue computes and records the month's pay statement under r. It
// refuses a month not yet over (§3.4-statement), an employee not at work
// in it, a negative bonus, a bonus without its settlement reference and a
// statement already issued (a correction is a new regulation version's
// what-if, or a bonus in a later month, never a rewrite).
func (s Statement) Issue(in Issue, r Rules) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("employee_id", in.EmployeeID), domain.Text("bonus_reference", in.BonusReference)); err != nil {
		return nil, err
	}
	switch {
	case strings.TrimSpace(in.EmployeeID) == "":
		return nil, domain.InvalidField("employee_id", "is required")
	case in.Month.IsZero():
		return nil, domain.InvalidField("month", "is required")
	case s.Issued:
		return nil, ErrAlreadyIssued
	case in.IssuedAt.Before(in.MonthEnd):
		return nil, ErrMonthOpen
	case !in.EmployedInMonth:
		return nil, ErrNotEmployed
	case in.Facts.Bonus.IsNegative():
		return nil, ErrNegativeAmount
	case in.Facts.Bonus.IsPositive() && strings.TrimSpace(in.BonusReference) == "":
		return nil, domain.InvalidField("bonus_reference", "names the settlement a bonus is paid on (project final acceptance)")
	}
	figures, err := Compute(in.Facts, r)
	if err != nil {
		return nil, err
	}
	return []domain.Event{StatementIssued{
		EmployeeID: in.EmployeeID, Month: in.Month.String(), Role: in.Facts.Role, Figures: figures,
		TopPerformer: in.Facts.TopPerformer, DepartmentMetTarget: in.Facts.DepartmentMetTarget, ManagedStaff: len(in.Facts.ManagedCollected),
		BonusReference: in.BonusReference, RegulationVersions: r.Versions(), IssuedBy: in.IssuedBy, IssuedAt: in.IssuedAt,
	}}, nil
}
