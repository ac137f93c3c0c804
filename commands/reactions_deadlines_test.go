package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
)

// fireThrice fires d three times, as a scheduler that fired it again
// would, and returns the first answer; the others must replay it.
func fireThrice(t *testing.T, h *commands.Handler, d deadlines.Deadline) (commands.Result, error) {
	t.Helper()
	first, err := h.Reactions.FireDeadline(context.Background(), d)
	for range 2 {
		again, errAgain := h.Reactions.FireDeadline(context.Background(), d)
		if (err == nil) != (errAgain == nil) || (err != nil && err.Error() != errAgain.Error()) {
			t.Fatalf("FireDeadline() again = %v, first %v", errAgain, err)
		}
		if err == nil && first.Events > 0 && !again.Replayed {
			t.Errorf("FireDeadline() again = %+v, want a replay of the first firing", again)
		}
	}
	return first, err
}

// countIn returns how many events of type typ stream holds.
func countIn(t *testing.T, store eventstore.Store, stream, typ string) int {
	t.Helper()
	recs, err := store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		if r.Type == typ {
			n++
		}
	}
	return n
}

func TestFireDeadline_InstalmentOverdue(t *testing.T) {
	overdue := deadlines.Deadline{Kind: deadlines.InstalmentOverdue, Subject: "k-1", Item: "i-1@2026-05-01",
		Due: contractNow.AddDate(0, 1, 0), CausedBy: "ev-plan", CorrelationID: "corr-plan"}
	tests := []struct {
		name       string
		before     func(w *contractWorld)
		wantLetter int // letters on i-1 after the firings
		wantErr    error
	}{
		{name: "an overdue instalment gets the dunning letter once, however often the deadline fires (K10)", wantLetter: 1},
		{name: "a paid instalment is not escalated: its reason went away", wantErr: domain.ErrRejected, before: func(w *contractWorld) {
			w.must(w.h.Contracts.RecordContractPayment(context.Background(), contractFinance, commands.RecordContractPayment{ContractID: "k-1", InstalmentID: "i-1", Amount: domain.Yuan(40000)}))
		}},
		{name: "an instalment a person escalated already is left to people", wantLetter: 1, before: func(w *contractWorld) {
			w.must(w.h.Contracts.EscalateCollection(context.Background(), contractRep, commands.EscalateCollection{ContractID: "k-1", InstalmentID: "i-1", Step: "DUNNING_LETTER"}))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newContractWorld(t).inExecution()
			w.now = contractNow.AddDate(0, 1, 2)
			if tt.before != nil {
				tt.before(w)
			}

			_, err := fireThrice(t, w.h, overdue)

			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("FireDeadline() error = %v, want %v", err, tt.wantErr)
			}
			if n := w.count("contract.dunning_letter_sent"); n != tt.wantLetter {
				t.Errorf("dunning letters = %d, want %d", n, tt.wantLetter)
			}
			recs := w.records()
			if last := recs[len(recs)-1]; tt.before == nil && (last.Metadata.ActorRole != domain.RoleSystem ||
				last.Metadata.CausationID != "ev-plan" || last.Metadata.IdempotencyKey != "deadline:"+overdue.Key()) {
				t.Errorf("letter envelope = %+v, want the system's, caused by the plan and keyed by the deadline", last.Metadata)
			}
		})
	}
}

