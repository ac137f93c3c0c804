package complaints

import (
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// complaintFolds change a complaint for the events that do more than move
// its status.
var complaintFolds = map[string]func(*queries.ComplaintView, eventstore.Recorded) error{
	complaint.Routed{}.EventType(): func(v *queries.ComplaintView, e eventstore.Recorded) error {
		ev, err := tables.DecodeBody[complaint.Routed](e)
		if err != nil {
			return err
		}
		v.DepartmentID = ev.DepartmentID
		if v.RoutedAt == nil {
			v.RoutedAt = &ev.RoutedAt
		}
		if v.Status == string(complaint.StatusReceived) {
			v.Status = string(complaint.StatusRouted)
		}
		return nil
	},
	complaint.CustomerUpdated{}.EventType(): func(v *queries.ComplaintView, e eventstore.Recorded) error {
		ev, err := tables.DecodeBody[complaint.CustomerUpdated](e)
		if err != nil {
			return err
		}
		if v.FirstUpdateAt == nil {
			v.FirstUpdateAt = &ev.UpdatedAt
		}
		v.LastUpdateAt = &ev.UpdatedAt
		return nil
	},
	complaint.Escalated{}.EventType(): func(v *queries.ComplaintView, e eventstore.Recorded) error {
		ev, err := tables.DecodeBody[complaint.Escalated](e)
		if err != nil {
			return err
		}
		v.Status, v.EscalatedTo = string(complaint.StatusEscalated), ev.EscalatedTo
		v.Escalations++
		return nil
	},
	complaint.Closed{}.EventType(): func(v *queries.ComplaintView, e eventstore.Recorded) error {
		ev, err := tables.DecodeBody[complaint.Closed](e)
		if err != nil {
			return err
		}
		v.Status, v.ClosedAt = string(complaint.StatusClosed), &ev.ClosedAt
		return nil
	},
	complaint.Reopened{}.EventType(): func(v *queries.ComplaintView, _ eventstore.Recorded) error {
		// Time to close is measured to the closure that stuck.
		v.Status, v.ClosedAt = string(complaint.StatusReopened), nil
		v.ReopenCount++
		return nil
	},
	complaint.RootCauseRecorded{}.EventType(): func(v *queries.ComplaintView, e eventstore.Recorded) error {
		ev, err := tables.DecodeBody[complaint.RootCauseRecorded](e)
		if err != nil {
			return err
		}
		v.RootCauseCategory = ev.Category
		return nil
	},
}
