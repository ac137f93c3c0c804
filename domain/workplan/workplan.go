// Package workplan is the WorkPlan aggregate (§3.2, §5 item 17): a sales
// employee's monthly or weekly work plan, made at the start of its period
// and submitted to the head of their department, who approves it or
// returns it for rework. One plan per employee and period: its id is
// derived from them (PlanID).
package workplan

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Period is the cadence of a plan.
type Period string

// The plan cadences the regulations name for the rep (「月度计划、周计划」).
const (
	PeriodMonthly Period = "MONTHLY"
	PeriodWeekly  Period = "WEEKLY"
)

// Status is where a plan stands. The zero value means "not submitted".
type Status string

// The plan states.
const (
	StatusNone      Status = ""
	StatusSubmitted Status = "SUBMITTED"
	StatusApproved  Status = "APPROVED"
	StatusReturned  Status = "RETURNED"
)

// WorkPlan is the state rebuilt from a plan stream.
//
// Rules:
//  1. The employee submits their own plan for a month (from its 1st) or
//     a week (from its Monday), with its content (WP1).
//  2. A plan is due by the end of its period's first day, company time: a
//     later one is recorded late; a plan of a period that ended is
//     refused (WP1-due).
//  3. Only the department head approves a plan or returns it, with a
//     reason, and only a submitted plan; a returned plan is reworked and
//     submitted again; an approved plan is final (WP2).
type WorkPlan struct {
	ID          string    `json:"id"`
	EmployeeID  string    `json:"employee_id"`
	OrgUnitID   string    `json:"org_unit_id"`
	Period      Period    `json:"period"`
	PeriodStart time.Time `json:"period_start"`
	Content     string    `json:"content"`
	Status      Status    `json:"status"`
	Late        bool      `json:"late"`
	Revision    int       `json:"revision"`
}

// Stream returns the event store stream name of a work plan.
func Stream(id string) string { return "workplan-" + id }

// PlanID is the id of employeeID's plan of cadence p starting on start
// (a calendar date): one plan per employee and period.
func PlanID(employeeID string, p Period, start time.Time) string {
	return employeeID + "-" + strings.ToLower(string(p)) + "-" + start.Format(time.DateOnly)
}

// Exists reports whether the plan was submitted.
func (w WorkPlan) Exists() bool { return w.Status != StatusNone }

// Evolve returns the state after e. It never fails and never validates.
func (w WorkPlan) Evolve(e domain.Event) WorkPlan {
	switch e := e.(type) {
	case Submitted:
		w.ID, w.EmployeeID, w.OrgUnitID = e.PlanID, e.EmployeeID, e.OrgUnitID
		w.Period, w.PeriodStart, w.Content = e.Period, e.PeriodStart, e.Content
		w.Status, w.Late, w.Revision = StatusSubmitted, e.Late, e.Revision
	case Approved:
		w.Status = StatusApproved
	case Returned:
		w.Status = StatusReturned
	}
	return w
}

// DueAt is when a plan of cadence p starting on start is due: the end of
// the period's first day at the company's midnight (WP1-due). The start
// is read as a calendar date in zone.
func DueAt(start time.Time, zone *time.Location) time.Time {
	return time.Date(start.Year(), start.Month(), start.Day()+1, 0, 0, 0, 0, zone).UTC()
}

// periodEnd is when the period of cadence p starting on start ends.
func periodEnd(p Period, start time.Time, zone *time.Location) time.Time {
	first := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, zone)
	if p == PeriodMonthly {
		return first.AddDate(0, 1, 0)
	}
	return first.AddDate(0, 0, 7)
}
