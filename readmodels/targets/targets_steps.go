package targets

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// planStepRow is a row of sales_plan_steps: one step of a plan's
// workflow (drafted, reviewed, approved, decomposed, activated, closed),
// keyed by the event's stream version. Revisions are not steps: each
// changes one target and shows in the plan's targets and status.
type planStepRow struct {
	PlanID   string    `db:"plan_id"`
	Seq      int64     `db:"seq"`
	Step     string    `db:"step"`
	ActorID  string    `db:"actor_id"`
	Role     string    `db:"role"`
	Decision string    `db:"decision"`
	Comment  string    `db:"comment"`
	At       time.Time `db:"at"`
}

// Decisions of a review step.
const (
	stepPassed   = "PASSED"
	stepReturned = "RETURNED"
)

// step records s as the step of event e; a step without its own time
// takes the time the event was recorded.
func (f *planFold) step(e tables.Decoded, s planStepRow) {
	s.PlanID, s.Seq = e.Stream[len(salesplan.Stream("")):], int64(e.StreamVersion)
	if s.At.IsZero() {
		s.At = e.RecordedAt
	}
	f.steps = append(f.steps, &s)
}

// applyStep folds the workflow events of plan p: each moves its status
// and is a step. handled is false for the other events.
func (f *planFold) applyStep(p *planRow, e tables.Decoded) (handled bool, err error) {
	switch e.Type {
	case salesplan.Reviewed{}.EventType():
		return true, f.reviewed(p, e)
	case salesplan.Approved{}.EventType():
		ev := e.Event.(salesplan.Approved)
		p.Status = string(salesplan.StatusApproved)
		f.step(e, planStepRow{Step: "APPROVED", ActorID: ev.ApproverID, Role: string(ev.ApproverRole),
			Decision: stepPassed, Comment: ev.Comment, At: ev.ApprovedAt})
		return true, nil
	case salesplan.Decomposed{}.EventType():
		ev := e.Event.(salesplan.Decomposed)
		// It replaces the earlier decomposition; the plan's own annual
		// target stays.
		p.Status = string(salesplan.StatusDecomposed)
		f.targets[p.PlanID] = f.keep(p.PlanID, isAnnual)
		f.step(e, planStepRow{Step: "DECOMPOSED", ActorID: ev.DecomposedBy,
			Comment: strconv.Itoa(ev.Targets) + " targets", At: ev.DecomposedAt})
		return true, nil
	case salesplan.Activated{}.EventType():
		ev := e.Event.(salesplan.Activated)
		p.Status = string(salesplan.StatusActive)
		f.step(e, planStepRow{Step: "ACTIVATED", ActorID: ev.ActivatedBy, At: ev.ActivatedAt})
		return true, nil
	case salesplan.Closed{}.EventType():
		ev := e.Event.(salesplan.Closed)
		p.Status = string(salesplan.StatusClosed)
		f.step(e, planStepRow{Step: "CLOSED", ActorID: ev.ClosedBy, Comment: ev.Reason, At: ev.ClosedAt})
		return true, nil
	}
	return false, nil
}

// reviewed folds the department head's review: a passed review moves the
// plan on, a returned one leaves it a draft.
func (f *planFold) reviewed(p *planRow, e tables.Decoded) error {
	ev := e.Event.(salesplan.Reviewed)
	decision := stepReturned
	if ev.Passed {
		p.Status, decision = string(salesplan.StatusReviewed), stepPassed
	}
	f.step(e, planStepRow{Step: "REVIEWED", ActorID: ev.ReviewerID, Role: string(ev.ReviewerRole),
		Decision: decision, Comment: ev.Comment, At: ev.ReviewedAt})
	return nil
}

// jsonList is a list of text as the JSON array the text columns hold.
func jsonList(xs []string) string {
	if len(xs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(xs) // a []string always marshals
	return string(b)
}
