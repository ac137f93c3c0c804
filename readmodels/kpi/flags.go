package kpi

import (
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
)

// The flags the system's deadlines raise to a department head, kept as
// facts so activity and discipline (R12) shows them by person, team and
// department: a working day that ended without the employee's daily
// report (E12-missing) and a month that ended without the review of a
// file the employee owns (C4-missed); and so that receivables (R7) shows
// the dunning steps that fell due to the contract's owner (K10-ladder).
const (
	factReportMissed = "report_missed"
	factReviewMissed = "file_review_missed"
	factStepDue      = "collection_step_due"
)

// flagFactEvents are the flag events recorded as facts.
var flagFactEvents = []domain.Event{employee.DailyReportMissed{}, customer.FileReviewMissed{}, contract.CollectionStepDue{}}

// Version implements projections.Versioned: version 2 records the
// deadlines' flags, which a generation built before them lacks; version 3
// keeps the monthly counters (kpi_monthly) the KPIs read; version 4 the
// customers' files and orders and R9's ordering counters (ordering.go).
func (Projection) Version() int { return 4 }

// flagFactOf is the fact a flag event records (nil: none).
func flagFactOf(e domain.Event) *factRow {
	switch ev := e.(type) {
	case employee.DailyReportMissed:
		return &factRow{Fact: factReportMissed, At: ev.FlaggedAt, EmployeeID: ev.EmployeeID, SubjectID: ev.Day}
	case customer.FileReviewMissed:
		return &factRow{Fact: factReviewMissed, At: ev.FlaggedAt, EmployeeID: ev.OwnerRepID, SubjectID: ev.CustomerID}
	case contract.CollectionStepDue:
		return &factRow{Fact: factStepDue, At: ev.FlaggedAt, EmployeeID: ev.RepID, SubjectID: ev.ContractID}
	}
	return nil
}