func TestFireDeadline_ComplaintTimeLimit(t *testing.T) {
	limit := deadlines.Deadline{Kind: deadlines.ComplaintTimeLimit, Subject: "cp-1", Due: contractNow}
	received := complaint.Received{ComplaintID: "cp-1", CustomerID: "c-1", Channel: complaint.ChannelPhone, Content: "pump leaks",
		Contact: "王经理", ReceivedBy: "cs-1", ReceivedAt: contractNow.AddDate(0, 0, -8)}
	routed := complaint.Routed{ComplaintID: "cp-1", DepartmentID: "QUALITY", RoutedBy: "cs-1", RoutedAt: received.ReceivedAt}
	tests := []struct {
		name    string
		given   []domain.Event
		wantTo  string
		wantErr error
	}{
		{name: "an open complaint past its time limit goes to its department's head once (§3.7-time-limit)", given: []domain.Event{received, routed}, wantTo: "DEPT_HEAD@QUALITY"},
		{name: "a complaint never routed goes to the GM", given: []domain.Event{received}, wantTo: "GM"},
		{name: "a closed complaint is not escalated", wantErr: domain.ErrRejected, given: []domain.Event{received, routed,
			complaint.Closed{ComplaintID: "cp-1", SatisfactionConfirmedBy: "cs-1", CustomerConfirmationRef: "call-1", ClosedAt: contractNow}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newContractWorld(t)
			w.codec.Register(complaint.Events()...)
			w.seed(complaint.Stream("cp-1"), tt.given...)

			_, err := fireThrice(t, w.h, limit)

			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("FireDeadline() error = %v, want %v", err, tt.wantErr)
			}
			want := 0
			if tt.wantTo != "" {
				want = 1
			}
			if n := countIn(t, w.store, complaint.Stream("cp-1"), "complaint.escalated"); n != want {
				t.Fatalf("escalations = %d, want %d", n, want)
			}
			if want == 1 {
				recs, _ := w.store.ReadStream(context.Background(), complaint.Stream("cp-1"), eventstore.ReadStreamOptions{})
				e, _ := w.codec.Decode(recs[len(recs)-1].Type, recs[len(recs)-1].SchemaVersion, recs[len(recs)-1].Data)
				if got := e.(complaint.Escalated).EscalatedTo; got != tt.wantTo {
					t.Errorf("escalated to %q, want %q", got, tt.wantTo)
				}
			}
		})
	}
}

func TestFireDeadline_DeliveryDue(t *testing.T) {
	due := contractNow.Add(-time.Hour)
	created := order.Created{OrderID: "o-1", ContractID: "k-1", CustomerID: "c-1", CreatedBy: "rep-1", CreatedAt: contractNow.AddDate(0, 0, -10),
		Lines: []order.Line{{ProductName: "泵", ModelSpec: "X1", Quantity: 1, UnitPrice: domain.Yuan(10), DeliveryTime: due, DeliveryAddress: "宁波"}}}
	deadline := deadlines.Deadline{Kind: deadlines.DeliveryDue, Subject: "o-1", Item: due.Format(time.RFC3339), Due: due.Add(time.Second)}
	tests := []struct {
		name      string
		given     []domain.Event
		wantDelay int
		wantErr   error
	}{
		{name: "an order past its delivery time is flagged late once (O5, §2.3)", given: []domain.Event{created}, wantDelay: 1},
		{name: "a delivered order is not flagged", given: []domain.Event{created, order.Dispatched{OrderID: "o-1"},
			order.Delivered{OrderID: "o-1", SignedBy: "王经理", SignedAt: due}}, wantErr: domain.ErrRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newContractWorld(t)
			w.codec.Register(order.Events()...)
			w.seed(order.Stream("o-1"), tt.given...)

			_, err := fireThrice(t, w.h, deadline)

			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("FireDeadline() error = %v, want %v", err, tt.wantErr)
			}
			if n := countIn(t, w.store, order.Stream("o-1"), "order.delivery_delayed"); n != tt.wantDelay {
				t.Errorf("delays = %d, want %d", n, tt.wantDelay)
			}
		})
	}
}

func TestFireDeadline_FileReviewDue(t *testing.T) {
	march := deadlines.Deadline{Kind: deadlines.FileReviewDue, Subject: "c-1", Item: "2026-03", Due: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		name      string
		given     []domain.Event
		wantFlags int
	}{
		{name: "a month without the file's review is flagged to the department head once (C4-missed)", wantFlags: 1},
		{name: "a month whose review was confirmed is not flagged", wantFlags: 0,
			given: []domain.Event{customer.FileReviewed{CustomerID: "c-1", Month: "2026-03", ReviewerID: "rep-1", ReviewedAt: contractNow.AddDate(0, 0, -5)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newContractWorld(t)
			w.seed(customer.Stream("c-1"), tt.given...)

			if _, err := fireThrice(t, w.h, march); err != nil {
				t.Fatalf("FireDeadline() error = %v", err)
			}
			if n := countIn(t, w.store, customer.Stream("c-1"), "customer.file_review_missed"); n != tt.wantFlags {
				t.Errorf("flags = %d, want %d", n, tt.wantFlags)
			}
		})
	}
}

func TestFireDeadline_unknownKindIsRefused(t *testing.T) {
	w := newContractWorld(t)
	_, err := w.h.Reactions.FireDeadline(context.Background(), deadlines.Deadline{Kind: "moon_phase", Subject: "x"})
	if !errors.Is(err, commands.ErrUnknownDeadline) || !errors.Is(err, domain.ErrRejected) {
		t.Errorf("FireDeadline(unknown kind) error = %v, want ErrUnknownDeadline, a rejection", err)
	}
}
