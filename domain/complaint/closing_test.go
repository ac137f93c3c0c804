package complaint_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
)

func TestComplaint_ProposeResolution(t *testing.T) {
	at := proposed.ProposedAt
	check(t, "ProposeResolution", []decideCase{
		{name: "complaint in progress gets a proposal", given: []domain.Event{received, routed, progressed}, want: []domain.Event{proposed}},
		{name: "customer declined the last proposal", given: append(awaiting, complaint.ResolutionDeclined{ComplaintID: "c-1", Reason: "too slow"}), want: []domain.Event{proposed}},
		{name: "complaint not routed yet", given: []domain.Event{received}, wantErr: complaint.ErrNotRouted},
		{name: "a proposal is already pending", given: []domain.Event{received, routed, proposed}, wantErr: complaint.ErrNotWorkable},
		{name: "closed complaint", given: append(awaiting, closed), wantErr: complaint.ErrClosed},
	}, func(c complaint.Complaint) ([]domain.Event, error) {
		return c.ProposeResolution("redeliver free", "lg-1", at)
	})
	check(t, "ProposeResolution", []decideCase{
		{name: "empty resolution is refused", given: []domain.Event{received, routed}, wantErr: domain.ErrInvalid},
	}, func(c complaint.Complaint) ([]domain.Event, error) { return c.ProposeResolution("", "lg-1", at) })
}

func TestComplaint_Escalate(t *testing.T) {
	up := complaint.Escalated{ComplaintID: "c-1", EscalatedTo: "gm-1", Reason: "refund above authority", EscalatedBy: "lg-1", EscalatedAt: t0}
	check(t, "Escalate", []decideCase{
		{name: "handler escalates beyond authority", given: []domain.Event{received, routed}, want: []domain.Event{up}},
		{name: "escalated complaint goes further up", given: []domain.Event{received, routed, escalated}, want: []domain.Event{up}},
		{name: "escalating to the same superior records nothing", given: []domain.Event{received, routed, up}},
		{name: "closed complaint", given: append(awaiting, closed), wantErr: complaint.ErrClosed},
		{name: "unknown complaint", wantErr: complaint.ErrNotFound},
	}, func(c complaint.Complaint) ([]domain.Event, error) {
		return c.Escalate("gm-1", "refund above authority", "lg-1", t0)
	})
	check(t, "Escalate", []decideCase{
		{name: "reason is required", given: []domain.Event{received, routed}, wantErr: domain.ErrInvalid},
	}, func(c complaint.Complaint) ([]domain.Event, error) { return c.Escalate("gm-1", "", "lg-1", t0) })
}

func TestComplaint_RequestConfirmation(t *testing.T) {
	check(t, "RequestConfirmation", []decideCase{
		{name: "proposal is put to the customer", given: []domain.Event{received, routed, progressed, proposed}, want: []domain.Event{requested}},
		{name: "asking again while waiting records nothing", given: awaiting},
		{name: "nothing proposed yet", given: []domain.Event{received, routed}, wantErr: complaint.ErrNoProposal},
		{name: "closed complaint", given: append(awaiting, closed), wantErr: complaint.ErrClosed},
	}, func(c complaint.Complaint) ([]domain.Event, error) {
		return c.RequestConfirmation("cs-1", requested.RequestedAt)
	})
}

func TestComplaint_DeclineResolution(t *testing.T) {
	declined := complaint.ResolutionDeclined{ComplaintID: "c-1", Reason: "too slow", RecordedBy: "cs-1", DeclinedAt: t0}
	check(t, "DeclineResolution", []decideCase{
		{name: "customer declines the proposal", given: awaiting, want: []domain.Event{declined}},
		{name: "nothing proposed", given: []domain.Event{received, routed}, wantErr: complaint.ErrNoProposal},
		{name: "closed complaint", given: append(awaiting, closed), wantErr: complaint.ErrClosed},
	}, func(c complaint.Complaint) ([]domain.Event, error) {
		return c.DeclineResolution("too slow", "cs-1", t0)
	})
}

