package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// The work reports and work plans read contract (§3.2): per employee and
// period, whether the report was filed (on time or late), rejected as
// sloppy or flagged missing, and where each monthly or weekly plan
// stands.

// WorkReportStatuses are the states of an employee's period: FILED (a
// report stands), REJECTED (its report was rejected as sloppy and counts
// as missing, E12), MISSING (the period ended without a report and was
// flagged, E12-missing, E12-due). The filing list adds NOT_FILED: no
// report yet and no flag (the period has not ended, or its check has not
// run).
var WorkReportStatuses = []string{"FILED", "REJECTED", "MISSING"}

// WorkReportFilingStatuses are the states the filing list shows.
var WorkReportFilingStatuses = []string{"FILED", "REJECTED", "MISSING", "NOT_FILED"}

// WorkPlanStatuses are the work plan states.
var WorkPlanStatuses = []string{"SUBMITTED", "APPROVED", "RETURNED"}

// WorkReportPeriods are the report cadences; WorkPlanPeriods the plans'.
var (
	WorkReportPeriods = []string{"DAILY", "WEEKLY", "MONTHLY"}
	WorkPlanPeriods   = []string{"MONTHLY", "WEEKLY"}
)

// ErrWorkPlanNotFound answers a plan not submitted.
var ErrWorkPlanNotFound = domain.NotFound("work plan not found")

// WorkReportView is one employee's period: its report (the last one
// submitted) and what became of it. Late says the report came after its
// due time; Flagged that the period was flagged missing, even if a late
// report followed.
type WorkReportView struct {
	RowID       string     `db:"row_id" json:"row_id"`
	EmployeeID  string     `db:"employee_id" json:"employee_id"`
	OrgUnitID   string     `db:"org_unit_id" json:"org_unit_id"`
	Period      string     `db:"period" json:"period"`
	PeriodStart string     `db:"period_start" json:"period_start"`
	Status      string     `db:"status" json:"status"`
	ReportID    string     `db:"report_id" json:"report_id,omitempty"`
	Late        bool       `db:"late" json:"late"`
	Flagged     bool       `db:"flagged" json:"flagged"`
	DueAt       *time.Time `db:"due_at" json:"due_at,omitempty"`
	SubmittedAt *time.Time `db:"submitted_at" json:"submitted_at,omitempty"`
	Visits      int        `db:"visits" json:"visits"`
	Minutes     int        `db:"minutes" json:"minutes"`
	RejectedBy  string     `db:"rejected_by" json:"rejected_by,omitempty"`
	UpdatedAt   time.Time  `db:"updated_at" json:"updated_at"`
}

// WorkReportFilter selects employees' periods. Empty fields select
// everything; From and To bound the period's first day (inclusive).
type WorkReportFilter struct {
	OrgUnitID  string
	EmployeeID string
	Period     string
	Status     string
	From, To   string
	// Sort is -period_start (default) or period_start.
	Sort string
}

// WorkReportSorts are the orders the list takes.
var WorkReportSorts = []string{"-period_start", "period_start"}

// ReportFilingView is one employee of a unit for one period: who has and
// who has not filed.
type ReportFilingView struct {
	EmployeeID string `db:"employee_id" json:"employee_id"`
	OrgUnitID  string `db:"org_unit_id" json:"org_unit_id"`
	Role       string `db:"role" json:"role"`
	Status     string `db:"status" json:"status"`
	ReportID   string `db:"report_id" json:"report_id,omitempty"`
	Late       bool   `db:"late" json:"late"`
	Flagged    bool   `db:"flagged" json:"flagged"`
}

// ReportFilingFilter names the period and, optionally, the org unit or
// employee; only employees at work in a role that files reports (the
// sales roles) are listed.
type ReportFilingFilter struct {
	Period      string
	PeriodStart string
	OrgUnitID   string
	EmployeeID  string
}

// WorkPlanView is a monthly or weekly work plan and where it stands.
type WorkPlanView struct {
	PlanID      string     `db:"plan_id" json:"plan_id"`
	EmployeeID  string     `db:"employee_id" json:"employee_id"`
	OrgUnitID   string     `db:"org_unit_id" json:"org_unit_id"`
	Period      string     `db:"period" json:"period"`
	PeriodStart string     `db:"period_start" json:"period_start"`
	Content     string     `db:"content" json:"content"`
	Status      string     `db:"status" json:"status"`
	Late        bool       `db:"late" json:"late"`
	Revision    int        `db:"revision" json:"revision"`
	SubmittedAt time.Time  `db:"submitted_at" json:"submitted_at"`
	DecidedBy   string     `db:"decided_by" json:"decided_by,omitempty"`
	DecidedAt   *time.Time `db:"decided_at" json:"decided_at,omitempty"`
	Note        string     `db:"note" json:"note,omitempty"`
	Version     int64      `db:"version" json:"version"`
	UpdatedAt   time.Time  `db:"updated_at" json:"updated_at"`
}

// WorkPlanFilter selects work plans. Empty fields select everything.
type WorkPlanFilter struct {
	OrgUnitID  string
	EmployeeID string
	Period     string
	Status     string
	// Sort is -period_start (default) or period_start.
	Sort string
}

// WorkReportReaders read every unit's reports and plans: the GM and
// leadership, HR and the admin office (with whom reports are filed, §3.2:
// 「上报至部门经理或行政部经理备案」) and the auditors.
var WorkReportReaders = []domain.Role{domain.RoleGM, domain.RoleDeputyGM, domain.RoleGMOffice, domain.RoleLeadership,
	domain.RoleHR, domain.RoleAdminOffice, domain.RoleAuditor, domain.RoleSupervisorBoard}

// WorkReportManagers read their own unit's reports and plans.
var WorkReportManagers = []domain.Role{domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor, domain.RoleBranchManager}

// ScopeWorkReports narrows a list to what actor reads (WP-read): every
// unit for the readers, their own unit for a manager, their own rows for
// anyone else; it refuses asking for more.
func ScopeWorkReports(actor domain.Actor, orgUnitID, employeeID string) (string, string, error) {
	if _, all := actor.ActingAs(WorkReportReaders...); all {
		return orgUnitID, employeeID, nil
	}
	if _, manager := actor.ActingAs(WorkReportManagers...); manager {
		if orgUnitID != "" && orgUnitID != actor.OrgUnitID {
			return "", "", domain.Forbidden("a department head reads the reports and plans of their own org unit only")
		}
		return actor.OrgUnitID, employeeID, nil
	}
	if employeeID != "" && employeeID != actor.EmployeeID {
		return "", "", domain.Forbidden("an employee reads their own reports and plans only")
	}
	return orgUnitID, actor.EmployeeID, nil
}

// MayReadWorkPlan reports whether actor reads a plan of employeeID in
// orgUnitID (WP-read).
func MayReadWorkPlan(actor domain.Actor, employeeID, orgUnitID string) bool {
	if _, all := actor.ActingAs(WorkReportReaders...); all || actor.EmployeeID == employeeID {
		return true
	}
	_, manager := actor.ActingAs(WorkReportManagers...)
	return manager && orgUnitID != "" && actor.OrgUnitID == orgUnitID
}
