package order_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

var signOff = order.SignOff{SignedBy: "Mr Wang", SignedAt: t0, DeliveryNoteNo: "DN-100", NoteHandedToEmployeeID: "clerk-1"}

func TestOrder_Deliver(t *testing.T) {
	without := func(f func(s *order.SignOff)) order.SignOff {
		s := signOff
		f(&s)
		return s
	}
	settledOnDelivery := order.Settled{OrderID: "o-1", TotalPaid: domain.Yuan(1200), SettledAt: t0}
	tests := []struct {
		name      string
		given     []domain.Event
		signOff   order.SignOff
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{
			name: "O2: goods in transit are delivered with sign-off and delivery note", given: inTransit, signOff: signOff,
			want: []domain.Event{delivered},
		},
		{
			name: "a goods order paid in advance settles on delivery", given: then(inTransit, paidFull), signOff: signOff,
			want: []domain.Event{delivered, settledOnDelivery},
		},
		{
			name: "a project order paid in advance still waits for acceptance", given: project(then(inTransit, paidFull)), signOff: signOff,
			want: []domain.Event{delivered},
		},
		{
			name: "O2: delivery without the customer's sign-off is invalid", given: inTransit,
			signOff: without(func(s *order.SignOff) { s.SignedBy = "" }),
			wantErr: domain.ErrInvalid, wantField: "signed_by",
		},
		{
			name: "O2: delivery without the sign-off time is invalid", given: inTransit,
			signOff: without(func(s *order.SignOff) { s.SignedAt = time.Time{} }),
			wantErr: domain.ErrInvalid, wantField: "signed_at",
		},
		{
			name: "O2: a sign-off in the future is invalid", given: inTransit,
			signOff: without(func(s *order.SignOff) { s.SignedAt = t1 }),
			wantErr: domain.ErrInvalid, wantField: "signed_at",
		},
		{
			name: "O2: delivery without the delivery note number is invalid", given: inTransit,
			signOff: without(func(s *order.SignOff) { s.DeliveryNoteNo = " " }),
			wantErr: domain.ErrInvalid, wantField: "delivery_note_no",
		},
		{
			name: "O2: delivery without the employee the note was handed to is invalid", given: inTransit,
			signOff: without(func(s *order.SignOff) { s.NoteHandedToEmployeeID = "" }),
			wantErr: domain.ErrInvalid, wantField: "note_handed_to_employee_id",
		},
		{
			name: "goods not dispatched cannot be delivered", given: scheduledH, signOff: signOff,
			wantErr: order.ErrWrongState,
		},
		{
			name: "recording the same delivery again records nothing", given: deliveredH, signOff: signOff,
		},
		{
			name: "a second, different delivery is refused", given: deliveredH,
			signOff: without(func(s *order.SignOff) { s.DeliveryNoteNo = "DN-101" }),
			wantErr: order.ErrWrongState,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.Deliver(tt.signOff, "drv-1", t0)

			check(t, "Deliver", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}

func TestOrder_Accept(t *testing.T) {
	tests := []struct {
		name      string
		given     []domain.Event
		acceptor  string
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{name: "a delivered project is accepted", given: project(deliveredH), acceptor: "Ms Li", want: []domain.Event{accepted}},
		{
			name: "a fully paid project settles on acceptance", given: project(then(deliveredH, paidFull)), acceptor: "Ms Li",
			want: []domain.Event{accepted, settled},
		},
		{name: "acceptance names the customer's acceptor", given: project(deliveredH), wantErr: domain.ErrInvalid, wantField: "customer_acceptor"},
		{name: "a goods order needs no acceptance", given: deliveredH, acceptor: "Ms Li", wantErr: order.ErrNotProject},
		{name: "an undelivered project is not accepted", given: project(inTransit), acceptor: "Ms Li", wantErr: order.ErrWrongState},
		{name: "accepting twice records nothing", given: project(then(deliveredH, accepted)), acceptor: "Ms Li"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.Accept(tt.acceptor, "sup-1", t0)

			check(t, "Accept", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}

func TestOrder_RecordDelay(t *testing.T) {
	late := due.Add(time.Minute)
	delayed := order.DeliveryDelayed{OrderID: "o-1", DueAt: due, Reason: "truck broke down", RecordedBy: "rep-1", RecordedAt: late}
	changed := order.Changed{OrderID: "o-1", ChangeID: "ch-1", Before: []order.Line{valve}, After: []order.Line{pump}, Total: domain.Yuan(1800)}
	tests := []struct {
		name    string
		given   []domain.Event
		now     time.Time
		want    []domain.Event
		wantErr error
	}{
		{name: "O5: an order past its delivery time is flagged late", given: confirmedH, now: late, want: []domain.Event{delayed}},
		{name: "a draft past its delivery time is flagged late", given: draft, now: late, want: []domain.Event{delayed}},
		{name: "goods in transit past their delivery time are flagged late", given: inTransit, now: late, want: []domain.Event{delayed}},
		{name: "an order exactly at its delivery time is not late", given: confirmedH, now: due, wantErr: order.ErrNotOverdue},
		{name: "flagging the same due time twice records nothing", given: then(confirmedH, delayed), now: late},
		{
			name: "a changed delivery time can be flagged again", given: then(draft, delayed, changed), now: pump.DeliveryTime.Add(time.Minute),
			want: []domain.Event{order.DeliveryDelayed{OrderID: "o-1", DueAt: pump.DeliveryTime, Reason: "truck broke down", RecordedBy: "rep-1", RecordedAt: pump.DeliveryTime.Add(time.Minute)}},
		},
		{name: "a delivered order is not late", given: deliveredH, now: late, wantErr: order.ErrWrongState},
		{name: "a cancelled order is not late", given: cancelledH, now: late, wantErr: order.ErrWrongState},
		{name: "an unknown order is not found", now: late, wantErr: order.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.RecordDelay("truck broke down", "rep-1", tt.now)

			check(t, "RecordDelay", got, err, tt.want, tt.wantErr, "")
		})
	}
}
