package supervision_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	sv "github.com/opsledger/opsledger/domain/supervision"
)

var (
	issued = sv.NoticeIssued{NoticeID: "n-1", SpotCheckID: "sc-1", DepartmentID: "ou-sales", AssigneeID: "head-1",
		Requirement: "file the missing daily reports", Deadline: deadlineDay, IssuedBy: "ps-1", IssuedAt: issueDay}
	acknowledged = sv.NoticeAcknowledged{NoticeID: "n-1", AcknowledgedBy: "head-1", AcknowledgedAt: issueDay}
	rectified    = sv.RectificationReported{NoticeID: "n-1", Note: "reports filed", ReportedBy: "head-1", ReportedAt: issueDay}
	verified     = sv.RectificationVerified{NoticeID: "n-1", Passed: true, VerifiedBy: "ps-1", VerifiedAt: issueDay}
	spotChecked  = sv.SpotCheck{ID: "sc-1", DepartmentID: "ou-sales"}
)

func noticeInput(deadline time.Time) sv.NoticeInput {
	return sv.NoticeInput{NoticeID: "n-1", SpotCheckID: "sc-1", DepartmentID: "ou-sales", AssigneeID: "head-1",
		Requirement: "file the missing daily reports", Deadline: deadline}
}

// §5.26-deadline: a notice carries a deadline, not before the day of issue.
func TestNotice_Issue(t *testing.T) {
	sameDay := issued
	sameDay.Deadline = time.Date(2027, 3, 2, 0, 0, 0, 0, time.UTC)
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "notice with a deadline is issued", want: []domain.Event{issued}},
		{name: "already issued", given: []domain.Event{issued}, wantErr: domain.ErrConflict},
	}, func(n sv.Notice) ([]domain.Event, error) {
		return n.Issue(noticeInput(deadlineDay.Add(15*time.Hour)), spotChecked, "ps-1", issueDay)
	})
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "a deadline on the day of issue is accepted", want: []domain.Event{sameDay}},
	}, func(n sv.Notice) ([]domain.Event, error) {
		return n.Issue(noticeInput(issueDay.Add(5*time.Hour)), spotChecked, "ps-1", issueDay)
	})
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "a deadline the day before the issue is refused", wantErr: domain.ErrRejected},
	}, func(n sv.Notice) ([]domain.Event, error) {
		return n.Issue(noticeInput(issueDay.AddDate(0, 0, -1)), spotChecked, "ps-1", issueDay)
	})
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "a notice without a deadline is refused", wantErr: domain.ErrInvalid},
	}, func(n sv.Notice) ([]domain.Event, error) {
		return n.Issue(noticeInput(time.Time{}), spotChecked, "ps-1", issueDay)
	})
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "a notice naming an unknown spot check is refused", wantErr: domain.ErrInvalid},
	}, func(n sv.Notice) ([]domain.Event, error) {
		return n.Issue(noticeInput(deadlineDay), sv.SpotCheck{}, "ps-1", issueDay)
	})
}

// §5.26-overdue: overdue after the deadline day while not verified.
func TestNotice_Overdue(t *testing.T) {
	for _, tt := range []struct {
		name  string
		given []domain.Event
		day   time.Time
		want  bool
	}{
		{"on the deadline day itself it is not overdue", []domain.Event{issued}, lastMinute, false},
		{"the day after the deadline it is overdue", []domain.Event{issued}, dayAfter, true},
		{"a reported but unverified rectification is overdue after the deadline", []domain.Event{issued, acknowledged, rectified}, dayAfter, true},
		{"a verified notice is never overdue", []domain.Event{issued, acknowledged, rectified, verified}, dayAfter, false},
		{"no notice, nothing overdue", nil, dayAfter, false},
		{"an extended notice is not overdue the day after its first deadline", []domain.Event{issued, sv.DeadlineExtended{NoticeID: "n-1", Deadline: dayAfter.AddDate(0, 0, 7)}}, dayAfter, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n := domain.Fold(sv.Notice.Evolve, tt.given...)
			if got := n.Overdue(tt.day); got != tt.want {
				t.Errorf("Overdue(%s) = %v, want %v", tt.day, got, tt.want)
			}
		})
	}
}

