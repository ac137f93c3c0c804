package research_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/research"
)

var (
	t0   = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	plan = research.Plan{Title: "East China machine-tool demand", OrgUnitID: "sales-east", Purpose: "size the 2027 market",
		Scope: "Jiangsu, Zhejiang", Methods: []research.Method{research.MethodQuestionnaire, research.MethodInterview},
		StartsOn: t0, DueOn: t0.AddDate(0, 2, 0)}
	proposed = research.Proposed{ProjectID: "r-1", Plan: plan, ProposedBy: "mr-1", ProposedAt: t0}
	reviewed = research.Reviewed{ProjectID: "r-1", ReviewerID: "head-1", ReviewerRole: domain.RoleDeptHead, Passed: true, ReviewedAt: t0}
	returned = research.Reviewed{ProjectID: "r-1", ReviewerID: "head-1", ReviewerRole: domain.RoleDeptHead, Comment: "scope too wide", ReviewedAt: t0}
	approved = research.Approved{ProjectID: "r-1", ApproverID: "lead-1", ApproverRole: domain.RoleLeadership, ApprovedAt: t0}
	started  = research.Started{ProjectID: "r-1", StartedBy: "mr-1", StartedAt: t0}
	report   = research.Report{Introduction: "why", Methodology: "120 questionnaires", Findings: "demand up 8%",
		Conclusions: "add two reps", FeedbackUnitIDs: []string{"sales-east"}}
	reported = research.Reported{ProjectID: "r-1", Report: report, ReportedBy: "mr-1", ReportedAt: t0}
)

type decideCase struct {
	name    string
	given   []domain.Event
	want    []domain.Event
	wantErr error
}

func check(t *testing.T, method string, tt decideCase, when func(research.Project) ([]domain.Event, error)) {
	t.Helper()
	t.Run(tt.name, func(t *testing.T) {
		p := domain.Fold(research.Project.Evolve, tt.given...) // given

		got, err := when(p) // when

		if !errors.Is(err, tt.wantErr) { // then
			t.Fatalf("%s() error = %v, want %v", method, err, tt.wantErr)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s() events mismatch (-want +got):\n%s", method, diff)
		}
	})
}

func given(events ...domain.Event) []domain.Event { return events }

func TestProject_Propose(t *testing.T) {
	noMethods, badMethod, noScope, dueBeforeStart, sameDay := plan, plan, plan, plan, plan
	noMethods.Methods, badMethod.Methods, noScope.Scope = nil, []research.Method{"GUESSING"}, ""
	dueBeforeStart.DueOn, sameDay.DueOn = t0.Add(-time.Second), t0
	for _, tt := range []struct {
		decideCase
		plan research.Plan
	}{
		{decideCase{name: "a plan with purpose, scope, methods and schedule is proposed (§3.6-plan)", want: given(proposed)}, plan},
		{decideCase{name: "the methods are required (§3.6-plan)", wantErr: domain.ErrInvalid}, noMethods},
		{decideCase{name: "an unknown method is invalid (§3.6-plan)", wantErr: domain.ErrInvalid}, badMethod},
		{decideCase{name: "the scope is required (§3.6-plan)", wantErr: domain.ErrInvalid}, noScope},
		{decideCase{name: "a due date before the start is invalid (§3.6-plan)", wantErr: domain.ErrInvalid}, dueBeforeStart},
		{decideCase{name: "a one-day schedule is valid (§3.6-plan)",
			want: given(research.Proposed{ProjectID: "r-1", Plan: sameDay, ProposedBy: "mr-1", ProposedAt: t0})}, sameDay},
		{decideCase{name: "a returned proposal is reworked", given: given(proposed, returned), want: given(proposed)}, plan},
		{decideCase{name: "a reviewed proposal is not reworked", given: given(proposed, reviewed), wantErr: research.ErrPastProposal}, plan},
	} {
		check(t, "Propose", tt.decideCase, func(p research.Project) ([]domain.Event, error) { return p.Propose("r-1", tt.plan, "mr-1", t0) })
	}
}

