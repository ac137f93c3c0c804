package research

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Propose records a project's plan (§3.6-plan): title, org unit,
// purpose, scope, at least one known method and a schedule whose due date
// is not before its start. A returned proposal may be reworked; a
// proposal under review or later may not (ErrPastProposal).
func (p Project) Propose(id string, plan Plan, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(plan.texts(id)...); err != nil {
		return nil, err
	}
	if p.Status != StatusNone && p.Status != StatusReturned && p.Status != StatusProposed {
		return nil, ErrPastProposal
	}
	if err := plan.validate(id); err != nil {
		return nil, err
	}
	return []domain.Event{Proposed{ProjectID: id, Plan: plan, ProposedBy: by, ProposedAt: now}}, nil
}

func (plan Plan) texts(id string) []domain.FieldText {
	texts := []domain.FieldText{domain.Text("project_id", id), domain.Text("title", plan.Title),
		domain.Text("org_unit_id", plan.OrgUnitID), domain.Text("purpose", plan.Purpose), domain.Text("scope", plan.Scope)}
	for i, m := range plan.Methods {
		texts = append(texts, domain.Text(domain.Indexed("methods", i), string(m)))
	}
	return texts
}

func (plan Plan) validate(id string) error {
	for _, f := range [][2]string{{"project_id", id}, {"title", plan.Title}, {"org_unit_id", plan.OrgUnitID},
		{"purpose", plan.Purpose}, {"scope", plan.Scope}} {
		if f[1] == "" {
			return domain.InvalidField(f[0], "required")
		}
	}
	if len(plan.Methods) == 0 {
		return domain.InvalidField("methods", "at least one method is required")
	}
	for i, m := range plan.Methods {
		if !slices.Contains(Methods(), m) {
			return domain.InvalidField(domain.Indexed("methods", i), "must be one of WEB, INDUSTRY_REPORTS, FIELD_VISITS, QUESTIONNAIRES, INTERVIEWS")
		}
	}
	switch {
	case plan.StartsOn.IsZero():
		return domain.InvalidField("starts_on", "required")
	case plan.DueOn.IsZero():
		return domain.InvalidField("due_on", "required")
	case plan.DueOn.Before(plan.StartsOn):
		return domain.InvalidField("due_on", "must not be before starts_on")
	}
	return nil
}

// Review records the department manager's review (§3.6-approval). A
// review that does not pass needs a comment and returns the proposal.
// Passing a reviewed project again records nothing.
func (p Project) Review(reviewerID string, role domain.Role, passed bool, comment string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	if p.Status == StatusNone {
		return nil, ErrNotFound
	}
	if role != domain.RoleDeptHead {
		return nil, ErrReviewerRole
	}
	switch p.Status {
	case StatusProposed:
	case StatusReturned:
		return nil, ErrPastProposal
	default:
		if passed {
			return nil, nil
		}
		return nil, ErrPastProposal
	}
	if !passed && comment == "" {
		return nil, domain.InvalidField("comment", "required")
	}
	return []domain.Event{Reviewed{ProjectID: p.ID, ReviewerID: reviewerID, ReviewerRole: role, Passed: passed,
		Comment: comment, ReviewedAt: now}}, nil
}

// Approve records leadership's approval of a reviewed proposal
// (§3.6-approval). Approving an approved project records nothing.
func (p Project) Approve(approverID string, role domain.Role, comment string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	if p.Status == StatusNone {
		return nil, ErrNotFound
	}
	if role != domain.RoleLeadership {
		return nil, ErrApproverRole
	}
	switch p.Status {
	case StatusProposed, StatusReturned:
		return nil, ErrNotReviewed
	case StatusReviewed:
		return []domain.Event{Approved{ProjectID: p.ID, ApproverID: approverID, ApproverRole: role, Comment: comment, ApprovedAt: now}}, nil
	}
	return nil, nil
}

// Start records that the group began carrying the project out; only an
// approved project starts (§3.6-order). Starting it again records
// nothing.
func (p Project) Start(by string, now time.Time) ([]domain.Event, error) {
	switch p.Status {
	case StatusNone:
		return nil, ErrNotFound
	case StatusApproved:
		return []domain.Event{Started{ProjectID: p.ID, StartedBy: by, StartedAt: now}}, nil
	case StatusInProgress:
		return nil, nil
	case StatusReported:
		return nil, ErrAlreadyReported
	}
	return nil, ErrNotApproved
}

// Submit reports a project that was carried out (§3.6-order) with the
// report's four parts and the departments it is fed back to
// (§3.6-report).
func (p Project) Submit(r Report, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(r.texts()...); err != nil {
		return nil, err
	}
	switch p.Status {
	case StatusNone:
		return nil, ErrNotFound
	case StatusReported:
		return nil, ErrAlreadyReported
	case StatusInProgress:
	default:
		return nil, ErrNotCarriedOut
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return []domain.Event{Reported{ProjectID: p.ID, Report: r, ReportedBy: by, ReportedAt: now}}, nil
}

func (r Report) texts() []domain.FieldText {
	return append(domain.Texts("feedback_unit_ids", r.FeedbackUnitIDs), domain.Text("introduction", r.Introduction),
		domain.Text("methodology", r.Methodology), domain.Text("findings", r.Findings), domain.Text("conclusions", r.Conclusions))
}

func (r Report) validate() error {
	for _, f := range [][2]string{{"introduction", r.Introduction}, {"methodology", r.Methodology}, {"findings", r.Findings}, {"conclusions", r.Conclusions}} {
		if f[1] == "" {
			return domain.InvalidField(f[0], "required")
		}
	}
	if len(r.FeedbackUnitIDs) == 0 {
		return domain.InvalidField("feedback_unit_ids", "the departments concerned are required")
	}
	for i, u := range r.FeedbackUnitIDs {
		if u == "" {
			return domain.InvalidField(domain.Indexed("feedback_unit_ids", i), "required")
		}
	}
	return nil
}
