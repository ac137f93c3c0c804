package complaint_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
)

var (
	t0  = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	reg = complaint.DefaultRegulation()

	received = complaint.Received{
		ComplaintID: "c-1", CustomerID: "cust-1", Channel: complaint.ChannelPhone,
		Content: "late delivery", Contact: "Ms Li, 138-0000-0000", ReceivedBy: "cs-1", ReceivedAt: t0,
	}
	routed     = complaint.Routed{ComplaintID: "c-1", DepartmentID: "logistics", RoutedBy: "cs-1", RoutedAt: t0, WithReceipt: true}
	progressed = complaint.ProgressRecorded{ComplaintID: "c-1", Note: "driver contacted", RecordedBy: "lg-1", RecordedAt: t0.Add(time.Hour)}
	proposed   = complaint.ResolutionProposed{ComplaintID: "c-1", Resolution: "redeliver free", ProposedBy: "lg-1", ProposedAt: t0.Add(2 * time.Hour)}
	requested  = complaint.ConfirmationRequested{ComplaintID: "c-1", RequestedBy: "cs-1", RequestedAt: t0.Add(3 * time.Hour)}
	closed     = complaint.Closed{ComplaintID: "c-1", SatisfactionConfirmedBy: "cs-1", CustomerConfirmationRef: "call-77", ClosedAt: t0.Add(4 * time.Hour)}
	escalated  = complaint.Escalated{ComplaintID: "c-1", EscalatedTo: "boss-1", Reason: "refund above authority", EscalatedBy: "lg-1", EscalatedAt: t0}
	reopened   = complaint.Reopened{ComplaintID: "c-1", Reason: "broke again", ReopenedBy: "cs-1", ReopenedAt: t0}
	updated    = complaint.CustomerUpdated{ComplaintID: "c-1", Message: "on it", UpdatedBy: "cs-1", UpdatedAt: t0.Add(time.Hour)}

	awaiting = []domain.Event{received, routed, progressed, proposed, requested}
)

// decideCase is one given/when/then row; when is the decision under test.
type decideCase struct {
	name    string
	given   []domain.Event
	want    []domain.Event
	wantErr error
}

func check(t *testing.T, method string, tests []decideCase, when func(complaint.Complaint) ([]domain.Event, error)) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(complaint.Complaint.Evolve, tt.given...) // given

			got, err := when(c) // when

			if !errors.Is(err, tt.wantErr) { // then
				t.Fatalf("%s() error = %v, want %v", method, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s() events mismatch (-want +got):\n%s", method, diff)
			}
		})
	}
}

