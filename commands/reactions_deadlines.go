package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
)

// ErrUnknownDeadline refuses a deadline of a kind no command answers: a
// job written by a newer release, or a malformed one. Retrying cannot help.
var ErrUnknownDeadline = domain.Rejected("no command answers this kind of deadline")

// FireDeadline issues the command deadline d calls for, as the system,
// keyed by the deadline, so a deadline fired twice has one effect. Each
// decision checks at fire time that the reason still holds: a paid
// instalment, a closed complaint, a delivered order or a reviewed file
// answer a domain.ErrRejected (nothing to do) or record nothing.
func (h *Reactions) FireDeadline(ctx context.Context, d deadlines.Deadline) (Result, error) {
	m := deadlineMeta(d)
	switch d.Kind {
	case deadlines.InstalmentOverdue:
		return h.dunInstalment(ctx, m, d)
	case deadlines.ComplaintTimeLimit:
		return h.escalateComplaintPastTimeLimit(ctx, m, d)
	case deadlines.DeliveryDue:
		return h.orderFlow.RecordDeliveryDelay(ctx, m, RecordDeliveryDelay{OrderID: d.Subject,
			Reason: "the delivery time passed without a delivery (recorded by the system)"})
	case deadlines.FileReviewDue:
		return h.flagMissedReview(ctx, m, d)
	case deadlines.DailyReportDue:
		return h.flagMissingDailyReport(ctx, m, d)
	case deadlines.MonthResults:
		return h.recordMonthResults(ctx, m, d)
	case deadlines.ProbationEnd:
		return h.flagProbationEnded(ctx, m, d)
	case deadlines.WeeklyReportDue, deadlines.MonthlyReportDue:
		return h.flagMissingPeriodReport(ctx, m, d)
	}
	return Result{}, fmt.Errorf("%w: %q", ErrUnknownDeadline, d.Kind)
}

// ComplaintCloseWithin is the close timer of the complaint regulation in
// force at at, from which a complaint's time limit is derived.
func (h *Reactions) ComplaintCloseWithin(at time.Time) time.Duration {
	reg, _ := h.complaints.regulation.at(at)
	return reg.CloseWithin
}

// CompanyLocation is the company's time zone under the employee
// regulation in force at at: the days and months deadlines end with.
func (h *Reactions) CompanyLocation(at time.Time) *time.Location {
	reg, _ := h.employees.regulation.at(at)
	return time.FixedZone("company", int(reg.UTCOffset/time.Second))
}

// deadlineMeta is the envelope of the command a deadline fires: by the
// system, caused by the event the deadline was derived from, and keyed by
// the deadline itself.
func deadlineMeta(d deadlines.Deadline) Meta {
	return Meta{
		Actor:          domain.SystemActor,
		Reason:         "deadline " + string(d.Kind) + " due " + d.Due.UTC().Format(time.RFC3339),
		CorrelationID:  d.CorrelationID,
		CausationID:    d.CausedBy,
		IdempotencyKey: "deadline:" + d.Key(),
	}
}

