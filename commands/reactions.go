package commands

import (
	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// Cause is the stored event a policy reacts to. The command it issues is
// caused by that event and keyed by it, so a redelivered event has no
// second effect.
type Cause struct {
	EventID       string
	CorrelationID string
}

func (c Cause) meta(policy string) Meta {
	return Meta{
		Actor:          domain.SystemActor,
		Reason:         "policy " + policy,
		CorrelationID:  c.CorrelationID,
		CausationID:    c.EventID,
		IdempotencyKey: "policy:" + policy + ":" + c.EventID,
	}
}

// MarkCustomerCooperatingOnContractSigned moves the customer of a signed
// contract to COOPERATING (C9: signing is "双方正式合作的标志").
func (h *Handler) MarkCustomerCooperatingOnContractSigned(ctx context.Context, cause Cause, e contract.Signed) (Result, error) {
	return h.MarkCustomerCooperating(ctx, cause.meta("MarkCustomerCooperatingOnContractSigned"),
		MarkCustomerCooperating{CustomerID: e.CustomerID, ContractID: e.ContractID, SignedAt: e.SignedAt})
}
