package workplan_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/workplan"
)

var (
	company = time.FixedZone("company", 8*3600)
	dec1    = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) // a Tuesday
	// dec1Due is the end of 1 December at the company's midnight.
	dec1Due = time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	monday  = time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	tEarly  = time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	monthly = workplan.Draft{EmployeeID: "rep-1", OrgUnitID: "sales", Period: workplan.PeriodMonthly, PeriodStart: dec1, Content: "visit ten customers; two quotes"}
	planID  = "rep-1-monthly-2026-12-01"

	submitted = workplan.Submitted{PlanID: planID, EmployeeID: "rep-1", OrgUnitID: "sales", Period: workplan.PeriodMonthly, PeriodStart: dec1,
		Content: monthly.Content, DueAt: dec1Due, Revision: 1, SubmittedAt: tEarly}
	approved = workplan.Approved{PlanID: planID, ApproverID: "dh-1", ApproverRole: domain.RoleDeptHead, Comment: "good", ApprovedAt: tEarly}
	returned = workplan.Returned{PlanID: planID, ReviewerID: "dh-1", ReviewerRole: domain.RoleDeptHead, Reason: "too vague", ReturnedAt: tEarly}
)

type decide func(workplan.WorkPlan) ([]domain.Event, error)

type testCase struct {
	name    string
	given   []domain.Event
	when    decide
	want    []domain.Event
	wantErr error
}

func run(t *testing.T, method string, tests []testCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := domain.Fold(workplan.WorkPlan.Evolve, tt.given...)

			got, err := tt.when(w)

			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("%s() error = %v, want %v", method, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s() events mismatch (-want +got):\n%s", method, diff)
			}
		})
	}
}

func submitAt(d workplan.Draft, now time.Time) decide {
	return func(w workplan.WorkPlan) ([]domain.Event, error) { return w.Submit(d, company, now) }
}

func draftWith(change func(*workplan.Draft)) workplan.Draft {
	d := monthly
	change(&d)
	return d
}

func TestWorkPlan_Submit(t *testing.T) {
	at := func(now time.Time, late bool, revision int) []domain.Event {
		e := submitted
		e.SubmittedAt, e.Late, e.Revision = now, late, revision
		return []domain.Event{e}
	}
	monthEnd := time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC) // 1 January at the company's midnight
	weekly := draftWith(func(d *workplan.Draft) { d.Period, d.PeriodStart = workplan.PeriodWeekly, monday })
	run(t, "Submit", []testCase{
		{name: "a monthly plan made before the month is submitted, due at the end of its first day (WP1, WP1-due)", when: submitAt(monthly, tEarly), want: at(tEarly, false, 1)},
		{name: "a plan submitted at the first day's midnight is on time (WP1-due)", when: submitAt(monthly, dec1Due), want: at(dec1Due, false, 1)},
		{name: "a plan submitted a second after is late (WP1-due)", when: submitAt(monthly, dec1Due.Add(time.Second)), want: at(dec1Due.Add(time.Second), true, 1)},
		{name: "a plan of a month that ended is refused (WP1-due)", when: submitAt(monthly, monthEnd), wantErr: workplan.ErrPeriodOver},
		{name: "a plan on the month's last second is taken, late (WP1-due)", when: submitAt(monthly, monthEnd.Add(-time.Second)), want: at(monthEnd.Add(-time.Second), true, 1)},
		{name: "a weekly plan starts on a Monday", when: submitAt(weekly, tEarly), want: []domain.Event{workplan.Submitted{PlanID: "rep-1-weekly-2026-12-07", EmployeeID: "rep-1", OrgUnitID: "sales",
			Period: workplan.PeriodWeekly, PeriodStart: monday, Content: monthly.Content, DueAt: time.Date(2026, 12, 7, 16, 0, 0, 0, time.UTC), Revision: 1, SubmittedAt: tEarly}}},
		{name: "a weekly plan not starting on a Monday is invalid", when: submitAt(draftWith(func(d *workplan.Draft) { d.Period = workplan.PeriodWeekly }), tEarly), wantErr: workplan.ErrWeekStart},
		{name: "a monthly plan not starting on the 1st is invalid", when: submitAt(draftWith(func(d *workplan.Draft) { d.PeriodStart = monday }), tEarly), wantErr: workplan.ErrMonthStart},
		{name: "a plan without content is invalid", when: submitAt(draftWith(func(d *workplan.Draft) { d.Content = " " }), tEarly), wantErr: workplan.ErrMissingContent},
		{name: "an unknown cadence is invalid", when: submitAt(draftWith(func(d *workplan.Draft) { d.Period = "DAILY" }), tEarly), wantErr: workplan.ErrBadPeriod},
		{name: "a plan under review is not submitted again", given: []domain.Event{submitted}, when: submitAt(monthly, tEarly), wantErr: workplan.ErrUnderReview},
		{name: "a returned plan is reworked and submitted again (WP2)", given: []domain.Event{submitted, returned}, when: submitAt(monthly, tEarly), want: at(tEarly, false, 2)},
		{name: "an approved plan is final (WP2)", given: []domain.Event{submitted, approved}, when: submitAt(monthly, tEarly), wantErr: workplan.ErrFinal},
	})
}

