package workplan

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Draft is what an employee submits: the plan of a period.
type Draft struct {
	EmployeeID  string
	OrgUnitID   string
	Period      Period
	PeriodStart time.Time
	Content     string
}

// Submit records the plan, or its rework after a return (WP1, WP2). It is
// due by the end of its period's first day in zone (WP1-due) and recorded
// late after that; a plan of a period already over is refused. A plan
// under review is not submitted again; an approved plan is final.
func (w WorkPlan) Submit(d Draft, zone *time.Location, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("employee_id", d.EmployeeID), domain.Text("org_unit_id", d.OrgUnitID), domain.Text("content", d.Content)); err != nil {
		return nil, err
	}
	if err := d.validate(); err != nil {
		return nil, err
	}
	switch w.Status {
	case StatusSubmitted:
		return nil, ErrUnderReview
	case StatusApproved:
		return nil, ErrFinal
	}
	if !now.Before(periodEnd(d.Period, d.PeriodStart, zone)) {
		return nil, ErrPeriodOver
	}
	due := DueAt(d.PeriodStart, zone)
	return []domain.Event{Submitted{
		PlanID: PlanID(d.EmployeeID, d.Period, d.PeriodStart), EmployeeID: d.EmployeeID, OrgUnitID: d.OrgUnitID,
		Period: d.Period, PeriodStart: d.PeriodStart, Content: d.Content, DueAt: due, Late: now.After(due),
		Revision: w.Revision + 1, SubmittedAt: now,
	}}, nil
}

func (d Draft) validate() error {
	switch {
	case d.Period != PeriodMonthly && d.Period != PeriodWeekly:
		return ErrBadPeriod
	case d.EmployeeID == "" || d.PeriodStart.IsZero():
		return domain.Invalid("a required field is empty")
	case strings.TrimSpace(d.Content) == "":
		return ErrMissingContent
	case d.Period == PeriodMonthly && d.PeriodStart.Day() != 1:
		return ErrMonthStart
	case d.Period == PeriodWeekly && d.PeriodStart.Weekday() != time.Monday:
		return ErrWeekStart
	}
	return nil
}

// Approve records the department head's approval of a submitted plan
// (WP2). Approving an approved plan records nothing.
func (w WorkPlan) Approve(approverID string, role domain.Role, comment string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	if err := w.reviewable(approverID, role); err != nil {
		return nil, err
	}
	if w.Status == StatusApproved {
		return nil, nil
	}
	if w.Status != StatusSubmitted {
		return nil, ErrNotSubmitted
	}
	return []domain.Event{Approved{PlanID: w.ID, ApproverID: approverID, ApproverRole: role, Comment: comment, ApprovedAt: now}}, nil
}

// Return records the department head's return of a submitted plan for
// rework, with the reason (WP2). Returning a returned plan records
// nothing; an approved plan is final.
func (w WorkPlan) Return(reviewerID string, role domain.Role, reason string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if err := w.reviewable(reviewerID, role); err != nil {
		return nil, err
	}
	switch w.Status {
	case StatusReturned:
		return nil, nil
	case StatusApproved:
		return nil, ErrFinal
	}
	if strings.TrimSpace(reason) == "" {
		return nil, ErrMissingReason
	}
	return []domain.Event{Returned{PlanID: w.ID, ReviewerID: reviewerID, ReviewerRole: role, Reason: reason, ReturnedAt: now}}, nil
}

// reviewable refuses an unknown plan, a reviewer who is not a department
// head, and the planner reviewing their own plan.
func (w WorkPlan) reviewable(reviewerID string, role domain.Role) error {
	switch {
	case !w.Exists():
		return ErrNotFound
	case role != domain.RoleDeptHead:
		return ErrReviewerRole
	case reviewerID == w.EmployeeID:
		return ErrOwnPlan
	}
	return nil
}
