package commands_test

import (
	"context"
	"errors"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
)

// contractSalesMgmt works in sales management: it prepares what managers
// approve, but registering, amending and completing a contract are the
// rep's (§2-issuer; §2.2.4: SubmitContract SALES_REP, RequestAmendment
// SALES_REP, CompleteContract SALES_REP / system).
var contractSalesMgmt = contractMeta("mgmt-1", "ou-sales", domain.RoleSalesMgmt)

func TestContractIssuers_salesManagementDoesNotRegisterAmendOrComplete(t *testing.T) {
	ctx := context.Background()
	later := contractTerms
	later.DeliveryDate = contractNow.AddDate(0, 2, 0)
	tests := []struct {
		name  string
		given func(*testing.T) *contractWorld
		when  func(*contractWorld, commands.Meta) (commands.Result, error)
		event string
	}{
		{name: "register",
			given: func(t *testing.T) *contractWorld {
				w := newContractWorld(t)
				w.must(w.h.Contracts.DraftContract(ctx, contractRep, contractDraft))
				return w
			},
			when: func(w *contractWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Contracts.SubmitContract(ctx, m, commands.SubmitContract{ContractID: "k-1", DocumentHash: contractHash})
			},
			event: "contract.registered"},
		{name: "amend",
			given: func(t *testing.T) *contractWorld { return newContractWorld(t).inExecution() },
			when: func(w *contractWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Contracts.RequestContractAmendment(ctx, m, commands.RequestContractAmendment{
					ContractID: "k-1", AmendmentID: "a-1", Terms: later, Reason: "customer moved the delivery"})
			},
			event: "contract.amendment_requested"},
		{name: "complete",
			given: func(t *testing.T) *contractWorld {
				w := newContractWorld(t).inExecution()
				for _, id := range []string{"i-1", "i-2"} {
					w.must(w.h.Contracts.RecordContractPayment(ctx, contractFinance, commands.RecordContractPayment{
						ContractID: "k-1", InstalmentID: id, Amount: domain.Yuan(40000)}))
				}
				return w
			},
			when: func(w *contractWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Contracts.CompleteContract(ctx, m, commands.CompleteContract{ContractID: "k-1"})
			},
			event: "contract.completed"},
	}
	for _, tt := range tests {
		t.Run("sales management may not "+tt.name, func(t *testing.T) {
			w := tt.given(t)

			_, err := tt.when(w, contractSalesMgmt)

			if !errors.Is(err, domain.ErrForbidden) {
				t.Fatalf("%s by SALES_MGMT error = %v, want ErrForbidden", tt.name, err)
			}
			if n := w.count(tt.event); n != 0 {
				t.Errorf("%s events = %d, want 0", tt.event, n)
			}
		})
		t.Run("the sales rep may "+tt.name, func(t *testing.T) {
			w := tt.given(t)

			w.must(tt.when(w, contractRep))

			if n := w.count(tt.event); n != 1 {
				t.Errorf("%s events = %d, want 1", tt.event, n)
			}
		})
	}
}