func TestWorkPlan_Approve(t *testing.T) {
	approve := func(id string, role domain.Role) decide {
		return func(w workplan.WorkPlan) ([]domain.Event, error) { return w.Approve(id, role, "good", tEarly) }
	}
	run(t, "Approve", []testCase{
		{name: "the department head approves a submitted plan (WP2)", given: []domain.Event{submitted}, when: approve("dh-1", domain.RoleDeptHead), want: []domain.Event{approved}},
		{name: "another role does not approve plans (WP2)", given: []domain.Event{submitted}, when: approve("hr-1", domain.RoleHR), wantErr: workplan.ErrReviewerRole},
		{name: "the GM does not approve a rep's plan (WP2)", given: []domain.Event{submitted}, when: approve("gm-1", domain.RoleGM), wantErr: workplan.ErrReviewerRole},
		{name: "nobody approves their own plan", given: []domain.Event{submitted}, when: approve("rep-1", domain.RoleDeptHead), wantErr: workplan.ErrOwnPlan},
		{name: "a returned plan is not approved before it is submitted again (WP2)", given: []domain.Event{submitted, returned}, when: approve("dh-1", domain.RoleDeptHead), wantErr: workplan.ErrNotSubmitted},
		{name: "approving twice records nothing", given: []domain.Event{submitted, approved}, when: approve("dh-1", domain.RoleDeptHead)},
		{name: "an unknown plan is not found", when: approve("dh-1", domain.RoleDeptHead), wantErr: workplan.ErrNotFound},
	})
}

func TestWorkPlan_Return(t *testing.T) {
	ret := func(role domain.Role, reason string) decide {
		return func(w workplan.WorkPlan) ([]domain.Event, error) { return w.Return("dh-1", role, reason, tEarly) }
	}
	run(t, "Return", []testCase{
		{name: "the department head returns a submitted plan with the reason (WP2)", given: []domain.Event{submitted}, when: ret(domain.RoleDeptHead, "too vague"), want: []domain.Event{returned}},
		{name: "a return without a reason is invalid", given: []domain.Event{submitted}, when: ret(domain.RoleDeptHead, " "), wantErr: workplan.ErrMissingReason},
		{name: "another role does not return plans (WP2)", given: []domain.Event{submitted}, when: ret(domain.RoleSalesMgmt, "too vague"), wantErr: workplan.ErrReviewerRole},
		{name: "an approved plan is final (WP2)", given: []domain.Event{submitted, approved}, when: ret(domain.RoleDeptHead, "too vague"), wantErr: workplan.ErrFinal},
		{name: "returning twice records nothing", given: []domain.Event{submitted, returned}, when: ret(domain.RoleDeptHead, "too vague")},
	})
}

func TestWorkPlan_Evolve(t *testing.T) {
	w := domain.Fold(workplan.WorkPlan.Evolve, submitted, returned, submitted)
	if w.Status != workplan.StatusSubmitted || w.ID != planID || w.OrgUnitID != "sales" || w.Revision != 1 {
		t.Errorf("state = %+v", w)
	}
}

func TestEvents_HaveStableStoredNames(t *testing.T) {
	want := []string{"workplan.submitted", "workplan.approved", "workplan.returned"}
	for i, e := range workplan.Events() {
		if e.EventType() != want[i] {
			t.Errorf("event %d is %q, want %q", i, e.EventType(), want[i])
		}
	}
}
