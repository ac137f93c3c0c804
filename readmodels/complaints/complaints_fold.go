package complaints

import (
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// complaintFolds change a complaint for the events that do more than move
// its status.
var complaintFolds = map[string]func(*queries.ComplaintView, tables.Decoded) error{
	complaint.Routed{}.EventType(): func(v *queries.ComplaintView, e tables.Decoded) error {
		ev := e.Event.(complaint.Routed)
		v.DepartmentID = ev.DepartmentID
		if v.RoutedAt == nil {
			v.RoutedAt = &ev.RoutedAt
		}
		if v.Status == string(complaint.StatusReceived) {
			v.Status = string(complaint.StatusRouted)
		}
		return nil
	},
	complaint.CustomerUpdated{}.EventType(): func(v *queries.ComplaintView, e tables.Decoded) error {
		ev := e.Event.(complaint.CustomerUpdated)
		if v.FirstUpdateAt == nil {
			v.FirstUpdateAt = &ev.UpdatedAt
		}
		v.LastUpdateAt = &ev.UpdatedAt
		return nil
	},
	complaint.Escalated{}.EventType(): func(v *queries.ComplaintView, e tables.Decoded) error {
		ev := e.Event.(complaint.Escalated)
		v.Status, v.EscalatedTo = string(complaint.StatusEscalated), ev.EscalatedTo
		v.Escalations++
		return nil
	},
	complaint.Closed{}.EventType(): func(v *queries.ComplaintView, e tables.Decoded) error {
		ev := e.Event.(complaint.Closed)
		v.Status, v.ClosedAt = string(complaint.StatusClosed), &ev.ClosedAt
		return nil
	},
	complaint.Reopened{}.EventType(): func(v *queries.ComplaintView, _ tables.Decoded) error {
		// Time to close is measured to the closure that stuck.
		v.Status, v.ClosedAt = string(complaint.StatusReopened), nil
		v.ReopenCount++
		return nil
	},
	complaint.RootCauseRecorded{}.EventType(): func(v *queries.ComplaintView, e tables.Decoded) error {
		ev := e.Event.(complaint.RootCauseRecorded)
		v.RootCauseCategory = ev.Category
		return nil
	},
}
