package commands_test

import (
	"context"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
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

			res, err := w.h.MarkCustomerCooperatingOnContractSigned(context.Background(), cause, signed)
			if err != nil {
				t.Fatalf("MarkCustomerCooperatingOnContractSigned() error = %v", err)
			}
			again, err := w.h.MarkCustomerCooperatingOnContractSigned(context.Background(), cause, signed)
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