// §3.15-follow-up: acknowledge, report the rectification, verify.
func TestNotice_ReportRectification(t *testing.T) {
	onTime := rectified
	onTime.ReportedAt = lastMinute
	late := rectified
	late.ReportedAt, late.Late = dayAfter, true
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "on the deadline day it is on time", given: []domain.Event{issued, acknowledged}, want: []domain.Event{onTime}},
		{name: "not acknowledged yet", given: []domain.Event{issued}, wantErr: sv.ErrNotAcknowledged},
		{name: "already reported", given: []domain.Event{issued, acknowledged, rectified}, wantErr: sv.ErrAlreadyRectified},
		{name: "verified notice is closed", given: []domain.Event{issued, acknowledged, rectified, verified}, wantErr: sv.ErrNoticeClosed},
		{name: "unknown notice", wantErr: domain.ErrNotFound},
	}, func(n sv.Notice) ([]domain.Event, error) {
		return n.ReportRectification("reports filed", "head-1", lastMinute)
	})
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "the day after the deadline it is accepted and flagged late", given: []domain.Event{issued, acknowledged}, want: []domain.Event{late}},
	}, func(n sv.Notice) ([]domain.Event, error) {
		return n.ReportRectification("reports filed", "head-1", dayAfter)
	})
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "a note is required", given: []domain.Event{issued, acknowledged}, wantErr: domain.ErrInvalid},
	}, func(n sv.Notice) ([]domain.Event, error) { return n.ReportRectification("", "head-1", lastMinute) })
}

func TestNotice_Acknowledge(t *testing.T) {
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "issued notice is acknowledged", given: []domain.Event{issued}, want: []domain.Event{acknowledged}},
		{name: "acknowledging again records nothing", given: []domain.Event{issued, acknowledged}},
		{name: "unknown notice", wantErr: domain.ErrNotFound},
	}, func(n sv.Notice) ([]domain.Event, error) { return n.Acknowledge("head-1", issueDay) })
}

func TestNotice_Verify(t *testing.T) {
	failed := sv.RectificationVerified{NoticeID: "n-1", Comment: "two reports still missing", VerifiedBy: "ps-1", VerifiedAt: issueDay}
	lateClose := verified
	lateClose.VerifiedAt, lateClose.Late = dayAfter, true
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "reported rectification passes", given: []domain.Event{issued, acknowledged, rectified}, want: []domain.Event{verified}},
		{name: "nothing reported to verify", given: []domain.Event{issued, acknowledged}, wantErr: sv.ErrNotRectified},
		{name: "a failed verification sends it back", given: []domain.Event{issued, acknowledged, rectified, failed}, wantErr: sv.ErrNotRectified},
	}, func(n sv.Notice) ([]domain.Event, error) { return n.Verify(true, "", "ps-1", issueDay) })
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "failing needs a comment", given: []domain.Event{issued, acknowledged, rectified}, wantErr: domain.ErrInvalid},
	}, func(n sv.Notice) ([]domain.Event, error) { return n.Verify(false, "", "ps-1", issueDay) })
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "failed with a comment", given: []domain.Event{issued, acknowledged, rectified}, want: []domain.Event{failed}},
	}, func(n sv.Notice) ([]domain.Event, error) {
		return n.Verify(false, "two reports still missing", "ps-1", issueDay)
	})
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "closing after the deadline day is flagged late", given: []domain.Event{issued, acknowledged, rectified}, want: []domain.Event{lateClose}},
	}, func(n sv.Notice) ([]domain.Event, error) { return n.Verify(true, "", "ps-1", dayAfter) })
}

// §3.15-extension: a deadline is extended only before it passed.
func TestNotice_ExtendDeadline(t *testing.T) {
	later := deadlineDay.AddDate(0, 0, 7)
	extended := sv.DeadlineExtended{NoticeID: "n-1", Deadline: later, PreviousDeadline: deadlineDay, ExtendedBy: "ps-1", ExtendedAt: lastMinute}
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "on the deadline day it may be extended", given: []domain.Event{issued}, want: []domain.Event{extended}},
		{name: "verified notice is closed", given: []domain.Event{issued, acknowledged, rectified, verified}, wantErr: sv.ErrNoticeClosed},
	}, func(n sv.Notice) ([]domain.Event, error) { return n.ExtendDeadline(later, "ps-1", lastMinute) })
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "the day after the deadline it is overdue and cannot be extended", given: []domain.Event{issued}, wantErr: sv.ErrOverdueNoExtension},
	}, func(n sv.Notice) ([]domain.Event, error) { return n.ExtendDeadline(later, "ps-1", dayAfter) })
	check(t, sv.Notice.Evolve, []decideCase{
		{name: "the same deadline is not an extension", given: []domain.Event{issued}, wantErr: domain.ErrInvalid},
	}, func(n sv.Notice) ([]domain.Event, error) { return n.ExtendDeadline(deadlineDay, "ps-1", issueDay) })
}
