package commands_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
)

func TestMarkCustomerCooperatingOnContractSigned(t *testing.T) {
	signed := contract.Signed{ContractID: "k-1", CustomerID: "c-1", SignerID: "gm-1", SignerRole: domain.RoleGM,
		Place: contract.PlaceCompany, SignedAt: contractNow}
	tests := []struct {
		name  string
		given []domain.Event // contract k-1 history
	}{
		{"a signed contract makes its customer cooperating", []domain.Event{
			contract.Drafted{ContractID: "k-1", CustomerID: "c-1", DrafterID: "rep-1", DraftedAt: contractNow}, signed}},
		{"a contract terminated after signing still made its customer cooperating", []domain.Event{
			contract.Drafted{ContractID: "k-1", CustomerID: "c-1", DrafterID: "rep-1", DraftedAt: contractNow}, signed,
			contract.Terminated{ContractID: "k-1", Reason: "customer went bankrupt", TerminatedBy: "gm-1", TerminatedAt: contractNow}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newContractWorld(t)
			w.seed(contract.Stream("k-1"), tt.given...)
			cause := commands.Cause{EventID: "evt-signed-1", CorrelationID: "corr-1"}

			res, err := w.h.Reactions.MarkCustomerCooperatingOnContractSigned(context.Background(), cause, signed)
			if err != nil {
				t.Fatalf("MarkCustomerCooperatingOnContractSigned() error = %v", err)
			}
			again, err := w.h.Reactions.MarkCustomerCooperatingOnContractSigned(context.Background(), cause, signed)
			if err != nil || !again.Replayed {
				t.Errorf("redelivered reaction = %+v, %v; want a replay", again, err)
			}
			recs, _ := w.store.ReadStream(context.Background(), customer.Stream("c-1"), eventstore.ReadStreamOptions{})
			last := recs[len(recs)-1]
			if res.Events != 1 || last.Type != "customer.became_cooperating" || last.Metadata.CausationID != "evt-signed-1" ||
				last.Metadata.ActorRole != domain.RoleSystem || len(recs) != 2 {
				t.Errorf("customer stream ends with %s %+v (%d events), want one became_cooperating caused by the signing", last.Type, last.Metadata, len(recs))
			}
		})
	}
}

func TestRaiseDelayIssueOnOrderDelayed(t *testing.T) {
	delayed := order.DeliveryDelayed{OrderID: "o-1", DueAt: contractNow, Reason: "supplier late", RecordedBy: "rep-1",
		RecordedAt: contractNow.Add(time.Hour)}
	drafted := contract.Drafted{ContractID: "k-1", CustomerID: "c-1", DrafterID: "rep-1", DraftedAt: contractNow}
	signed := contract.Signed{ContractID: "k-1", CustomerID: "c-1", SignerID: "gm-1", SignerRole: domain.RoleGM,
		Place: contract.PlaceCompany, SignedAt: contractNow}
	terminated := contract.Terminated{ContractID: "k-1", Reason: "customer went bankrupt", TerminatedBy: "gm-1", TerminatedAt: contractNow}
	tests := []struct {
		name      string
		given     []domain.Event // contract k-1 history
		wantIssue bool
	}{
		{"a delayed order raises a delay issue on its signed contract", []domain.Event{drafted, signed}, true},
		{"a delayed order raises a delay issue on its contract in execution", []domain.Event{drafted, signed,
			contract.ExecutionStarted{ContractID: "k-1", StartedBy: "rep-1", StartedAt: contractNow}}, true},
		{"a terminated contract takes no issue", []domain.Event{drafted, signed, terminated}, false},
		{"an unsigned contract takes no issue", []domain.Event{drafted}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Given order o-1 under contract k-1 with this history.
			w := newContractWorld(t)
			w.codec.Register(order.Events()...)
			w.seed(order.Stream("o-1"), order.Created{OrderID: "o-1", ContractID: "k-1", CustomerID: "c-1", CreatedAt: contractNow})
			w.seed(contract.Stream("k-1"), tt.given...)
			before := len(w.records())
			cause := commands.Cause{EventID: "evt-delay-1", CorrelationID: "corr-1"}

			// When the delay is reacted to, and then redelivered.
			res, err := w.h.Reactions.RaiseDelayIssueOnOrderDelayed(context.Background(), cause, delayed)
			again, errAgain := w.h.Reactions.RaiseDelayIssueOnOrderDelayed(context.Background(), cause, delayed)

			// Then the contract holds exactly one delay issue caused by the delay, or nothing at all.
			if !tt.wantIssue {
				if !errors.Is(err, domain.ErrRejected) || !errors.Is(errAgain, domain.ErrRejected) || len(w.records()) != before {
					t.Errorf("reaction = %v, %v with %d new events; want a rejection recording nothing", err, errAgain, len(w.records())-before)
				}
				return
			}
			if err != nil || res.Events != 1 {
				t.Fatalf("RaiseDelayIssueOnOrderDelayed() = %+v, %v; want one event", res, err)
			}
			if errAgain != nil || !again.Replayed {
				t.Errorf("redelivered reaction = %+v, %v; want a replay", again, errAgain)
			}
			assertOneDelayIssue(t, w.records()[before:], "evt-delay-1", "corr-1")
		})
	}
}

// assertOneDelayIssue checks that recs is exactly one DELIVERY_DELAY issue
// raised by the system, caused by causation within correlation.
func assertOneDelayIssue(t *testing.T, recs []eventstore.Recorded, causation, correlation string) {
	t.Helper()
	if len(recs) != 1 || recs[0].Type != "contract.execution_issue_raised" {
		t.Fatalf("contract stream gained %d events (%v), want one execution_issue_raised", len(recs), recs)
	}
	var raised contract.ExecutionIssueRaised
	if err := json.Unmarshal(recs[0].Data, &raised); err != nil {
		t.Fatal(err)
	}
	md := recs[0].Metadata
	if raised.Type != contract.IssueDeliveryDelay || raised.IssueID == "" || raised.Description == "" ||
		md.CausationID != causation || md.CorrelationID != correlation || md.ActorRole != domain.RoleSystem {
		t.Errorf("raised %+v with %+v, want a DELIVERY_DELAY issue by the system caused by %s", raised, md, causation)
	}
}
