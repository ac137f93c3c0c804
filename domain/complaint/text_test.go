package complaint_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/texttest"
)

func decided(_ []domain.Event, err error) error { return err }

// Given a complaint at the stage each decision needs, when one text input
// holds the longest value its kind allows, then the decision takes it;
// one character more, or a control character its kind does not allow, is
// refused naming the field as the API names it, for every caller
// (§2.5-text).
func TestComplaint_textLimits(t *testing.T) {
	given := func(h ...domain.Event) complaint.Complaint { return domain.Fold(complaint.Complaint.Evolve, h...) }
	at := t0.Add(time.Hour)
	receive := func(change func(*complaint.Intake, string)) func(string) error {
		return func(s string) error {
			in := complaint.Intake{
				ComplaintID: "c-1", CustomerID: "cust-1", Channel: complaint.ChannelPhone,
				Content: "late delivery", Contact: "Ms Li", DepartmentID: "logistics",
			}
			change(&in, s)
			return decided(complaint.Complaint{}.Receive(in, true, "cs-1", t0))
		}
	}
	awaitingC := given(awaiting...)
	texttest.Check(t, []texttest.Input{
		{Field: "complaint_id", Call: receive(func(in *complaint.Intake, s string) { in.ComplaintID = s })},
		{Field: "customer_id", Call: receive(func(in *complaint.Intake, s string) { in.CustomerID = s })},
		{Field: "content", Call: receive(func(in *complaint.Intake, s string) { in.Content = s })},
		{Field: "contact", Call: receive(func(in *complaint.Intake, s string) { in.Contact = s })},
		{Field: "department_id", Call: receive(func(in *complaint.Intake, s string) { in.DepartmentID = s })},
		{Field: "department_id", Call: func(s string) error { return decided(given(received).Route(s, "cs-1", reg, t0)) }},
		{Field: "note", Call: func(s string) error { return decided(given(received, routed).RecordProgress(s, "lg-1", at)) }},
		{Field: "message", Call: func(s string) error { return decided(given(received).UpdateCustomer(s, "cs-1", reg, at)) }},
		{Field: "resolution", Call: func(s string) error { return decided(given(received, routed).ProposeResolution(s, "lg-1", at)) }},
		{Field: "escalate_to", Call: func(s string) error { return decided(given(received, routed).Escalate(s, "beyond me", "lg-1", at)) }},
		{Field: "reason", Call: func(s string) error { return decided(given(received, routed).Escalate("gm-1", s, "lg-1", at)) }},
		{Field: "reason", Call: func(s string) error { return decided(awaitingC.DeclineResolution(s, "cs-1", at)) }},
		{Field: "customer_confirmation_ref", Call: func(s string) error {
			return decided(awaitingC.Close(complaint.Confirmation{Satisfied: true, CustomerConfirmationRef: s}, "cs-1", reg, at))
		}},
		{Field: "reason", Call: func(s string) error { return decided(given(append(awaiting, closed)...).Reopen(s, "cs-1", at)) }},
		{Field: "category", Call: func(s string) error {
			return decided(given(received).RecordRootCause(complaint.RootCause{Category: s, PreventiveAction: "check"}, "cs-1", at))
		}},
		{Field: "preventive_action", Call: func(s string) error {
			return decided(given(received).RecordRootCause(complaint.RootCause{Category: "logistics", PreventiveAction: s}, "cs-1", at))
		}},
	})
}
