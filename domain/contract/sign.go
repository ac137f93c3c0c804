package contract

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Signature is what a manager attests when signing a contract or an
// amendment.
type Signature struct {
	Place             string // must be PlaceCompany (K3)
	CustomerSignatory string
	DocumentHash      string // must equal the text that was reviewed
}

// Sign records a manager's signature of an approved contract. It refuses a
// signer without one of reg's signer roles (the manager roles by default)
// or outside the company (K3), a contract whose legal review has not passed
// (K1) or whose chain is incomplete (K2), a signer who drafted it (K11),
// and a text other than the reviewed one.
// Signing a signed contract records nothing.
func (ct Contract) Sign(sig Signature, by Actor, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(sig.texts()...); err != nil {
		return nil, err
	}
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case ct.IsSigned():
		return nil, nil
	case !inReview(ct.Status):
		return nil, ErrWrongState
	}
	if err := checkSignature(ct.Paper, sig, by, reg); err != nil {
		return nil, err
	}
	if sig.CustomerSignatory == "" {
		return nil, domain.InvalidField("customer_signatory", "is required")
	}
	return []domain.Event{Signed{
		ContractID: ct.ID, CustomerID: ct.CustomerID, Value: ct.Value,
		SignerID: by.EmployeeID, SignerRole: by.Role, CustomerSignatory: sig.CustomerSignatory,
		Place: sig.Place, DocumentHash: sig.DocumentHash, SignedAt: now,
	}}, nil
}

// ApplyAmendment records a manager's signature of an approved amendment; its
// terms then replace the contract's. It refuses what Sign refuses.
func (ct Contract) ApplyAmendment(sig Signature, by Actor, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(sig.texts()...); err != nil {
		return nil, err
	}
	if !ct.Exists() {
		return nil, ErrNotFound
	}
	if ct.Amendment == nil || !ct.IsSigned() {
		return nil, ErrNoAmendment
	}
	if err := checkSignature(*ct.Amendment, sig, by, reg); err != nil {
		return nil, err
	}
	return []domain.Event{Amended{
		ContractID: ct.ID, AmendmentID: ct.AmendmentID, Before: ct.Paper.Terms, After: ct.Amendment.Terms,
		SignerID: by.EmployeeID, SignerRole: by.Role, Place: sig.Place, DocumentHash: sig.DocumentHash, AmendedAt: now,
	}}, nil
}

// checkSignature applies the signing rules to the paper being signed.
func checkSignature(p Paper, sig Signature, by Actor, reg Regulation) error {
	switch {
	case !slices.Contains(reg.signerRoles(), by.Role):
		return domain.RuleViolation("K3", "a contract is signed only by a manager (DEPT_HEAD, GM or BRANCH_MANAGER)")
	case sig.Place != PlaceCompany:
		return domain.RuleViolation("K3", "a contract is signed in person at the company")
	case stageOrder[p.Stage] < stageOrder[StatusLegalCleared]:
		return domain.RuleViolation("K1", "no signing before a passed legal review")
	case p.Stage != StatusApproved:
		return domain.RuleViolation("K2", "no signing before the GM's approval")
	case by.EmployeeID == p.DrafterID:
		return domain.RuleViolation("K11", "the signer may not be the drafter")
	case sig.DocumentHash != p.DocumentHash:
		return ErrDocumentChanged
	}
	return nil
}
