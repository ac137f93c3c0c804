package workplan

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Submitted is recorded when an employee submits a plan, and again when
// they submit a returned plan reworked (Revision counts the submissions
// from 1).
type Submitted struct {
	PlanID      string    `json:"plan_id"`
	EmployeeID  string    `json:"employee_id"`
	OrgUnitID   string    `json:"org_unit_id"`
	Period      Period    `json:"period"`
	PeriodStart time.Time `json:"period_start"`
	Content     string    `json:"content"`
	DueAt       time.Time `json:"due_at"`
	Late        bool      `json:"late,omitempty"`
	Revision    int       `json:"revision"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// Approved is recorded when the department head approves a plan.
type Approved struct {
	PlanID       string      `json:"plan_id"`
	ApproverID   string      `json:"approver_id"`
	ApproverRole domain.Role `json:"approver_role"`
	Comment      string      `json:"comment,omitempty"`
	ApprovedAt   time.Time   `json:"approved_at"`
}

// Returned is recorded when the department head returns a plan for
// rework, saying why.
type Returned struct {
	PlanID       string      `json:"plan_id"`
	ReviewerID   string      `json:"reviewer_id"`
	ReviewerRole domain.Role `json:"reviewer_role"`
	Reason       string      `json:"reason"`
	ReturnedAt   time.Time   `json:"returned_at"`
}

func (Submitted) EventType() string { return "workplan.submitted" }
func (Approved) EventType() string  { return "workplan.approved" }
func (Returned) EventType() string  { return "workplan.returned" }

// Events lists every event of the aggregate, for codec registration.
func Events() []domain.Event { return []domain.Event{Submitted{}, Approved{}, Returned{}} }
