package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/pay"
)

// PayReaders read everyone's pay and commission figures; anyone else
// reads their own, and a department head their department's (§3.4-read).
var PayReaders = []domain.Role{domain.RoleFinance, domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleGM, domain.RoleLeadership, domain.RoleHR}

// ErrPayStatementNotFound answers a statement not issued.
var ErrPayStatementNotFound = domain.NotFound("no pay statement for that employee and month")

// MonthlyResultView is an employee's business results for a month: what
// the contracts they drafted collected (the figure commission and the
// no-results rule E6 read).
type MonthlyResultView struct {
	EmployeeID string     `db:"employee_id" json:"employee_id"`
	Month      string     `db:"month" json:"month"`
	Collected  MinorUnits `db:"collected_minor" json:"collected"`
	Currency   string     `db:"currency" json:"currency"`
}

// CommissionView is one employee's commission for a month under the
// regulation versions named: collected volume, commission, the manager
// override (department heads), allowance and top-performer award.
type CommissionView struct {
	EmployeeID          string     `json:"employee_id"`
	OrgUnitID           string     `json:"org_unit_id"`
	Role                string     `json:"role"`
	Month               string     `json:"month"`
	Collected           MinorUnits `json:"collected"`
	Commission          MinorUnits `json:"commission"`
	Override            MinorUnits `json:"override"`
	Allowance           MinorUnits `json:"allowance"`
	TopPerformerAward   MinorUnits `json:"top_performer_award"`
	TopPerformer        bool       `json:"top_performer"`
	DepartmentMetTarget bool       `json:"department_met_target"`
	Currency            string     `json:"currency"`
	RegulationVersions  []string   `json:"regulation_versions"`
}

// PayStatementView is an issued pay statement.
type PayStatementView struct {
	EmployeeID          string     `db:"employee_id" json:"employee_id"`
	Month               string     `db:"month" json:"month"`
	OrgUnitID           string     `db:"org_unit_id" json:"org_unit_id"`
	Role                string     `db:"role" json:"role"`
	BaseSalary          MinorUnits `db:"base_salary_minor" json:"base_salary"`
	Collected           MinorUnits `db:"collected_minor" json:"collected"`
	Commission          MinorUnits `db:"commission_minor" json:"commission"`
	Override            MinorUnits `db:"override_minor" json:"override"`
	Allowance           MinorUnits `db:"allowance_minor" json:"allowance"`
	TopPerformerAward   MinorUnits `db:"top_performer_minor" json:"top_performer_award"`
	Bonus               MinorUnits `db:"bonus_minor" json:"bonus"`
	Rewards             MinorUnits `db:"rewards_minor" json:"rewards"`
	Fines               MinorUnits `db:"fines_minor" json:"fines"`
	Net                 MinorUnits `db:"net_minor" json:"net"`
	TopPerformer        bool       `db:"top_performer" json:"top_performer"`
	DepartmentMetTarget bool       `db:"department_met_target" json:"department_met_target"`
	BonusReference      string     `db:"bonus_reference" json:"bonus_reference,omitempty"`
	RegulationVersions  []string   `db:"regulation_versions" json:"regulation_versions"`
	IssuedBy            string     `db:"issued_by" json:"issued_by"`
	IssuedAt            time.Time  `db:"issued_at" json:"issued_at"`
	// Version is the version of the statement's stream the view reflects:
	// 1, its one event, on a read of one statement (lists leave it out).
	Version int64 `db:"-" json:"version,omitempty"`
}

// PayMonth is one month's pay facts of everyone, as the pay read model
// holds them, ready for domain/pay's Compute under any rules.
type PayMonth interface {
	// Facts are employeeID's facts; met tells whether an org unit met its
	// target (the manager override's condition). It returns the
	// employee's org unit, and false for someone the month does not know.
	Facts(employeeID string, met func(orgUnitID string) bool) (pay.Facts, string, bool)
	// Commissions computes the matching employees' commissions under rules.
	Commissions(month pay.Month, orgUnitID, employeeID string, rules pay.Rules, met func(string) bool) ([]CommissionView, error)
	// DepartmentCollected is what an org unit's staff collected.
	DepartmentCollected(orgUnitID string) domain.Money
}
