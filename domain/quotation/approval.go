package quotation

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Submit asks for the approval a concrete quote's margin needs under reg.
// It refuses oral and initial quotes (they need none) and any status but
// DRAFT; a pending quote records nothing.
func (q Quotation) Submit(by string, reg Regulation, regulationVersion string, at time.Time) ([]domain.Event, error) {
	if !q.Exists() {
		return nil, ErrNotFound
	}
	if q.Status == StatusPendingApproval {
		return nil, nil
	}
	if !q.Type.Concrete() {
		return nil, ErrNoApprovalNeeded
	}
	if q.Status != StatusDraft {
		return nil, ErrWrongStatus
	}
	if err := q.readyForAuthority(); err != nil {
		return nil, err
	}
	m := q.MarginRatio()
	tier := reg.Tier(m)
	return []domain.Event{ApprovalRequested{
		QuotationID: q.ID, RequiredRole: tier.ApproverRole(), Margin: m.Percent(), Tier: tier,
		RegulationVersion: regulationVersion, RequestedBy: by, RequestedAt: at,
	}}, nil
}

// Approve records approverID's approval, acting as role, of a pending
// quote, or the after-the-fact approval of one issued under rep authority.
// The tier is decided under reg, the regulation in force at approval. It
// refuses a role below the tier's authority (K7), the drafter approving
// their own quote, and a quote that awaits no approval; approving an
// approved quote records nothing.
func (q Quotation) Approve(approverID string, role domain.Role, comment string, reg Regulation, regulationVersion string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	retro, err := q.awaitingApproval()
	if err != nil || (!retro && q.Status != StatusPendingApproval) {
		return nil, err
	}
	tier, err := q.checkApprover(approverID, role, reg)
	if err != nil {
		return nil, err
	}
	return []domain.Event{Approved{
		QuotationID: q.ID, ApproverID: approverID, ApproverRole: role, Comment: comment,
		Margin: q.MarginRatio().Percent(), Tier: tier, RegulationVersion: regulationVersion, Retro: retro, ApprovedAt: at,
	}}, nil
}

// Reject records an approver's refusal: a pending quote returns to DRAFT
// for revision; a refused after-the-fact approval marks the issued quote
// (RetroRejected). It refuses what Approve refuses and a missing reason.
func (q Quotation) Reject(approverID string, role domain.Role, reason string, reg Regulation, regulationVersion string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	retro, err := q.awaitingApproval()
	if err != nil {
		return nil, err
	}
	if !retro && q.Status != StatusPendingApproval {
		return nil, ErrNotPending
	}
	if strings.TrimSpace(reason) == "" {
		return nil, domain.InvalidField("reason", "is required")
	}
	tier, err := q.checkApprover(approverID, role, reg)
	if err != nil {
		return nil, err
	}
	return []domain.Event{Rejected{
		QuotationID: q.ID, ApproverID: approverID, ApproverRole: role, Reason: reason,
		Margin: q.MarginRatio().Percent(), Tier: tier, RegulationVersion: regulationVersion, Retro: retro, RejectedAt: at,
	}}, nil
}

// awaitingApproval tells whether the quote awaits a retro approval. An
// error means it awaits none; (false, nil) with a status other than
// PENDING_APPROVAL means it is already approved.
func (q Quotation) awaitingApproval() (retro bool, err error) {
	switch {
	case !q.Exists():
		return false, ErrNotFound
	case q.RetroApprovalPending:
		return true, nil
	case q.Status == StatusPendingApproval:
		return false, nil
	case q.Status == StatusApproved, q.Type.Concrete() && !q.RetroRejected &&
		(q.Status == StatusIssued || q.Status == StatusAccepted):
		return false, nil // approved before; Approve records nothing
	}
	return false, ErrNotPending
}

func (q Quotation) checkApprover(approverID string, role domain.Role, reg Regulation) (Tier, error) {
	if approverID == q.DraftedBy {
		return "", ErrSelfApproval
	}
	tier := reg.Tier(q.MarginRatio())
	if !CanApprove(role, tier) {
		return "", domain.RuleViolation("K7", fmt.Sprintf("a margin of %s needs approval by %s or above, not %s", q.MarginRatio().Percent(), tier.ApproverRole(), role))
	}
	return tier, nil
}

// Issue gives the quote to the customer. Oral and initial quotes are
// issued from DRAFT; concrete ones once APPROVED, or from DRAFT by a sales
// rep when the margin is at or above the rep-authority threshold of reg,
// which leaves the approval pending (K7). It refuses a concrete quote whose
// margin needs approval first (K7) and closed quotes; an issued quote
// records nothing.
func (q Quotation) Issue(issuerID string, role domain.Role, reg Regulation, regulationVersion string, at time.Time) ([]domain.Event, error) {
	switch {
	case !q.Exists():
		return nil, ErrNotFound
	case q.Status == StatusIssued:
		return nil, nil
	case q.Status == StatusPendingApproval:
		return nil, ErrAwaitingApproval
	case q.Status == StatusApproved, q.Status == StatusDraft && !q.Type.Concrete():
		return []domain.Event{Issued{QuotationID: q.ID, Type: q.Type, Price: q.Price, IssuedBy: issuerID, IssuedAt: at}}, nil
	case q.Status != StatusDraft:
		return nil, ErrWrongStatus
	}
	if err := q.readyForAuthority(); err != nil {
		return nil, err
	}
	m := q.MarginRatio()
	if tier := reg.Tier(m); tier != TierRep {
		return nil, domain.RuleViolation("K7", fmt.Sprintf("a margin of %s needs %s approval before the quote is issued", m.Percent(), tier.ApproverRole()))
	}
	if role != domain.RoleSalesRep {
		return nil, ErrRepAuthorityOnly
	}
	return []domain.Event{IssuedUnderRepAuthority{
		QuotationID: q.ID, Type: q.Type, Price: q.Price, Margin: m.Percent(), RegulationVersion: regulationVersion,
		RetroApprovalPending: true, IssuedBy: issuerID, IssuedAt: at,
	}}, nil
}
