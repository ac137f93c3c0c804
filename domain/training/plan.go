package training

import (
	"slices"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// PlanStatus is where an annual training plan stands; the zero value
// means "not drafted".
type PlanStatus string

// The plan states (§3.5-plan-approval).
const (
	PlanStatusNone     PlanStatus = ""
	PlanStatusDraft    PlanStatus = "DRAFT"
	PlanStatusReviewed PlanStatus = "REVIEWED"
	PlanStatusApproved PlanStatus = "APPROVED"
)

// PlanStatuses lists the states a plan is seen in.
var PlanStatuses = []PlanStatus{PlanStatusDraft, PlanStatusReviewed, PlanStatusApproved}

// PlanDetails is the content of an annual training plan: 「明確培訓目標、
// 培訓內容、培訓方式、培訓時間安排」 (S [001], §3.5-plan-contents).
type PlanDetails struct {
	Year      int    `json:"year"`
	OrgUnitID string `json:"org_unit_id"`
	Goals     string `json:"goals"`
	Content   string `json:"content"`
	Kinds     []Kind `json:"kinds"`
	Modes     []Mode `json:"modes"`
	Schedule  string `json:"schedule"`
}

// TrainingPlan is the state of one department's annual training plan.
type TrainingPlan struct {
	ID      string      `json:"id"`
	Status  PlanStatus  `json:"status"`
	Details PlanDetails `json:"details"`
}

// Evolve returns the state after e. It never fails and never validates.
func (p TrainingPlan) Evolve(e domain.Event) TrainingPlan {
	switch e := e.(type) {
	case PlanDrafted:
		p.ID, p.Status, p.Details = e.PlanID, PlanStatusDraft, e.PlanDetails
	case PlanReviewed:
		if e.Passed {
			p.Status = PlanStatusReviewed
		} else {
			p.Status = PlanStatusDraft
		}
	case PlanApproved:
		p.Status = PlanStatusApproved
	}
	return p
}

// Draft records a plan's content; a draft may be reworked until the
// department manager passes it, and drafting the same content again
// records nothing. It refuses missing content (§3.5-plan-contents), a
// kind or mode outside the regulation's, and a plan past drafting.
func (p TrainingPlan) Draft(planID string, d PlanDetails, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("plan_id", planID), domain.Text("org_unit_id", d.OrgUnitID),
		domain.Text("goals", d.Goals), domain.Text("content", d.Content), domain.Text("schedule", d.Schedule)); err != nil {
		return nil, err
	}
	if p.Status != PlanStatusNone && p.Status != PlanStatusDraft {
		return nil, ErrPastDrafting
	}
	if err := d.validate(planID); err != nil {
		return nil, err
	}
	if p.Status == PlanStatusDraft && p.Details.equal(d) {
		return nil, nil
	}
	return []domain.Event{PlanDrafted{PlanID: planID, PlanDetails: d, DraftedBy: by, DraftedAt: now}}, nil
}

func (d PlanDetails) validate(planID string) error {
	if d.Year < 1000 || d.Year > 9999 {
		return domain.InvalidField("year", "must be a four-digit year")
	}
	for _, f := range [][2]string{{"plan_id", planID}, {"org_unit_id", d.OrgUnitID}, {"goals", d.Goals},
		{"content", d.Content}, {"schedule", d.Schedule}} {
		if err := required(f[0], strings.TrimSpace(f[1])); err != nil {
			return err
		}
	}
	if len(d.Kinds) == 0 || slices.ContainsFunc(d.Kinds, func(k Kind) bool { return !k.valid() }) {
		return domain.InvalidField("kinds", "names at least one of GENERAL, PROFESSIONAL, MANAGERIAL")
	}
	if len(d.Modes) == 0 || slices.ContainsFunc(d.Modes, func(m Mode) bool { return !m.valid() }) {
		return domain.InvalidField("modes", "names at least one of INTERNAL, EXTERNAL, ONLINE")
	}
	return nil
}

func (d PlanDetails) equal(o PlanDetails) bool {
	return d.Year == o.Year && d.OrgUnitID == o.OrgUnitID && d.Goals == o.Goals && d.Content == o.Content &&
		d.Schedule == o.Schedule && slices.Equal(d.Kinds, o.Kinds) && slices.Equal(d.Modes, o.Modes)
}

// Review records the department manager's review of a draft
// (§3.5-plan-approval). A review that does not pass needs a comment and
// returns the plan to drafting; passing a plan past review records
// nothing. It refuses a reviewer not acting as DEPT_HEAD and failing a
// plan past drafting.
func (p TrainingPlan) Review(reviewerID string, role domain.Role, passed bool, comment string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	switch {
	case p.Status == PlanStatusNone:
		return nil, ErrPlanNotFound
	case role != domain.RoleDeptHead:
		return nil, ErrReviewerRole
	case p.Status != PlanStatusDraft && passed:
		return nil, nil
	case p.Status != PlanStatusDraft:
		return nil, ErrPastDrafting
	case !passed && strings.TrimSpace(comment) == "":
		return nil, domain.InvalidField("comment", "says why a plan is sent back")
	}
	return []domain.Event{PlanReviewed{PlanID: p.ID, ReviewerID: reviewerID, ReviewerRole: role, Passed: passed,
		Comment: comment, ReviewedAt: now}}, nil
}

// Approve records company leadership's approval of a reviewed plan
// (§3.5-plan-approval); approving an approved plan records nothing. It
// refuses an approver not acting as LEADERSHIP and a plan the department
// manager has not passed.
func (p TrainingPlan) Approve(approverID string, role domain.Role, comment string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	switch {
	case p.Status == PlanStatusNone:
		return nil, ErrPlanNotFound
	case role != domain.RoleLeadership:
		return nil, ErrApproverRole
	case p.Status == PlanStatusApproved:
		return nil, nil
	case p.Status != PlanStatusReviewed:
		return nil, ErrNotReviewed
	}
	return []domain.Event{PlanApproved{PlanID: p.ID, ApproverID: approverID, ApproverRole: role, Comment: comment, ApprovedAt: now}}, nil
}

// Covers reports whether the plan is approved for orgUnitID's sessions
// of year, and if not, the refusal that says why (§3.5-plan-first).
func (p TrainingPlan) Covers(orgUnitID string, year int) error {
	switch {
	case p.Status == PlanStatusNone:
		return ErrPlanNotFound
	case p.Status != PlanStatusApproved:
		return ErrPlanNotApproved
	case p.Details.OrgUnitID != orgUnitID:
		return ErrPlanOtherUnit
	case p.Details.Year != year:
		return ErrPlanOtherYear
	}
	return nil
}
