package salesplan

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Drafted is recorded when a plan is drafted, and again when a draft is
// reworked before review.
type Drafted struct {
	PlanID string `json:"plan_id"`
	Details
	DraftedBy string    `json:"drafted_by"`
	DraftedAt time.Time `json:"drafted_at"`
}

// Reviewed is recorded when the department head reviews a draft. A review
// that did not pass returns the plan to its drafters.
type Reviewed struct {
	PlanID       string      `json:"plan_id"`
	ReviewerID   string      `json:"reviewer_id"`
	ReviewerRole domain.Role `json:"reviewer_role"`
	Passed       bool        `json:"passed"`
	Comment      string      `json:"comment"`
	ReviewedAt   time.Time   `json:"reviewed_at"`
}

// Approved is recorded when company leadership approves a reviewed plan.
type Approved struct {
	PlanID       string      `json:"plan_id"`
	ApproverID   string      `json:"approver_id"`
	ApproverRole domain.Role `json:"approver_role"`
	Comment      string      `json:"comment"`
	ApprovedAt   time.Time   `json:"approved_at"`
}

// Decomposed is recorded when an approved plan is decomposed; it replaces
// any earlier decomposition and is followed, in the same append, by one
// TargetAllocated per target.
type Decomposed struct {
	PlanID       string       `json:"plan_id"`
	Targets      int          `json:"targets"`
	Tolerance    domain.Money `json:"tolerance"`
	DecomposedBy string       `json:"decomposed_by"`
	DecomposedAt time.Time    `json:"decomposed_at"`
}

// TargetAllocated is recorded for each target of a decomposition.
type TargetAllocated struct {
	PlanID string `json:"plan_id"`
	Allocation
	AllocatedBy string    `json:"allocated_by"`
	AllocatedAt time.Time `json:"allocated_at"`
}

// TargetRevised is recorded when a target of an active plan is changed
// in a revision that keeps every sum.
type TargetRevised struct {
	PlanID string `json:"plan_id"`
	Allocation
	Previous  domain.Money `json:"previous"`
	Reason    string       `json:"reason"`
	RevisedBy string       `json:"revised_by"`
	RevisedAt time.Time    `json:"revised_at"`
}

// Activated is recorded when a fully decomposed plan comes into force.
type Activated struct {
	PlanID      string    `json:"plan_id"`
	ActivatedBy string    `json:"activated_by"`
	ActivatedAt time.Time `json:"activated_at"`
}

// Closed is recorded when a plan's period is over or it is withdrawn.
type Closed struct {
	PlanID   string    `json:"plan_id"`
	Reason   string    `json:"reason"`
	ClosedBy string    `json:"closed_by"`
	ClosedAt time.Time `json:"closed_at"`
}

func (Drafted) EventType() string         { return "salesplan.drafted" }
func (Reviewed) EventType() string        { return "salesplan.reviewed" }
func (Approved) EventType() string        { return "salesplan.approved" }
func (Decomposed) EventType() string      { return "salesplan.decomposed" }
func (TargetAllocated) EventType() string { return "salesplan.target_allocated" }
func (TargetRevised) EventType() string   { return "salesplan.target_revised" }
func (Activated) EventType() string       { return "salesplan.activated" }
func (Closed) EventType() string          { return "salesplan.closed" }

// Events lists every event of the sales plan stream, for the codec registry.
func Events() []domain.Event {
	return []domain.Event{
		Drafted{}, Reviewed{}, Approved{}, Decomposed{}, TargetAllocated{},
		TargetRevised{}, Activated{}, Closed{},
	}
}