func TestProject_ReviewAndApprove(t *testing.T) {
	for _, tt := range []struct {
		decideCase
		role    domain.Role
		passed  bool
		comment string
	}{
		{decideCase{name: "the department manager passes the plan (§3.6-approval)", given: given(proposed), want: given(reviewed)}, domain.RoleDeptHead, true, ""},
		{decideCase{name: "the department manager returns it with a comment", given: given(proposed), want: given(returned)}, domain.RoleDeptHead, false, "scope too wide"},
		{decideCase{name: "returning needs a comment", given: given(proposed), wantErr: domain.ErrInvalid}, domain.RoleDeptHead, false, ""},
		{decideCase{name: "only the department manager reviews (§3.6-approval)", given: given(proposed), wantErr: research.ErrReviewerRole}, domain.RoleLeadership, true, ""},
		{decideCase{name: "a returned plan is reworked before another review", given: given(proposed, returned), wantErr: research.ErrPastProposal}, domain.RoleDeptHead, true, ""},
		{decideCase{name: "unknown project", wantErr: research.ErrNotFound}, domain.RoleDeptHead, true, ""},
	} {
		check(t, "Review", tt.decideCase, func(p research.Project) ([]domain.Event, error) {
			return p.Review("head-1", tt.role, tt.passed, tt.comment, t0)
		})
	}
	for _, tt := range []struct {
		decideCase
		role domain.Role
	}{
		{decideCase{name: "leadership approves a reviewed plan (§3.6-approval)", given: given(proposed, reviewed), want: given(approved)}, domain.RoleLeadership},
		{decideCase{name: "a plan not reviewed is not approved (§3.6-approval)", given: given(proposed), wantErr: research.ErrNotReviewed}, domain.RoleLeadership},
		{decideCase{name: "the department manager does not approve (§3.6-approval)", given: given(proposed, reviewed), wantErr: research.ErrApproverRole}, domain.RoleDeptHead},
		{decideCase{name: "approving twice records nothing", given: given(proposed, reviewed, approved)}, domain.RoleLeadership},
	} {
		check(t, "Approve", tt.decideCase, func(p research.Project) ([]domain.Event, error) { return p.Approve("lead-1", tt.role, "", t0) })
	}
}

func TestProject_StartAndSubmit(t *testing.T) {
	for _, tt := range []decideCase{
		{name: "an approved project is carried out (§3.6-order)", given: given(proposed, reviewed, approved), want: given(started)},
		{name: "a reviewed but unapproved project is not carried out (§3.6-order)", given: given(proposed, reviewed), wantErr: research.ErrNotApproved},
		{name: "starting twice records nothing", given: given(proposed, reviewed, approved, started)},
	} {
		check(t, "Start", tt, func(p research.Project) ([]domain.Event, error) { return p.Start("mr-1", t0) })
	}
	noFindings, noUnits := report, report
	noFindings.Findings, noUnits.FeedbackUnitIDs = "", nil
	for _, tt := range []struct {
		decideCase
		report research.Report
	}{
		{decideCase{name: "a project carried out is reported with its four parts (§3.6-report)", given: given(proposed, reviewed, approved, started),
			want: given(reported)}, report},
		{decideCase{name: "an approved project not carried out is not reported (§3.6-order)", given: given(proposed, reviewed, approved),
			wantErr: research.ErrNotCarriedOut}, report},
		{decideCase{name: "the findings are required (§3.6-report)", given: given(proposed, reviewed, approved, started), wantErr: domain.ErrInvalid}, noFindings},
		{decideCase{name: "the departments to feed back to are required (§3.6-report)", given: given(proposed, reviewed, approved, started),
			wantErr: domain.ErrInvalid}, noUnits},
		{decideCase{name: "a project is reported once", given: given(proposed, reviewed, approved, started, reported), wantErr: research.ErrAlreadyReported}, report},
	} {
		check(t, "Submit", tt.decideCase, func(p research.Project) ([]domain.Event, error) { return p.Submit(tt.report, "mr-1", t0) })
	}
}
