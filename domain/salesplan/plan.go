package salesplan

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Draft records a plan's content. A draft may be reworked (drafted again)
// until the department head passes it; drafting the same content again
// records nothing. It refuses a missing year, org unit, region or strategy,
// a target that is not positive, and a plan past drafting
// (ErrAlreadyReviewed).
func (sp SalesPlan) Draft(planID string, d Details, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(d.texts(), domain.Text("plan_id", planID))...); err != nil {
		return nil, err
	}
	if sp.Status != StatusNone && sp.Status != StatusDraft {
		return nil, ErrAlreadyReviewed
	}
	if err := validateDetails(planID, d); err != nil {
		return nil, err
	}
	if d.Target.Currency == "" {
		d.Target.Currency = domain.DefaultCurrency
	}
	if sp.Status == StatusDraft && sp.Details.equal(d) {
		return nil, nil
	}
	return []domain.Event{Drafted{PlanID: planID, Details: d, DraftedBy: by, DraftedAt: now}}, nil
}

func validateDetails(planID string, d Details) error {
	if err := required("plan_id", planID); err != nil {
		return err
	}
	if d.Year < 1000 || d.Year > 9999 {
		return domain.InvalidField("year", "must be a four-digit year")
	}
	for _, f := range [][2]string{{"org_unit_id", d.OrgUnitID}, {"region", d.Region}, {"strategy", d.Strategy}} {
		if err := required(f[0], f[1]); err != nil {
			return err
		}
	}
	if !d.Target.IsPositive() {
		return domain.InvalidField("target", "must be positive")
	}
	return nil
}

func (d Details) equal(o Details) bool {
	return d.Year == o.Year && d.OrgUnitID == o.OrgUnitID && d.Region == o.Region &&
		d.Target.Equal(o.Target) && d.Strategy == o.Strategy && slices.Equal(d.CustomerGroups, o.CustomerGroups)
}

// Review records the department head's review of a draft (S). A review
// that does not pass needs a comment and returns the plan to drafting.
// Passing a plan already past review records nothing. It refuses a
// reviewer who is not acting as DEPT_HEAD (ErrReviewerRole) and failing a
// plan past drafting (ErrAlreadyReviewed).
func (sp SalesPlan) Review(reviewerID string, role domain.Role, passed bool, comment string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	if sp.Status == StatusNone {
		return nil, ErrNotFound
	}
	if role != domain.RoleDeptHead {
		return nil, ErrReviewerRole
	}
	if sp.Status != StatusDraft {
		if passed {
			return nil, nil
		}
		return nil, ErrAlreadyReviewed
	}
	if !passed {
		if err := required("comment", comment); err != nil {
			return nil, err
		}
	}
	return []domain.Event{Reviewed{
		PlanID: sp.ID, ReviewerID: reviewerID, ReviewerRole: role, Passed: passed, Comment: comment, ReviewedAt: now,
	}}, nil
}

// Approve records company leadership's approval of a reviewed plan (S).
// Approving an approved plan records nothing. It refuses an approver not
// acting as LEADERSHIP (ErrApproverRole) and a plan the department head has
// not passed (ErrNotReviewed).
func (sp SalesPlan) Approve(approverID string, role domain.Role, comment string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	if sp.Status == StatusNone {
		return nil, ErrNotFound
	}
	if role != domain.RoleLeadership {
		return nil, ErrApproverRole
	}
	switch sp.Status {
	case StatusDraft:
		return nil, ErrNotReviewed
	case StatusReviewed:
		return []domain.Event{Approved{
			PlanID: sp.ID, ApproverID: approverID, ApproverRole: role, Comment: comment, ApprovedAt: now,
		}}, nil
	}
	return nil, nil
}

// Activate puts a fully decomposed plan into force, checking its sums
// again under reg (the tolerance may have changed since decomposition).
// Activating an active plan records nothing. It refuses a plan that is not
// approved and decomposed (ErrNotDecomposed) and a closed plan.
func (sp SalesPlan) Activate(by string, reg Regulation, now time.Time) ([]domain.Event, error) {
	switch sp.Status {
	case StatusNone:
		return nil, ErrNotFound
	case StatusActive, StatusRevised:
		return nil, nil
	case StatusClosed:
		return nil, ErrClosed
	case StatusDecomposed:
	default:
		return nil, ErrNotDecomposed
	}
	if err := sp.checkSums(sp.targets, reg.SumTolerance); err != nil {
		return nil, err
	}
	return []domain.Event{Activated{PlanID: sp.ID, ActivatedBy: by, ActivatedAt: now}}, nil
}

// Close ends an active plan. Closing a closed plan records nothing. It
// refuses a plan that is not active (ErrNotActive).
func (sp SalesPlan) Close(reason, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	switch {
	case sp.Status == StatusNone:
		return nil, ErrNotFound
	case sp.Status == StatusClosed:
		return nil, nil
	case !sp.live():
		return nil, ErrNotActive
	}
	return []domain.Event{Closed{PlanID: sp.ID, Reason: reason, ClosedBy: by, ClosedAt: now}}, nil
}
