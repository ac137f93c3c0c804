package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var (
	svNow        = time.Date(2027, 3, 2, 9, 0, 0, 0, time.UTC)
	svSupervisor = inOrgUnit(complaintMeta("ps-1", domain.RoleProcessSupervisor), "ou-ops")
	svHead       = inOrgUnit(complaintMeta("head-1", domain.RoleDeptHead), "ou-sales")
	svOtherHead  = inOrgUnit(complaintMeta("head-2", domain.RoleDeptHead), "ou-service")
	svAssistant  = inOrgUnit(complaintMeta("asst-1", domain.RoleSalesAssistant), "ou-sales")
	svAssistant2 = inOrgUnit(complaintMeta("asst-2", domain.RoleSalesAssistant), "ou-sales")
	svTeamLead   = inOrgUnit(complaintMeta("sup-1", domain.RoleTeamSupervisor), "ou-sales")
)

func newSupervisionHandler(t *testing.T, now *time.Time) *commands.Handler {
	t.Helper()
	return commands.New(memory.New(), commands.Codec(), func() time.Time { return *now })
}

func svIssue(noticeID, spotCheckID string) commands.IssueRectificationNotice {
	return commands.IssueRectificationNotice{NoticeID: noticeID, SpotCheckID: spotCheckID, DepartmentID: "ou-sales",
		AssigneeID: "head-1", Requirement: "file the missing daily reports", Deadline: svNow.AddDate(0, 0, 14)}
}

// Given the supervision team and a department, when each command is issued
// by the right and the wrong roles, then only the issuers the spec names
// (§1.2 process-supervision team; the department for its own notices)
// succeed.
func TestHandler_RectificationNotice(t *testing.T) {
	ctx, now := context.Background(), svNow
	h := newSupervisionHandler(t, &now)
	sup := h.Supervision
	t.Run("a department head may not issue a notice", func(t *testing.T) {
		_, err := sup.IssueRectificationNotice(ctx, svHead, svIssue("n-0", ""))
		if !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("error = %v, want forbidden", err)
		}
	})
	t.Run("a notice naming a spot check never recorded is refused", func(t *testing.T) {
		_, err := sup.IssueRectificationNotice(ctx, svSupervisor, svIssue("n-0", "sc-none"))
		if !errors.Is(err, sv.ErrUnknownSpotCheck) {
			t.Fatalf("error = %v, want %v", err, sv.ErrUnknownSpotCheck)
		}
	})
	_, err := sup.RecordSpotCheck(ctx, svSupervisor, commands.RecordSpotCheck{SpotCheckID: "sc-1", DepartmentID: "ou-sales",
		Process: "daily reports", CheckedOn: svNow, Findings: []sv.Finding{{Aspect: sv.AspectTimeliness, Description: "late"}}})
	mustOK(t, err)
	_, err = sup.IssueRectificationNotice(ctx, svSupervisor, svIssue("n-1", "sc-1"))
	mustOK(t, err)
	t.Run("the head of another department may not acknowledge it", func(t *testing.T) {
		_, err := sup.AcknowledgeRectificationNotice(ctx, svOtherHead, commands.AcknowledgeRectificationNotice{NoticeID: "n-1"})
		if !errors.Is(err, commands.ErrNotNoticeDepartment) {
			t.Fatalf("error = %v, want %v", err, commands.ErrNotNoticeDepartment)
		}
	})
	t.Run("a sales assistant of the department may not acknowledge it", func(t *testing.T) {
		_, err := sup.AcknowledgeRectificationNotice(ctx, svAssistant, commands.AcknowledgeRectificationNotice{NoticeID: "n-1"})
		if !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("error = %v, want forbidden", err)
		}
	})
	_, err = sup.AcknowledgeRectificationNotice(ctx, svHead, commands.AcknowledgeRectificationNotice{NoticeID: "n-1"})
	mustOK(t, err)
	now = svNow.AddDate(0, 0, 15) // the day after the deadline
	t.Run("the day after the deadline the deadline cannot be extended", func(t *testing.T) {
		_, err := sup.ExtendRectificationDeadline(ctx, svSupervisor, commands.ExtendRectificationDeadline{NoticeID: "n-1", Deadline: now.AddDate(0, 0, 7)})
		if !errors.Is(err, sv.ErrOverdueNoExtension) {
			t.Fatalf("error = %v, want %v", err, sv.ErrOverdueNoExtension)
		}
	})
	res, err := sup.ReportRectification(ctx, svHead, commands.ReportRectification{NoticeID: "n-1", Note: "reports filed"})
	mustOK(t, err)
	if res.Events != 1 {
		t.Fatalf("ReportRectification recorded %d events, want 1", res.Events)
	}
	t.Run("the department may not verify its own rectification", func(t *testing.T) {
		_, err := sup.VerifyRectification(ctx, svHead, commands.VerifyRectification{NoticeID: "n-1", Passed: true})
		if !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("error = %v, want forbidden", err)
		}
	})
	_, err = sup.VerifyRectification(ctx, svSupervisor, commands.VerifyRectification{NoticeID: "n-1", Passed: true})
	mustOK(t, err)
}

// Given a sales assistant's draft, when another assistant or a rep acts on
// it, then they are refused (§5.27-drafter); the supervisor accepts it.
func TestHandler_AnalysisReport(t *testing.T) {
	ctx, now := context.Background(), time.Date(2027, 4, 1, 8, 0, 0, 0, time.UTC)
	h := newSupervisionHandler(t, &now)
	sup := h.Supervision
	rep := inOrgUnit(complaintMeta("rep-1", domain.RoleSalesRep), "ou-sales")
	if _, err := sup.DraftAnalysisReport(ctx, rep, commands.DraftAnalysisReport{Quarter: "2027-Q2", Content: "x"}); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("a rep drafting: error = %v, want forbidden", err)
	}
	_, err := sup.DraftAnalysisReport(ctx, svAssistant, commands.DraftAnalysisReport{Quarter: "2027-Q2", Content: "sales up 8%"})
	mustOK(t, err)
	if _, err := sup.SubmitAnalysisReport(ctx, svAssistant2, commands.SubmitAnalysisReport{Quarter: "2027-Q2"}); !errors.Is(err, sv.ErrNotDrafter) {
		t.Fatalf("another assistant submitting: error = %v, want %v", err, sv.ErrNotDrafter)
	}
	_, err = sup.SubmitAnalysisReport(ctx, svAssistant, commands.SubmitAnalysisReport{Quarter: "2027-Q2"})
	mustOK(t, err)
	if _, err := sup.ReviewAnalysisReport(ctx, svAssistant, commands.ReviewAnalysisReport{Quarter: "2027-Q2", Accepted: true}); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("the assistant accepting their own report: error = %v, want forbidden", err)
	}
	_, err = sup.ReviewAnalysisReport(ctx, svTeamLead, commands.ReviewAnalysisReport{Quarter: "2027-Q2", Accepted: true})
	mustOK(t, err)
	if _, err := sup.DraftAnalysisReport(ctx, svAssistant, commands.DraftAnalysisReport{Quarter: "2027-Q9", Content: "x"}); !errors.Is(err, domain.ErrInvalid) {
		t.Fatalf("a malformed quarter: error = %v, want invalid", err)
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
