package deadlines

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/order"
)

// Source is a stored event as the derivation needs it: the domain event
// and its id and correlation, which the deadline carries.
type Source struct {
	Event         domain.Event
	EventID       string
	CorrelationID string
}

// past is how long after a due time a deadline fires: the decisions it
// fires count a time as passed only strictly after it.
const past = time.Second

// EventTypes are the stored names of the events Derive reads, for the
// follower's filter.
func EventTypes() []string {
	var names []string
	for _, e := range []domain.Event{
		contract.CollectionPlanSet{}, contract.Terminated{}, contract.Completed{},
		complaint.Received{}, complaint.Reopened{}, complaint.Closed{},
		order.Created{}, order.Changed{}, order.Delivered{}, order.Cancelled{},
		customer.Registered{}, customer.FileReviewed{}, customer.FileReviewMissed{},
		customer.Reactivated{}, customer.Abandoned{},
		employee.StartedWork{}, employee.WorkReportSubmitted{}, employee.DailyReportMissed{}, employee.WorkReportMissed{},
		employee.MonthlyResultsRecorded{}, employee.DepartureInitiated{}, employee.ProbationFailed{},
		employee.ProbationExtended{}, employee.ConfirmedRegular{},
	} {
		names = append(names, e.EventType())
	}
	return append(names, dunningEventTypes()...)
}

// Derive returns what s changes in the deadlines, under rules r. Only
// what can no longer fire is cancelled; a deadline whose reason went away
// by other means (a visit a person made, a file reviewed) is refused by
// its decision when it fires, so it has no effect either.
func Derive(s Source, r Rules) []Change {
	d := deriver{s: s, r: r}
	if changes, ok := d.dunning(s.Event); ok {
		return changes
	}
	switch e := s.Event.(type) {
	case contract.CollectionPlanSet:
		return d.instalments(e)
	case contract.Terminated:
		return []Change{cancelAll(InstalmentOverdue, e.ContractID)}
	case contract.Completed:
		return []Change{cancelAll(InstalmentOverdue, e.ContractID)}
	case complaint.Received:
		return []Change{d.at(ComplaintTimeLimit, e.ComplaintID, "", e.ReceivedAt.Add(r.ComplaintCloseWithin(e.ReceivedAt)))}
	case complaint.Reopened:
		// A reopened complaint has its time limit again, from the reopening.
		item := "reopened-" + e.ReopenedAt.UTC().Format(time.RFC3339Nano)
		return []Change{d.at(ComplaintTimeLimit, e.ComplaintID, item, e.ReopenedAt.Add(r.ComplaintCloseWithin(e.ReopenedAt)))}
	case complaint.Closed:
		return []Change{cancelAll(ComplaintTimeLimit, e.ComplaintID)}
	case order.Created:
		return d.delivery(e.OrderID, e.Lines)
	case order.Changed:
		return append([]Change{cancelAll(DeliveryDue, e.OrderID)}, d.delivery(e.OrderID, e.After)...)
	case order.Delivered:
		return []Change{cancelAll(DeliveryDue, e.OrderID)}
	case order.Cancelled:
		return []Change{cancelAll(DeliveryDue, e.OrderID)}
	case customer.Registered:
		return []Change{d.review(e.CustomerID, e.RegisteredAt, 1)}
	case customer.Reactivated:
		return []Change{d.review(e.CustomerID, e.ReactivatedAt, 0)}
	case customer.FileReviewed:
		return []Change{d.reviewAfter(e.CustomerID, e.Month)}
	case customer.FileReviewMissed:
		return []Change{d.reviewAfter(e.CustomerID, e.Month)}
	case customer.Abandoned:
		return []Change{cancelAll(FileReviewDue, e.CustomerID)}
	}
	return d.employee(s.Event)
}

// employee derives an employee's daily report and monthly results
// deadlines: from the start of work on, each day's outcome (the report or
// the flag) derives the next working day's, and each month's results the
// next month's; a departure ends both chains.
func (d deriver) employee(ev domain.Event) []Change {
	switch e := ev.(type) {
	case employee.StartedWork:
		day := dayOf(e.StartedAt, d.r.location())
		changes := append([]Change{d.dailyReport(e.EmployeeID, day), d.monthResults(e.EmployeeID, day, 0)}, d.periodReportsFrom(e.EmployeeID, day)...)
		return append(changes, d.probationEnd(e.EmployeeID, e.ProbationEndsOn)...)
	case employee.ProbationExtended:
		return d.probationEnd(e.EmployeeID, e.ProbationEndsOn)
	case employee.ConfirmedRegular:
		return []Change{cancelAll(ProbationEnd, e.EmployeeID)}
	case employee.WorkReportSubmitted:
		if e.Period != employee.ReportDaily {
			return d.periodReportAfter(e.EmployeeID, e.Period, e.PeriodStart.Format(time.DateOnly))
		}
		day, err := time.ParseInLocation(time.DateOnly, e.PeriodStart.Format(time.DateOnly), d.r.location())
		if err != nil {
			return nil
		}
		return []Change{d.dailyReport(e.EmployeeID, nextWorkingDay(day))}
	case employee.DailyReportMissed:
		day, err := time.ParseInLocation(time.DateOnly, e.Day, d.r.location())
		if err != nil {
			return nil
		}
		return []Change{d.dailyReport(e.EmployeeID, nextWorkingDay(day))}
	case employee.WorkReportMissed:
		return d.periodReportAfter(e.EmployeeID, e.Period, e.PeriodStart)
	case employee.MonthlyResultsRecorded:
		return []Change{d.monthResults(e.EmployeeID, dayOf(e.Month, time.UTC), 1)}
	case employee.DepartureInitiated:
		return leaving(e.EmployeeID)
	case employee.ProbationFailed:
		return leaving(e.EmployeeID)
	}
	return nil
}

