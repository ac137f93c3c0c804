// Package contract is the Contract aggregate: a sales contract from the rep's
// draft through registration, department-head, legal and GM review, a
// manager's signature at the company, deposit, execution, amendments,
// collection of the price, and completion or termination (K1–K11, see docs/RULES.md).
//
// Rules (ids of docs/RULES.md; D marks design decisions the seeds do not state):
//
//  1. K1/K2: a contract is signed only from APPROVED, reached by the chain
//     REGISTERED → DEPT_APPROVED → LEGAL_CLEARED → APPROVED, in order. A
//     reviewer may return the draft from any review state; it goes back to
//     DRAFT and resubmission re-runs the chain from registration.
//  2. K3: the signer holds a manager role and signs at the company.
//  3. K4/K5: mandatory clauses missing → Invalid; recommended clauses missing
//     → listed in the event as a warning.
//  4. K6: a draft whose price is not an approved final quotation's price is
//     recorded with UnauthorisedQuotationDetected and cannot be registered
//     until the price is linked to an approved final quotation.
//  5. K8: execution starts only when the required deposit is received.
//  6. K9: completion needs every execution issue resolved.
//  7. K10 (D): the collection plan's instalments add up to the contract
//     value less the required deposit, which is collected before execution;
//     together they are the full price. Escalation of an overdue instalment
//     goes letter → visit → legal action, never skipping a step; legal
//     action starts only when the GM and legal have both approved it, as two
//     different people.
//  8. K11 (D): no reviewer or signer reviews a draft they wrote.
//  9. D: an amendment of a signed contract runs the same chain (registration,
//     department head, legal, GM) and takes effect only when a manager signs
//     it; until then the signed terms stay in force.
package contract

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Stream returns the event stream name of contract id.
func Stream(id string) string { return "contract-" + id }

// Status is where a contract is in its lifecycle.
type Status string

// The contract states (K2, K8). StatusNone means "does not exist".
const (
	StatusNone         Status = ""
	StatusDraft        Status = "DRAFT"
	StatusRegistered   Status = "REGISTERED"
	StatusDeptApproved Status = "DEPT_APPROVED"
	StatusLegalCleared Status = "LEGAL_CLEARED"
	StatusApproved     Status = "APPROVED"
	StatusSigned       Status = "SIGNED"
	StatusInExecution  Status = "IN_EXECUTION"
	StatusCompleted    Status = "COMPLETED"
	StatusClosed       Status = "CLOSED"
	StatusTerminated   Status = "TERMINATED"
)

// PlaceCompany is the only place a contract may be signed (K3).
const PlaceCompany = "COMPANY"

// Contract is the state decisions need. The zero value is a contract that
// does not exist.
type Contract struct {
	ID              string
	CustomerID      string
	Status          Status
	Value           domain.Money // the price of the terms in force
	DepositRequired domain.Money // zero when no deposit is required
	DepositReceived domain.Money
	// Paper is the contract text with its review record; its Stage follows
	// Status until the contract is signed.
	Paper Paper
	// Amendment is the change under way on a signed contract, if any.
	Amendment   *Paper
	AmendmentID string
	Plan        []PlannedInstalment
	OpenIssues  []string
	Feedback    bool
	// SignedAt is when the contract was signed; it stays set after the
	// contract completes, closes or is terminated.
	SignedAt time.Time
}

// Paper is a text that goes through the review chain: the contract itself
// before signing, or an amendment after.
type Paper struct {
	Stage            Status // DRAFT … APPROVED
	Terms            Terms
	DrafterID        string
	DrafterOrgUnitID string
	QuotationID      string
	PriceLinked      bool
	DocumentHash     string
	DeptApprovedBy   string
	LegalClearedBy   string
	GMApprovedBy     string
}

// PlannedInstalment is an instalment of the plan with what was paid on it
// and how far its dunning went.
type PlannedInstalment struct {
	Instalment
	Paid     domain.Money
	Dunning  DunningStep
	Payments int
	// LegalApprovals are the approvals of legal action given so far; it
	// starts only when both are in (K10, D).
	LegalApprovals LegalApprovals
}

// LegalApprovals holds who approved legal action on an instalment, under
// each of the two roles that must both approve it ("" while pending).
type LegalApprovals struct {
	GM    string
	Legal string
}

// by returns the approver under role, and the approver under the other role.
func (a LegalApprovals) by(role domain.Role) (mine, other string) {
	if role == domain.RoleGM {
		return a.GM, a.Legal
	}
	return a.Legal, a.GM
}

// with records employeeID's approval under role.
func (a LegalApprovals) with(role domain.Role, employeeID string) LegalApprovals {
	if role == domain.RoleGM {
		a.GM = employeeID
	} else {
		a.Legal = employeeID
	}
	return a
}

// Outstanding returns what is still due on the instalment.
func (pi PlannedInstalment) Outstanding() domain.Money {
	out, _ := pi.Amount.Sub(pi.Paid)
	return out
}

// IsSigned reports whether the contract is signed and in force (SIGNED or
// IN_EXECUTION): orders may be placed under it.
func (ct Contract) IsSigned() bool {
	return ct.Status == StatusSigned || ct.Status == StatusInExecution
}

// DepositSatisfied reports whether the required deposit, if any, has been
// received in full (K8).
func (ct Contract) DepositSatisfied() bool {
	if !ct.DepositRequired.IsPositive() {
		return true
	}
	return ct.DepositReceived.Cmp(ct.DepositRequired) >= 0
}

// Exists reports whether the contract was drafted.
func (ct Contract) Exists() bool { return ct.Status != StatusNone }

// AmendmentInReview reports whether an amendment is under way.
func (ct Contract) AmendmentInReview() bool { return ct.Amendment != nil }

// inReview reports whether s is a state of the pre-signing chain.
func inReview(s Status) bool {
	switch s {
	case StatusDraft, StatusRegistered, StatusDeptApproved, StatusLegalCleared, StatusApproved:
		return true
	}
	return false
}

// subject returns the paper under review (the contract before signing, the
// amendment after) and the amendment id ("" for the contract itself).
func (ct Contract) subject() (Paper, string, bool) {
	if inReview(ct.Status) {
		return ct.Paper, "", true
	}
	if ct.Amendment != nil && ct.IsSigned() {
		return *ct.Amendment, ct.AmendmentID, true
	}
	return Paper{}, "", false
}
