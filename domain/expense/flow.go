package expense

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Sign records one signature on a submitted claim (§5.12-signatures). The
// claim needs two, from two people other than the claimant, one of them
// the claimant's manager: a second signature that is not the manager's,
// when the first was not either, is refused. The signature that
// completes them makes the claim SIGNED.
func (c Claim) Sign(signer domain.Actor, role domain.Role, now time.Time) ([]domain.Event, error) {
	switch {
	case c.Status == StatusNone:
		return nil, ErrNotFound
	case c.Status == StatusRejected:
		return nil, ErrClosed
	case !slices.Contains(Signers, role):
		return nil, ErrSignerRole
	case signer.EmployeeID == c.ClaimantID:
		return nil, ErrSelfApproval
	case c.Status == StatusDraft || c.Status == StatusPriorApproved || c.Status == StatusReturned:
		return nil, ErrNotSubmitted
	case c.Status != StatusSubmitted:
		return nil, ErrSigningOver
	}
	if slices.ContainsFunc(c.Signatures, func(s Signature) bool { return s.SignerID == signer.EmployeeID }) {
		return nil, ErrSignedTwice
	}
	manager := c.isClaimantsManager(role, signer.OrgUnitID)
	managerSigned := manager || slices.ContainsFunc(c.Signatures, func(s Signature) bool { return s.Manager })
	if len(c.Signatures) >= 1 && !managerSigned {
		return nil, ErrNoManagerSigned
	}
	return []domain.Event{Signed{ClaimID: c.ID, SignerID: signer.EmployeeID, SignerRole: role, Manager: manager,
		Complete: len(c.Signatures)+1 >= 2, SignedAt: now}}, nil
}

// ApproveByFinance records finance's approval of a signed claim
// (§5.12-finance). Approving it again records nothing.
func (c Claim) ApproveByFinance(approver domain.Actor, role domain.Role, comment string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	switch {
	case c.Status == StatusNone:
		return nil, ErrNotFound
	case c.Status == StatusRejected:
		return nil, ErrClosed
	case role != domain.RoleFinance:
		return nil, ErrFinanceRole
	case approver.EmployeeID == c.ClaimantID:
		return nil, ErrSelfApproval
	case c.Status == StatusFinanceApproved || c.Status == StatusPaid:
		return nil, nil
	case c.Status != StatusSigned:
		return nil, ErrNotSigned
	}
	total, err := Total(c.Items)
	if err != nil {
		return nil, err
	}
	return []domain.Event{FinanceApproved{ClaimID: c.ID, ApproverID: approver.EmployeeID, Amount: total, Comment: comment, ApprovedAt: now}}, nil
}

// RecordPayment records that finance paid the claimant what it approved,
// under the payment's reference. Recording the payment again records
// nothing.
func (c Claim) RecordPayment(payer domain.Actor, role domain.Role, paymentRef string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("payment_ref", paymentRef)); err != nil {
		return nil, err
	}
	switch {
	case c.Status == StatusNone:
		return nil, ErrNotFound
	case role != domain.RoleFinance:
		return nil, ErrFinanceRole
	case c.Status == StatusPaid:
		return nil, nil
	case c.Status != StatusFinanceApproved:
		return nil, ErrNotApproved
	}
	if err := required("payment_ref", paymentRef); err != nil {
		return nil, err
	}
	total, err := Total(c.Items)
	if err != nil {
		return nil, err
	}
	return []domain.Event{Paid{ClaimID: c.ID, ClaimantID: c.ClaimantID, Amount: total, PaymentRef: paymentRef,
		PaidBy: payer.EmployeeID, PaidAt: now}}, nil
}

// Return sends a claim back to the claimant for correction, with a
// reason (§5.12-refusal): a signer while it awaits signatures, finance
// until it approves it. The claimant drafts and submits it again, and it
// is signed again.
func (c Claim) Return(by domain.Actor, role domain.Role, reason string, now time.Time) ([]domain.Event, error) {
	if err := c.mayRefuse(by, role, reason, false); err != nil {
		return nil, err
	}
	return []domain.Event{Returned{ClaimID: c.ID, ReturnedBy: by.EmployeeID, ReturnerRole: role, Reason: reason, ReturnedAt: now}}, nil
}

// Reject refuses a claim for good, with a reason (§5.12-refusal): the
// company manager refuses a draft's approval in advance, a signer a claim
// awaiting signatures, finance a claim it has not approved yet.
// Rejecting a rejected claim records nothing.
func (c Claim) Reject(by domain.Actor, role domain.Role, reason string, now time.Time) ([]domain.Event, error) {
	if c.Status == StatusRejected {
		return nil, nil
	}
	if err := c.mayRefuse(by, role, reason, true); err != nil {
		return nil, err
	}
	return []domain.Event{Rejected{ClaimID: c.ID, RejectedBy: by.EmployeeID, RejecterRole: role, Reason: reason, RejectedAt: now}}, nil
}

// mayRefuse checks who sends the claim back or refuses it, and when.
func (c Claim) mayRefuse(by domain.Actor, role domain.Role, reason string, draftToo bool) error {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return err
	}
	if c.Status == StatusNone {
		return ErrNotFound
	}
	if by.EmployeeID == c.ClaimantID {
		return ErrSelfApproval
	}
	if !c.refusableBy(role, draftToo) {
		return ErrRefusalStage
	}
	return required("reason", reason)
}

func (c Claim) refusableBy(role domain.Role, draftToo bool) bool {
	switch c.Status {
	case StatusDraft:
		return draftToo && slices.Contains(PriorApprovers, role)
	case StatusSubmitted:
		return slices.Contains(Signers, role) || role == domain.RoleFinance
	case StatusSigned:
		return role == domain.RoleFinance
	}
	return false
}
