package workreports

import (
	"time"

	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
)

// FoldPlan folds one work plan's events, in stream order, into the plan
// as WorkPlan shows it: the same changes queuePlans' statements make, in
// memory. ok is false when the events do not submit the plan.
func FoldPlan(events []eventstore.Recorded) (v queries.WorkPlanView, ok bool, err error) {
	codec := eventstore.NewCodec(workplan.Events()...)
	for _, r := range events {
		e, err := codec.DecodeRecorded(r)
		if err != nil {
			return v, false, err
		}
		switch e := e.(type) {
		case workplan.Submitted:
			if !ok {
				v = queries.WorkPlanView{PlanID: e.PlanID, EmployeeID: e.EmployeeID, OrgUnitID: e.OrgUnitID,
					Period: string(e.Period), PeriodStart: e.PeriodStart.Format(time.DateOnly)}
			}
			ok = true
			v.Content, v.Status, v.Late, v.Revision, v.SubmittedAt = e.Content, "SUBMITTED", e.Late, e.Revision, e.SubmittedAt
			v.DecidedBy, v.DecidedAt, v.Note = "", nil, ""
		case workplan.Approved:
			decidedPlan(&v, "APPROVED", e.ApproverID, e.ApprovedAt, e.Comment)
		case workplan.Returned:
			decidedPlan(&v, "RETURNED", e.ReviewerID, e.ReturnedAt, e.Reason)
		}
		if ok {
			v.Version, v.UpdatedAt = int64(r.StreamVersion), r.RecordedAt
		}
	}
	return v, ok, nil
}

func decidedPlan(v *queries.WorkPlanView, status, by string, when time.Time, note string) {
	v.Status, v.DecidedBy, v.DecidedAt, v.Note = status, by, &when, note
}
