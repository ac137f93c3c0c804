// Package kpi is the managers' figures (dashboards R1–R12): a read model
// of the dated facts no other read model keeps (payments, work reports,
// check-ins, outings, visits, leave, trips, surveys, follow-up visits,
// inquiries, unauthorised quotations), and the queries that aggregate
// them in SQL together with the views of the other read models (customer
// files, quotations, contracts, orders, receivables, complaints,
// employees, sales vs target) by period, person, team, department and
// region.
package kpi

import (
	"context"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection keeps kpi_facts: one row per dated fact, keyed by the event
// that recorded it (stream, version), with the employee it is credited
// to, the aggregate it is about (subject: a contract for payments and
// unauthorised quotations, a customer for customer-service facts), an
// amount (payments), a score (surveys, follow-up visits) and a flag
// (a rejected report that counts as missing).
type Projection struct{}

// New returns the KPI projection.
func New() Projection { return Projection{} }

// Name implements Projection.
func (Projection) Name() string { return "kpi" }

// Tables implements Projection.
func (Projection) Tables() []string {
	return append([]string{"kpi_facts", "kpi_monthly"}, orderingTables...)
}

// Fact kinds.
const (
	factPayment      = "payment"
	factUnauthorised = "unauthorised_quote"
	factReport       = "report"
	factReportReject = "report_rejected"
	factCheckIn      = "check_in"
	factOuting       = "outing"
	factVisit        = "visit"
	factLeave        = "leave"
	factTrip         = "trip"
	factSurvey       = "survey"
	factFollowUp     = "follow_up"
	factInquiry      = "inquiry"
	factInquiryDone  = "inquiry_answered"
)

// factEvents are the events the read model records, decoded by their
// aggregates' codecs.
var factEvents = append([]domain.Event{
	contract.PaymentReceived{}, contract.UnauthorisedQuotationDetected{}, order.UnauthorisedQuotationDetected{},
	employee.WorkReportSubmitted{}, employee.WorkReportRejected{}, employee.CheckedIn{}, employee.OutingRegistered{},
	employee.LeaveApproved{}, employee.BusinessTripApproved{},
	customer.Visited{}, customer.SatisfactionRecorded{}, customer.FollowUpVisitCompleted{},
	customer.InquiryReceived{}, customer.InquiryAnswered{},
}, flagFactEvents...)

var facts = tables.NewEvents(eventstore.NewCodec(slices.Concat(contract.Events(), order.Events(), employee.Events(), customer.Events())...),
	"", slices.Concat(factEvents, orderingEvents)...)

// Filter implements Projection.
func (Projection) Filter() eventstore.Filter {
	events := slices.Concat(factEvents, orderingEvents)
	types := make([]string, len(events))
	for i, e := range events {
		types[i] = e.EventType()
	}
	return eventstore.Filter{EventTypes: types}
}

// Setup implements Projection.
func (Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE kpi_facts (
			stream       text NOT NULL,
			version      bigint NOT NULL,
			fact         text NOT NULL,
			at           timestamptz NOT NULL,
			month        timestamptz NOT NULL,
			employee_id  text NOT NULL,
			subject_id   text NOT NULL,
			amount_minor bigint NOT NULL,
			score        int,
			flag         boolean NOT NULL,
			PRIMARY KEY (stream, version)
		);`)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, orderingDDL); err != nil {
		return err
	}
	return createMonthly(ctx, tx)
}

// kpi_facts has no index but its key: no KPI reads it (they read the
// monthly counters); the key makes applying a fact again a no-op.

type factRow struct {
	Stream      string    `db:"stream"`
	Version     int64     `db:"version"`
	Fact        string    `db:"fact"`
	At          time.Time `db:"at"`
	Month       time.Time `db:"month"` // the company month of At, the counters' period
	EmployeeID  string    `db:"employee_id"`
	SubjectID   string    `db:"subject_id"`
	AmountMinor int64     `db:"amount_minor"`
	Score       *int64    `db:"score"`
	Flag        bool      `db:"flag"`
}

// Apply implements Projection: one statement a batch inserts the facts
// and adds them to the monthly counters. A fact is keyed by its event, so
// applying a batch again adds nothing, to either. The files and orders
// move R9's ordering counters (ordering.go).
func (Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	evs, err := facts.Decode(events)
	if err != nil {
		return err
	}
	rows := make([]*factRow, 0, len(evs))
	ordering := newOrderingBatch()
	for _, e := range evs {
		ordering.add(e)
		if r := factOf(e.Event); r != nil {
			r.Stream, r.Version = e.Stream, int64(e.StreamVersion)
			r.Month = queries.KPIMonthOf(r.At).Start
			rows = append(rows, r)
		}
	}
	b := &pgx.Batch{}
	if err := ordering.queue(b); err != nil {
		return err
	}
	if len(rows) > 0 {
		if err := queueFacts(b, rows); err != nil {
			return err
		}
	}
	if b.Len() == 0 {
		return nil
	}
	return tables.Write(ctx, tx, b)
}

// factOf is the fact an event records (nil: none).
func factOf(e domain.Event) *factRow {
	switch ev := e.(type) {
	case contract.PaymentReceived:
		return &factRow{Fact: factPayment, At: ev.ReceivedAt, EmployeeID: ev.RecordedBy, SubjectID: ev.ContractID, AmountMinor: ev.Amount.Minor}
	case contract.UnauthorisedQuotationDetected:
		return &factRow{Fact: factUnauthorised, At: ev.DetectedAt, EmployeeID: ev.DrafterID, SubjectID: ev.ContractID}
	case order.UnauthorisedQuotationDetected:
		return &factRow{Fact: factUnauthorised, At: ev.DetectedAt, EmployeeID: ev.DetectedBy, SubjectID: ev.ContractID}
	case employee.WorkReportSubmitted:
		return &factRow{Fact: factReport, At: ev.SubmittedAt, EmployeeID: ev.EmployeeID, SubjectID: ev.ReportID}
	case employee.WorkReportRejected:
		return &factRow{Fact: factReportReject, At: ev.RejectedAt, EmployeeID: ev.EmployeeID, SubjectID: ev.ReportID, Flag: ev.CountsAsMissing}
	case employee.CheckedIn:
		return &factRow{Fact: factCheckIn, At: ev.CheckedInAt, EmployeeID: ev.EmployeeID, SubjectID: ev.Day}
	case employee.OutingRegistered:
		return &factRow{Fact: factOuting, At: ev.RegisteredAt, EmployeeID: ev.EmployeeID, SubjectID: ev.OutingID}
	case employee.LeaveApproved:
		return &factRow{Fact: factLeave, At: ev.SignedAt, EmployeeID: ev.EmployeeID, SubjectID: ev.LeaveID}
	case employee.BusinessTripApproved:
		return &factRow{Fact: factTrip, At: ev.ApprovedAt, EmployeeID: ev.EmployeeID, SubjectID: ev.TripID}
	case customer.Visited:
		return &factRow{Fact: factVisit, At: ev.VisitedAt, EmployeeID: ev.RepID, SubjectID: ev.CustomerID}
	case customer.SatisfactionRecorded:
		return &factRow{Fact: factSurvey, At: ev.RecordedAt, EmployeeID: ev.RecordedBy, SubjectID: ev.CustomerID, Score: score(ev.Overall)}
	case customer.FollowUpVisitCompleted:
		return &factRow{Fact: factFollowUp, At: ev.CompletedAt, EmployeeID: ev.CompletedBy, SubjectID: ev.CustomerID, Score: score(ev.Satisfaction)}
	case customer.InquiryReceived:
		return &factRow{Fact: factInquiry, At: ev.ReceivedAt, EmployeeID: ev.ReceivedBy, SubjectID: ev.CustomerID}
	case customer.InquiryAnswered:
		return &factRow{Fact: factInquiryDone, At: ev.AnsweredAt, EmployeeID: ev.AnsweredBy, SubjectID: ev.CustomerID}
	}
	return flagFactOf(e)
}

func score(v int) *int64 {
	s := int64(v)
	return &s
}
