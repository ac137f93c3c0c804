package commands

import (
	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// RequestContractAmendment drafts a change to a signed contract. The draft
// then goes through SubmitContract and the review commands like the
// original, and takes effect with ApplyContractAmendment. QuotationID names
// the approved final quotation of a new price.
type RequestContractAmendment struct {
	ContractID  string
	AmendmentID string
	QuotationID string
	Terms       contract.Terms
	Reason      string
}

// RequestContractAmendment records contract.AmendmentRequested. Only the
// sales rep requests an amendment (§2.2.4).
func (h *Contracts) RequestContractAmendment(ctx context.Context, m Meta, cmd RequestContractAmendment) (Result, error) {
	role, err := authorize(m, "RequestContractAmendment", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	quote, err := h.contractQuoteFacts(ctx, cmd.QuotationID)
	if err != nil {
		return Result{}, err
	}
	in := contract.AmendmentInput{AmendmentID: cmd.AmendmentID, Terms: cmd.Terms, Reason: cmd.Reason}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.RequestAmendment(in, quote, by, m.businessTime(h.now))
	})
}

// WithdrawContractAmendment drops an amendment before it takes effect.
type WithdrawContractAmendment struct {
	ContractID  string
	AmendmentID string
	Reason      string
}

// WithdrawContractAmendment records contract.AmendmentWithdrawn.
func (h *Contracts) WithdrawContractAmendment(ctx context.Context, m Meta, cmd WithdrawContractAmendment) (Result, error) {
	role, err := authorize(m, "WithdrawContractAmendment",
		domain.RoleSalesRep, domain.RoleSalesMgmt, domain.RoleDeptHead, domain.RoleGM, domain.RoleBranchManager)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.WithdrawAmendment(cmd.AmendmentID, cmd.Reason, by, m.businessTime(h.now))
	})
}

// ApplyContractAmendment is a manager's signature of an approved amendment,
// at the company; its terms then replace the contract's.
type ApplyContractAmendment struct {
	ContractID   string
	Place        string
	DocumentHash string
}

// ApplyContractAmendment records contract.Amended.
func (h *Contracts) ApplyContractAmendment(ctx context.Context, m Meta, cmd ApplyContractAmendment) (Result, error) {
	reg, version := h.regulation.at(m.businessTime(h.now))
	role, err := authorize(m, "ApplyContractAmendment", reg.SignerRoles...)
	if err != nil {
		return Result{}, err
	}
	sig := contract.Signature{Place: cmd.Place, DocumentHash: cmd.DocumentHash}
	return h.onContractUnder(ctx, m, cmd.ContractID, role, version, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.ApplyAmendment(sig, by, reg, m.businessTime(h.now))
	})
}