func TestComplaint_Close(t *testing.T) {
	satisfied := complaint.Confirmation{Satisfied: true, CustomerConfirmationRef: "call-77"}
	closedAt := func(at time.Time, late bool) []domain.Event {
		return []domain.Event{complaint.Closed{ComplaintID: "c-1", SatisfactionConfirmedBy: "cs-1", CustomerConfirmationRef: "call-77", ClosedAt: at, Late: late}}
	}
	limit := t0.Add(reg.CloseWithin)
	tests := []struct {
		decideCase
		conf complaint.Confirmation
		at   time.Time
	}{
		{decideCase{name: "satisfied customer closes the complaint", given: awaiting, want: closedAt(limit, false)}, satisfied, limit},
		{decideCase{name: "closure past the close timer is flagged late", given: awaiting, want: closedAt(limit.Add(time.Second), true)}, satisfied, limit.Add(time.Second)},
		{decideCase{name: "customer not satisfied cannot close it", given: awaiting, wantErr: complaint.ErrNotSatisfied}, complaint.Confirmation{CustomerConfirmationRef: "call-77"}, limit},
		{decideCase{name: "dissatisfaction is a rule violation", given: awaiting, wantErr: domain.ErrRejected}, complaint.Confirmation{CustomerConfirmationRef: "call-77"}, limit},
		{decideCase{name: "confirmation reference is required", given: awaiting, wantErr: domain.ErrInvalid}, complaint.Confirmation{Satisfied: true}, limit},
		{decideCase{name: "proposal not yet put to the customer", given: []domain.Event{received, routed, proposed}, wantErr: complaint.ErrNotAwaiting}, satisfied, limit},
		{decideCase{name: "complaint in progress cannot close", given: []domain.Event{received, routed, progressed}, wantErr: complaint.ErrNotAwaiting}, satisfied, limit},
		{decideCase{name: "closing twice records nothing", given: append(awaiting, closed)}, satisfied, limit},
		{decideCase{name: "unknown complaint", wantErr: complaint.ErrNotFound}, satisfied, limit},
	}
	for _, tt := range tests {
		check(t, "Close", []decideCase{tt.decideCase}, func(c complaint.Complaint) ([]domain.Event, error) {
			return c.Close(tt.conf, "cs-1", reg, tt.at)
		})
	}
}

func TestComplaint_Reopen(t *testing.T) {
	check(t, "Reopen", []decideCase{
		{name: "closed complaint is reopened", given: append(awaiting, closed), want: []domain.Event{reopened}},
		{name: "open complaint cannot be reopened", given: awaiting, wantErr: complaint.ErrNotClosed},
		{name: "reopened complaint cannot be reopened again", given: append(append(awaiting, closed), reopened), wantErr: complaint.ErrNotClosed},
		{name: "unknown complaint", wantErr: complaint.ErrNotFound},
	}, func(c complaint.Complaint) ([]domain.Event, error) {
		return c.Reopen("broke again", "cs-1", t0)
	})
	check(t, "Reopen", []decideCase{
		{name: "reason is required", given: append(awaiting, closed), wantErr: domain.ErrInvalid},
	}, func(c complaint.Complaint) ([]domain.Event, error) { return c.Reopen("", "cs-1", t0) })
}

func TestComplaint_RecordRootCause(t *testing.T) {
	rc := complaint.RootCause{Category: "logistics", PreventiveAction: "second driver on peak days"}
	recorded := complaint.RootCauseRecorded{ComplaintID: "c-1", Category: rc.Category, PreventiveAction: rc.PreventiveAction, RecordedBy: "cs-1", RecordedAt: t0}
	check(t, "RecordRootCause", []decideCase{
		{name: "root cause is recorded after closure", given: append(awaiting, closed), want: []domain.Event{recorded}},
		{name: "root cause is recorded while open", given: []domain.Event{received, routed}, want: []domain.Event{recorded}},
		{name: "the same cause twice records nothing", given: []domain.Event{received, recorded}},
		{name: "unknown complaint", wantErr: complaint.ErrNotFound},
	}, func(c complaint.Complaint) ([]domain.Event, error) {
		return c.RecordRootCause(rc, "cs-1", t0)
	})
	check(t, "RecordRootCause", []decideCase{
		{name: "preventive action is required", given: []domain.Event{received}, wantErr: domain.ErrInvalid},
	}, func(c complaint.Complaint) ([]domain.Event, error) {
		return c.RecordRootCause(complaint.RootCause{Category: "logistics"}, "cs-1", t0)
	})
}
