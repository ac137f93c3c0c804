package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// ReviewContract is one reviewer's decision on the contract or amendment
// under review; Comment is the reason (required for a return) or the
// findings.
type ReviewContract struct {
	ContractID string
	Comment    string
}

// Review commands (K1, K2, K11, §2.2.4-returns). Each records its own event with the
// reviewer's id, role, decision and comment.
type (
	// ApproveContractByDeptHead records contract.DeptHeadApproved.
	ApproveContractByDeptHead ReviewContract
	// RejectContractByDeptHead records contract.Returned from REGISTERED.
	RejectContractByDeptHead ReviewContract
	// PassContractLegalReview records contract.LegalReviewPassed.
	PassContractLegalReview ReviewContract
	// FailContractLegalReview records contract.LegalReviewFailed.
	FailContractLegalReview ReviewContract
	// ApproveContractByGM records contract.ApprovedByGM (or
	// contract.AmendmentApproved for an amendment).
	ApproveContractByGM ReviewContract
	// RejectContractByGM records contract.Returned from LEGAL_CLEARED or
	// APPROVED.
	RejectContractByGM ReviewContract
)

// ApproveContractByDeptHead approves a registered contract or amendment.
func (h *Contracts) ApproveContractByDeptHead(ctx context.Context, m Meta, cmd ApproveContractByDeptHead) (Result, error) {
	return h.reviewContract(ctx, m, "ApproveContractByDeptHead", ReviewContract(cmd), contract.Contract.ApproveByDeptHead, domain.RoleDeptHead)
}

// RejectContractByDeptHead returns a registered contract or amendment to its drafter.
func (h *Contracts) RejectContractByDeptHead(ctx context.Context, m Meta, cmd RejectContractByDeptHead) (Result, error) {
	return h.reviewContract(ctx, m, "RejectContractByDeptHead", ReviewContract(cmd), contract.Contract.RejectByDeptHead, domain.RoleDeptHead)
}

// PassContractLegalReview clears a department-approved contract or amendment (K1).
func (h *Contracts) PassContractLegalReview(ctx context.Context, m Meta, cmd PassContractLegalReview) (Result, error) {
	return h.reviewContract(ctx, m, "PassContractLegalReview", ReviewContract(cmd), contract.Contract.PassLegalReview, domain.RoleLegal)
}

// FailContractLegalReview returns a department-approved contract or amendment with legal's findings.
func (h *Contracts) FailContractLegalReview(ctx context.Context, m Meta, cmd FailContractLegalReview) (Result, error) {
	return h.reviewContract(ctx, m, "FailContractLegalReview", ReviewContract(cmd), contract.Contract.FailLegalReview, domain.RoleLegal)
}

// ApproveContractByGM approves a legally cleared contract or amendment.
func (h *Contracts) ApproveContractByGM(ctx context.Context, m Meta, cmd ApproveContractByGM) (Result, error) {
	return h.reviewContract(ctx, m, "ApproveContractByGM", ReviewContract(cmd), contract.Contract.ApproveByGM, domain.RoleGM)
}

// RejectContractByGM returns a legally cleared or approved (unsigned) contract or amendment.
func (h *Contracts) RejectContractByGM(ctx context.Context, m Meta, cmd RejectContractByGM) (Result, error) {
	return h.reviewContract(ctx, m, "RejectContractByGM", ReviewContract(cmd), contract.Contract.RejectByGM, domain.RoleGM)
}

type contractReview func(contract.Contract, contract.Actor, string, time.Time) ([]domain.Event, error)

func (h *Contracts) reviewContract(ctx context.Context, m Meta, name string, cmd ReviewContract, step contractReview, role domain.Role) (Result, error) {
	acting, err := authorize(m, name, role)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, acting, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		if err := contractHeadScope(ct, m, acting); err != nil {
			return nil, err
		}
		return step(ct, by, cmd.Comment, m.businessTime(h.now))
	})
}

// SignContract is a manager's signature of an approved contract, in person
// at the company (K1–K3).
type SignContract struct {
	ContractID        string
	Place             string // contract.PlaceCompany
	CustomerSignatory string
	DocumentHash      string // must equal the registered text's hash
}

// SignContract records contract.Signed. Only the regulation's signer roles
// (DEPT_HEAD, GM, BRANCH_MANAGER by default) may issue it.
func (h *Contracts) SignContract(ctx context.Context, m Meta, cmd SignContract) (Result, error) {
	reg, version := h.regulation.at(m.businessTime(h.now))
	role, err := authorize(m, "SignContract", reg.SignerRoles...)
	if err != nil {
		return Result{}, err
	}
	sig := contract.Signature{Place: cmd.Place, CustomerSignatory: cmd.CustomerSignatory, DocumentHash: cmd.DocumentHash}
	return h.onContractUnder(ctx, m, cmd.ContractID, role, version, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.Sign(sig, by, reg, m.businessTime(h.now))
	})
}