func TestComplaint_Receive(t *testing.T) {
	intake := complaint.Intake{
		ComplaintID: "c-1", CustomerID: "cust-1", Channel: complaint.ChannelPhone,
		Content: "late delivery", Contact: "Ms Li, 138-0000-0000",
	}
	withDept := intake
	withDept.DepartmentID = "logistics"
	tests := []struct {
		name    string
		given   []domain.Event
		in      complaint.Intake
		unknown bool
		want    []domain.Event
		wantErr error
	}{
		{name: "complaint is received", in: intake, want: []domain.Event{received}},
		{name: "receipt naming the department routes it at once", in: withDept, want: []domain.Event{received, routed}},
		{name: "content is required", in: without(intake, func(i *complaint.Intake) { i.Content = "" }), wantErr: domain.ErrInvalid},
		{name: "contact details are required", in: without(intake, func(i *complaint.Intake) { i.Contact = "" }), wantErr: domain.ErrInvalid},
		{name: "customer is required", in: without(intake, func(i *complaint.Intake) { i.CustomerID = "" }), wantErr: domain.ErrInvalid},
		{name: "channel is required", in: without(intake, func(i *complaint.Intake) { i.Channel = "" }), wantErr: domain.ErrInvalid},
		{name: "unknown channel is refused", in: without(intake, func(i *complaint.Intake) { i.Channel = "PIGEON" }), wantErr: complaint.ErrUnknownChannel},
		{name: "customer without a customer file is refused", in: intake, unknown: true, wantErr: complaint.ErrUnknownCustomer},
		{name: "complaint id cannot be reused", given: []domain.Event{received}, in: intake, wantErr: complaint.ErrAlreadyReceived},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(complaint.Complaint.Evolve, tt.given...)

			got, err := c.Receive(tt.in, !tt.unknown, "cs-1", t0)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Receive() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Receive() events mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func without(in complaint.Intake, change func(*complaint.Intake)) complaint.Intake {
	change(&in)
	return in
}

func TestComplaint_Route(t *testing.T) {
	routedAt := func(d time.Duration, late bool) []domain.Event {
		return []domain.Event{complaint.Routed{ComplaintID: "c-1", DepartmentID: "quality", RoutedBy: "cs-1", RoutedAt: t0.Add(d), Late: late}}
	}
	tests := []struct {
		decideCase
		after time.Duration
	}{
		{decideCase{name: "routing within the immediate window is on time", given: []domain.Event{received}, want: routedAt(reg.RouteWithin, false)}, reg.RouteWithin},
		{decideCase{name: "routing one second after the window is flagged late", given: []domain.Event{received}, want: routedAt(reg.RouteWithin+time.Second, true)}, reg.RouteWithin + time.Second},
		{decideCase{name: "first routing after an escalation is still timed", given: []domain.Event{received, escalated}, want: routedAt(time.Hour, true)}, time.Hour},
		{decideCase{name: "routing on to another department is never late", given: []domain.Event{received, routed}, want: routedAt(time.Hour, false)}, time.Hour},
		{decideCase{name: "routing to the same department records nothing", given: []domain.Event{received, complaint.Routed{ComplaintID: "c-1", DepartmentID: "quality"}}}, time.Hour},
		{decideCase{name: "closed complaint cannot be routed", given: append(awaiting, closed), wantErr: complaint.ErrClosed}, time.Hour},
		{decideCase{name: "unknown complaint", wantErr: complaint.ErrNotFound}, 0},
	}
	for _, tt := range tests {
		check(t, "Route", []decideCase{tt.decideCase}, func(c complaint.Complaint) ([]domain.Event, error) {
			return c.Route("quality", "cs-1", reg, t0.Add(tt.after))
		})
	}
}

func TestComplaint_RecordProgress(t *testing.T) {
	at := t0.Add(time.Hour)
	want := []domain.Event{complaint.ProgressRecorded{ComplaintID: "c-1", Note: "driver contacted", RecordedBy: "lg-1", RecordedAt: at}}
	check(t, "RecordProgress", []decideCase{
		{name: "routed complaint records progress", given: []domain.Event{received, routed}, want: want},
		{name: "escalated complaint records progress", given: []domain.Event{received, routed, escalated}, want: want},
		{name: "reopened complaint records progress", given: append(append(awaiting, closed), reopened), want: want},
		{name: "complaint not routed yet", given: []domain.Event{received}, wantErr: complaint.ErrNotRouted},
		{name: "resolution awaiting the customer", given: awaiting, wantErr: complaint.ErrNotWorkable},
		{name: "closed complaint", given: append(awaiting, closed), wantErr: complaint.ErrClosed},
		{name: "unknown complaint", wantErr: complaint.ErrNotFound},
	}, func(c complaint.Complaint) ([]domain.Event, error) {
		return c.RecordProgress("driver contacted", "lg-1", at)
	})
}

func TestComplaint_UpdateCustomer(t *testing.T) {
	upd := func(at time.Time, late bool) []domain.Event {
		return []domain.Event{complaint.CustomerUpdated{ComplaintID: "c-1", Message: "on it", UpdatedBy: "cs-1", UpdatedAt: at, Late: late}}
	}
	first, next := t0.Add(reg.FirstUpdateWithin), updated.UpdatedAt.Add(reg.UpdateInterval)
	tests := []struct {
		decideCase
		at time.Time
	}{
		{decideCase{name: "first update at the limit is on time", given: []domain.Event{received}, want: upd(first, false)}, first},
		{decideCase{name: "first update past the limit is late", given: []domain.Event{received}, want: upd(first.Add(time.Second), true)}, first.Add(time.Second)},
		{decideCase{name: "next update within the interval is on time", given: []domain.Event{received, routed, updated}, want: upd(next, false)}, next},
		{decideCase{name: "next update past the interval is late", given: []domain.Event{received, routed, updated}, want: upd(next.Add(time.Second), true)}, next.Add(time.Second)},
		{decideCase{name: "closed complaint gets no updates", given: append(awaiting, closed), wantErr: complaint.ErrClosed}, first},
		{decideCase{name: "unknown complaint", wantErr: complaint.ErrNotFound}, first},
	}
	for _, tt := range tests {
		check(t, "UpdateCustomer", []decideCase{tt.decideCase}, func(c complaint.Complaint) ([]domain.Event, error) {
			return c.UpdateCustomer("on it", "cs-1", reg, tt.at)
		})
	}
	check(t, "UpdateCustomer", []decideCase{
		{name: "empty message is refused", given: []domain.Event{received}, wantErr: domain.ErrInvalid},
	}, func(c complaint.Complaint) ([]domain.Event, error) { return c.UpdateCustomer("", "cs-1", reg, t0) })
}