// escalateComplaintPastTimeLimit escalates a complaint still open at its
// time limit to the head of the department handling it, or to the GM
// when it was never routed (§3.7-time-limit). A closed complaint is
// refused (complaint.ErrClosed); one already escalated records nothing.
func (h *Reactions) escalateComplaintPastTimeLimit(ctx context.Context, m Meta, d deadlines.Deadline) (Result, error) {
	role, err := authorize(m, "EscalateComplaintPastTimeLimit", domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	return h.complaints.onComplaint(ctx, m, d.Subject, role, func(c complaint.Complaint, reg complaint.Regulation, now time.Time) ([]domain.Event, error) {
		if c.Status == complaint.StatusEscalated {
			return nil, nil
		}
		reason := fmt.Sprintf("still open at its time limit (%s after receipt)", reg.CloseWithin)
		return c.Escalate(complaintEscalationTarget(c), reason, m.Actor.EmployeeID, now)
	})
}

// complaintEscalationTarget is who a complaint past its time limit goes
// to: the head of its department, or the GM when nobody was notified.
func complaintEscalationTarget(c complaint.Complaint) string {
	if c.DepartmentID == "" {
		return string(domain.RoleGM)
	}
	return string(domain.RoleDeptHead) + "@" + c.DepartmentID
}

// flagMissedReview flags a month that ended without the file's review to
// the head of its department (C4-missed).
func (h *Reactions) flagMissedReview(ctx context.Context, m Meta, d deadlines.Deadline) (Result, error) {
	role, err := authorize(m, "FlagMissedFileReview", domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	return h.customers.customerDecide(ctx, m, d.Subject, role, func(c customer.Customer) ([]domain.Event, error) {
		return c.FlagMissedReview(d.Item, m.businessTime(h.customers.now))
	})
}

// flagMissingDailyReport flags a working day that ended without the
// employee's daily report to the head of their department (E12-missing).
func (h *Reactions) flagMissingDailyReport(ctx context.Context, m Meta, d deadlines.Deadline) (Result, error) {
	role, err := authorize(m, "FlagMissingDailyReport", domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	reg, version := h.employees.regulationFor(m)
	return h.employees.onEmployee(ctx, m, d.Subject, role, version, func(s employee.Employee) ([]domain.Event, error) {
		return s.FlagMissingDailyReport(d.Item, reg, m.businessTime(h.employees.now))
	})
}

// SalesActuals answers an employee's signed sales between from and to,
// from the sales read model: zero when they signed nothing.
type SalesActuals func(ctx context.Context, employeeID string, from, to time.Time) (domain.Money, error)

// ErrNoSalesActuals is the answer of a results deadline on a handler
// given no sales read model: a configuration error, retried until fixed.
var ErrNoSalesActuals = errors.New("no sales read model to compute monthly results from")

// UseSalesActuals gives the results deadlines the sales read model; the
// composition root calls it before the deadlines fire.
func (h *Reactions) UseSalesActuals(sales SalesActuals) { h.sales = sales }

// recordMonthResults computes an employee's results for the month that
// ended from the sales read model and records them, a month without a
// sale as a zero month (E6-computed), with the auto-resignation case the
// second zero month raises (E6).
func (h *Reactions) recordMonthResults(ctx context.Context, m Meta, d deadlines.Deadline) (Result, error) {
	role, err := authorize(m, "RecordComputedMonthlyResults", domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	if h.sales == nil {
		return Result{}, ErrNoSalesActuals
	}
	reg, version := h.employees.regulationFor(m)
	zone := time.FixedZone("company", int(reg.UTCOffset/time.Second))
	from, err := time.ParseInLocation("2006-01", d.Item, zone)
	if err != nil {
		return Result{}, domain.InvalidField("month", "a results deadline names its month as 2006-01")
	}
	amount, err := h.sales(ctx, d.Subject, from, from.AddDate(0, 1, 0))
	if err != nil {
		return Result{}, err
	}
	month := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	return h.employees.onEmployee(ctx, m, d.Subject, role, version, func(s employee.Employee) ([]domain.Event, error) {
		return s.RecordComputedMonthlyResults(month, amount, reg, m.businessTime(h.employees.now))
	})
}

// flagProbationEnded flags a probation that ended undecided to the GM
// (E3-due).
func (h *Reactions) flagProbationEnded(ctx context.Context, m Meta, d deadlines.Deadline) (Result, error) {
	role, err := authorize(m, "FlagProbationEnded", domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	endsOn, err := time.Parse(time.RFC3339Nano, d.Item)
	if err != nil {
		return Result{}, domain.InvalidField("ends_on", "a probation deadline names its end as RFC 3339")
	}
	return h.employees.onEmployee(ctx, m, d.Subject, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.FlagProbationEnded(endsOn, m.businessTime(h.employees.now))
	})
}
