package contract_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

func reviewBy(decide func(contract.Contract, contract.Actor, string) ([]domain.Event, error), by contract.Actor, comment string) func(contract.Contract) ([]domain.Event, error) {
	return func(ct contract.Contract) ([]domain.Event, error) { return decide(ct, by, comment) }
}

func TestContract_ApproveByDeptHead(t *testing.T) {
	approve := func(ct contract.Contract, by contract.Actor, c string) ([]domain.Event, error) {
		return ct.ApproveByDeptHead(by, c, t1)
	}
	headDraft := drafted
	headDraft.DrafterID, headDraft.DrafterRole = head.EmployeeID, head.Role
	otherUnit := head2
	otherUnit.OrgUnitID = "ou-other"
	runDecide(t, "ApproveByDeptHead", []decideCase{
		{name: "the department head approves a registered contract",
			given: []domain.Event{drafted, registered}, when: reviewBy(approve, head, ""), want: []domain.Event{deptApproved}},
		{name: "the drafter may not approve their own contract (K11)",
			given: []domain.Event{headDraft, registered}, when: reviewBy(approve, head, ""), wantErr: domain.ErrRejected, wantRule: "K11"},
		{name: "a contract not yet registered cannot be approved (K2)",
			given: []domain.Event{drafted}, when: reviewBy(approve, head, ""), wantErr: domain.ErrRejected, wantRule: "K2"},
		{name: "a second head approving after the first conflicts",
			given: []domain.Event{drafted, registered, deptApproved}, when: reviewBy(approve, head2, ""), wantErr: domain.ErrConflict},
		{name: "the same head approving again records nothing",
			given: []domain.Event{drafted, registered, deptApproved}, when: reviewBy(approve, head, "")},
		{name: "a head of another unit may not approve",
			given: []domain.Event{drafted, registered}, when: reviewBy(approve, otherUnit, ""), wantErr: contract.ErrWrongDepartment},
		{name: "legal may not take the department head's step",
			given: []domain.Event{drafted, registered}, when: reviewBy(approve, legal, ""), wantErr: domain.ErrForbidden},
		{name: "an unknown contract is not found", when: reviewBy(approve, head, ""), wantErr: contract.ErrNotFound},
	})
}

func TestContract_RejectByDeptHead(t *testing.T) {
	reject := func(ct contract.Contract, by contract.Actor, c string) ([]domain.Event, error) {
		return ct.RejectByDeptHead(by, c, t1)
	}
	runDecide(t, "RejectByDeptHead", []decideCase{
		{name: "the head returns a registered contract with a reason",
			given: []domain.Event{drafted, registered}, when: reviewBy(reject, head, "scope unclear"),
			want: []domain.Event{contract.Returned{ContractID: "c-1", Stage: contract.StatusRegistered,
				Review: contract.Review{ReviewerID: "e-head", ReviewerRole: domain.RoleDeptHead, Decision: contract.DecisionReturned, Comment: "scope unclear", At: t1}}}},
		{name: "a return needs a reason",
			given: []domain.Event{drafted, registered}, when: reviewBy(reject, head, ""), wantErr: contract.ErrReasonRequired},
	})
}

func TestContract_PassLegalReview(t *testing.T) {
	pass := func(ct contract.Contract, by contract.Actor, c string) ([]domain.Event, error) {
		return ct.PassLegalReview(by, c, t1)
	}
	returned := contract.Returned{ContractID: "c-1", Stage: contract.StatusRegistered, Review: approval(head, contract.DecisionReturned)}
	reregistered := registered
	reregistered.RegistrationNo = "REG-2"
	runDecide(t, "PassLegalReview", []decideCase{
		{name: "legal passes a department-approved contract",
			given: []domain.Event{drafted, registered, deptApproved}, when: reviewBy(pass, legal, ""), want: []domain.Event{legalPassed}},
		{name: "legal review before the department head's approval is out of order (K2)",
			given: []domain.Event{drafted, registered}, when: reviewBy(pass, legal, ""), wantErr: domain.ErrRejected, wantRule: "K2"},
		{name: "a resubmitted contract re-runs the chain from registration",
			given: []domain.Event{drafted, registered, deptApproved, returned, reregistered},
			when:  reviewBy(pass, legal, ""), wantErr: domain.ErrRejected, wantRule: "K2"},
	})
}

func TestContract_FailLegalReview(t *testing.T) {
	fail := func(ct contract.Contract, by contract.Actor, c string) ([]domain.Event, error) {
		return ct.FailLegalReview(by, c, t1)
	}
	runDecide(t, "FailLegalReview", []decideCase{
		{name: "legal fails a contract with findings",
			given: []domain.Event{drafted, registered, deptApproved}, when: reviewBy(fail, legal, "penalty clause unlawful"),
			want: []domain.Event{contract.LegalReviewFailed{ContractID: "c-1", Review: contract.Review{ReviewerID: "e-legal",
				ReviewerRole: domain.RoleLegal, Decision: contract.DecisionFailed, Comment: "penalty clause unlawful", At: t1}}}},
		{name: "a failure needs findings",
			given: []domain.Event{drafted, registered, deptApproved}, when: reviewBy(fail, legal, ""), wantErr: contract.ErrReasonRequired},
	})
}

func TestContract_ApproveByGM(t *testing.T) {
	approve := func(ct contract.Contract, by contract.Actor, c string) ([]domain.Event, error) {
		return ct.ApproveByGM(by, c, t1)
	}
	gmDraft := drafted
	gmDraft.DrafterID, gmDraft.DrafterRole, gmDraft.DrafterOrgUnitID = gm.EmployeeID, gm.Role, ""
	runDecide(t, "ApproveByGM", []decideCase{
		{name: "the GM approves a legally cleared contract",
			given: []domain.Event{drafted, registered, deptApproved, legalPassed}, when: reviewBy(approve, gm, ""), want: []domain.Event{gmApproved}},
		{name: "the GM may not approve their own draft (K11)",
			given: []domain.Event{gmDraft, registered, deptApproved, legalPassed}, when: reviewBy(approve, gm, ""),
			wantErr: domain.ErrRejected, wantRule: "K11"},
		{name: "GM approval before legal review is out of order (K2)",
			given: []domain.Event{drafted, registered, deptApproved}, when: reviewBy(approve, gm, ""), wantErr: domain.ErrRejected, wantRule: "K2"},
	})
}

func TestContract_RejectByGM(t *testing.T) {
	reject := func(ct contract.Contract, by contract.Actor, c string) ([]domain.Event, error) {
		return ct.RejectByGM(by, c, t1)
	}
	returned := func(stage contract.Status) []domain.Event {
		return []domain.Event{contract.Returned{ContractID: "c-1", Stage: stage, Review: contract.Review{ReviewerID: "e-gm",
			ReviewerRole: domain.RoleGM, Decision: contract.DecisionReturned, Comment: "margin too thin", At: t1}}}
	}
	runDecide(t, "RejectByGM", []decideCase{
		{name: "the GM returns a legally cleared contract",
			given: history(approvedChain[:4]), when: reviewBy(reject, gm, "margin too thin"), want: returned(contract.StatusLegalCleared)},
		{name: "the GM withdraws an approval before signing",
			given: approvedChain, when: reviewBy(reject, gm, "margin too thin"), want: returned(contract.StatusApproved)},
		{name: "a signed contract is not returned",
			given: signedChain, when: reviewBy(reject, gm, "late"), wantErr: contract.ErrWrongState},
	})
}
