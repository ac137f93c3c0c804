package contract

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// stageOrder ranks the review states: a step may be taken only from the
// state right before it (K2).
var stageOrder = map[Status]int{
	StatusDraft: 0, StatusRegistered: 1, StatusDeptApproved: 2, StatusLegalCleared: 3, StatusApproved: 4,
}

// step describes one review step: the state it is taken from, the roles that
// may take it, and who already took it (for repeats).
type step struct {
	from   Status
	roles  []domain.Role
	doneBy func(Paper) string
}

var (
	deptStep  = step{StatusRegistered, []domain.Role{domain.RoleDeptHead}, func(p Paper) string { return p.DeptApprovedBy }}
	legalStep = step{StatusDeptApproved, []domain.Role{domain.RoleLegal}, func(p Paper) string { return p.LegalClearedBy }}
	gmStep    = step{StatusLegalCleared, []domain.Role{domain.RoleGM}, func(p Paper) string { return p.GMApprovedBy }}
)

// reviewable returns the paper under review if by may take step s on it
// now. done is true when by already took this step and it moved on: a
// repeat that records nothing. Someone else's decision of the same step is
// ErrAlreadyReviewed; a step before its predecessor is a K2 violation; a
// drafter reviewing their own draft is a K11 violation.
func (ct Contract) reviewable(s step, by Actor) (p Paper, amendmentID string, done bool, err error) {
	if !ct.Exists() {
		return Paper{}, "", false, ErrNotFound
	}
	p, amendmentID, ok := ct.subject()
	if !ok {
		return Paper{}, "", false, ErrWrongState
	}
	if !slices.Contains(s.roles, by.Role) {
		return Paper{}, "", false, domain.Forbidden("this review step needs the role " + string(s.roles[0]))
	}
	switch {
	case stageOrder[p.Stage] > stageOrder[s.from] && s.doneBy(p) == by.EmployeeID:
		return p, amendmentID, true, nil
	case stageOrder[p.Stage] > stageOrder[s.from]:
		return Paper{}, "", false, ErrAlreadyReviewed
	case p.Stage != s.from:
		return Paper{}, "", false, domain.RuleViolation("K2", "the review chain runs registration, department head, legal, GM, in order")
	case by.EmployeeID == p.DrafterID:
		return Paper{}, "", false, domain.RuleViolation("K11", "a reviewer may not review a draft they wrote")
	}
	return p, amendmentID, false, nil
}

func review(by Actor, d Decision, comment string, now time.Time) Review {
	return Review{ReviewerID: by.EmployeeID, ReviewerRole: by.Role, Decision: d, Comment: comment, At: now}
}

// ApproveByDeptHead records the department head's approval of a registered
// contract or amendment. The head must head the drafter's unit; a head
// without an org unit heads no unit, so is refused rather than let through.
func (ct Contract) ApproveByDeptHead(by Actor, comment string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	p, amendmentID, done, err := ct.reviewable(deptStep, by)
	if err != nil || done {
		return nil, err
	}
	if !headsDrafterUnit(by, p) {
		return nil, ErrWrongDepartment
	}
	return []domain.Event{DeptHeadApproved{ContractID: ct.ID, AmendmentID: amendmentID,
		Review: review(by, DecisionApproved, comment, now)}}, nil
}

// RejectByDeptHead returns a registered contract or amendment to its
// drafter; a reason is required.
// Like the approval, it is the head of the drafter's unit who returns it.
func (ct Contract) RejectByDeptHead(by Actor, reason string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if p, _, ok := ct.subject(); ok && by.Role == domain.RoleDeptHead && !headsDrafterUnit(by, p) {
		return nil, ErrWrongDepartment
	}
	return ct.returnFrom(deptStep, by, reason, now)
}

// headsDrafterUnit reports whether department head by heads the unit of
// p's drafter. A head without an org unit heads no unit.
func headsDrafterUnit(by Actor, p Paper) bool {
	return by.OrgUnitID != "" && (p.DrafterOrgUnitID == "" || p.DrafterOrgUnitID == by.OrgUnitID)
}

// PassLegalReview records legal's finding that a department-approved
// contract or amendment is lawful and compliant (K1).
func (ct Contract) PassLegalReview(by Actor, findings string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("findings", findings)); err != nil {
		return nil, err
	}
	_, amendmentID, done, err := ct.reviewable(legalStep, by)
	if err != nil || done {
		return nil, err
	}
	return []domain.Event{LegalReviewPassed{ContractID: ct.ID, AmendmentID: amendmentID,
		Review: review(by, DecisionPassed, findings, now)}}, nil
}

// FailLegalReview returns a department-approved contract or amendment to its
// drafter with legal's findings, which are required.
func (ct Contract) FailLegalReview(by Actor, findings string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("findings", findings)); err != nil {
		return nil, err
	}
	if findings == "" {
		return nil, ErrReasonRequired
	}
	_, amendmentID, done, err := ct.reviewable(legalStep, by)
	if err != nil || done {
		return nil, err
	}
	return []domain.Event{LegalReviewFailed{ContractID: ct.ID, AmendmentID: amendmentID,
		Review: review(by, DecisionFailed, findings, now)}}, nil
}

// ApproveByGM records the GM's approval of a legally cleared contract
// (ApprovedByGM) or amendment (AmendmentApproved). The GM cannot approve
// their own draft (K11).
func (ct Contract) ApproveByGM(by Actor, comment string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	_, amendmentID, done, err := ct.reviewable(gmStep, by)
	if err != nil || done {
		return nil, err
	}
	r := review(by, DecisionApproved, comment, now)
	if amendmentID != "" {
		return []domain.Event{AmendmentApproved{ContractID: ct.ID, AmendmentID: amendmentID, Review: r}}, nil
	}
	return []domain.Event{ApprovedByGM{ContractID: ct.ID, Review: r}}, nil
}

// RejectByGM returns a legally cleared contract or amendment to its drafter.
// The GM may also withdraw an approval before the signature: a reason is
// required either way.
func (ct Contract) RejectByGM(by Actor, reason string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	s := gmStep
	if p, _, ok := ct.subject(); ok && p.Stage == StatusApproved {
		s.from = StatusApproved
	}
	return ct.returnFrom(s, by, reason, now)
}

// returnFrom sends the paper under review back to DRAFT from step s.
func (ct Contract) returnFrom(s step, by Actor, reason string, now time.Time) ([]domain.Event, error) {
	if reason == "" {
		return nil, ErrReasonRequired
	}
	// a return is never a repeat of an approval: only the exact state counts
	s.doneBy = func(Paper) string { return "\x00" }
	p, amendmentID, _, err := ct.reviewable(s, by)
	if err != nil {
		return nil, err
	}
	return []domain.Event{Returned{ContractID: ct.ID, AmendmentID: amendmentID, Stage: p.Stage,
		Review: review(by, DecisionReturned, reason, now)}}, nil
}