// leaving ends every deadline of an employee whose departure started.
func leaving(employeeID string) []Change {
	return append([]Change{cancelAll(DailyReportDue, employeeID), cancelAll(MonthResults, employeeID), cancelAll(ProbationEnd, employeeID)},
		leavingReports(employeeID)...)
}

// probationEnd schedules the end of a probation (none when not set).
func (d deriver) probationEnd(employeeID string, endsOn time.Time) []Change {
	if endsOn.IsZero() {
		return nil
	}
	return []Change{d.at(ProbationEnd, employeeID, endsOn.UTC().Format(time.RFC3339Nano), endsOn.Add(past))}
}

// dayOf is the calendar day of t in loc, at loc's midnight.
func dayOf(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// nextWorkingDay is the first day after day that is not a Saturday or a
// Sunday (no holiday calendar is kept).
func nextWorkingDay(day time.Time) time.Time {
	next := day.AddDate(0, 0, 1)
	for next.Weekday() == time.Saturday || next.Weekday() == time.Sunday {
		next = next.AddDate(0, 0, 1)
	}
	return next
}

// dailyReport schedules the end of day for the daily report of that day.
func (d deriver) dailyReport(employeeID string, day time.Time) Change {
	return d.at(DailyReportDue, employeeID, day.Format(time.DateOnly), day.AddDate(0, 0, 1))
}

// monthResults schedules the computation of the results of the month
// months after day's month, once it ended.
func (d deriver) monthResults(employeeID string, day time.Time, months int) Change {
	loc := d.r.location()
	first := time.Date(day.Year(), day.Month()+time.Month(months), 1, 0, 0, 0, 0, loc)
	return d.at(MonthResults, employeeID, first.Format("2006-01"), first.AddDate(0, 1, 0).Add(ResultsGrace))
}

type deriver struct {
	s Source
	r Rules
}

func (d deriver) at(k Kind, subject, item string, due time.Time) Change {
	return schedule(Deadline{Kind: k, Subject: subject, Item: item, Due: due.UTC(),
		CausedBy: d.s.EventID, CorrelationID: d.s.CorrelationID})
}

// instalments schedules each instalment's dunning letter, when the
// ladder in force at its due date lets the letter go (K10-overdue). A plan
// set again reschedules under the same keys, which the scheduler keeps
// once: an instalment keeps its id and due date across plans, or the
// fire-time decision refuses an id the plan no longer has.
func (d deriver) instalments(e contract.CollectionPlanSet) []Change {
	out := make([]Change, 0, len(e.Instalments))
	for _, in := range e.Instalments {
		out = append(out, d.at(InstalmentOverdue, e.ContractID, in.ID+"@"+in.DueDate.UTC().Format(time.DateOnly),
			in.DueDate.Add(d.r.ladder(in.DueDate).Wait(contract.DunningLetter)+past)))
	}
	return out
}

// delivery schedules the order's delivery time, its earliest line's (O5).
func (d deriver) delivery(orderID string, lines []order.Line) []Change {
	var due time.Time
	for _, l := range lines {
		if due.IsZero() || l.DeliveryTime.Before(due) {
			due = l.DeliveryTime
		}
	}
	if due.IsZero() {
		return nil
	}
	return []Change{d.at(DeliveryDue, orderID, due.UTC().Format(time.RFC3339), due.Add(past))}
}

// review schedules the end of the month after months months from t, the
// month whose review is then checked (C4-missed).
func (d deriver) review(customerID string, t time.Time, months int) Change {
	loc := d.r.location()
	first := time.Date(t.In(loc).Year(), t.In(loc).Month()+time.Month(months), 1, 0, 0, 0, 0, loc)
	return d.at(FileReviewDue, customerID, first.Format("2006-01"), first.AddDate(0, 1, 0))
}

// reviewAfter schedules the check of the month after month ("2006-01"):
// each month's outcome, a review or a flag, derives the next month's.
func (d deriver) reviewAfter(customerID, month string) Change {
	m, err := time.ParseInLocation("2006-01", month, d.r.location())
	if err != nil {
		return Change{} // a month the domain never writes; nothing to derive
	}
	return d.review(customerID, m, 1)
}
