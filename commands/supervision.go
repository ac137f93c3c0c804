package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	sv "github.com/opsledger/opsledger/domain/supervision"
)

// Supervision handles process supervision (§3.15): the supervision team's
// spot checks, rectification notices and yearly process evaluations, and
// the sales assistant's quarterly analysis report.
type Supervision struct {
	spotChecks  repository[sv.SpotCheck]
	notices     repository[sv.Notice]
	evaluations repository[sv.Evaluation]
	reports     repository[sv.Report]
	now         func() time.Time
}

func newSupervision(log *eventLog) *Supervision {
	return &Supervision{
		spotChecks:  newRepository(log, sv.SpotCheck.Evolve, "spot check"),
		notices:     newRepository(log, sv.Notice.Evolve, "rectification notice"),
		evaluations: newRepository(log, sv.Evaluation.Evolve, "process evaluation"),
		reports:     newRepository(log, sv.Report.Evolve, "analysis report"),
		now:         log.now,
	}
}

// supervisionTeam is the process-supervision team (流程监督小组, §1.2): it
// spot-checks, issues and follows up rectification notices (S) and, as a
// design decision (D), records the yearly process evaluation, which the
// regulation asks for without naming who holds it.
var supervisionTeam = []domain.Role{domain.RoleProcessSupervisor}

// noticeResponders answer a notice for the department it was issued to
// (D): its management, who stand for the person the notice names.
var noticeResponders = []domain.Role{
	domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor, domain.RoleBranchManager,
}

// reportReviewers receive the sales assistant's quarterly report: the
// supervisor (主管, S), or the department head where the team has none (D).
var reportReviewers = []domain.Role{domain.RoleTeamSupervisor, domain.RoleDeptHead}

// ErrNotNoticeDepartment refuses a responder of another department than
// the one the notice was issued to.
var ErrNotNoticeDepartment = domain.Forbidden("only the department the notice was issued to answers it")

// RecordSpotCheck records a spot check of a department's process.
type RecordSpotCheck struct {
	SpotCheckID  string
	DepartmentID string
	Process      string
	CheckedOn    time.Time
	Findings     []sv.Finding
}

// RecordSpotCheck records supervision.SpotCheckRecorded.
func (h *Supervision) RecordSpotCheck(ctx context.Context, m Meta, cmd RecordSpotCheck) (Result, error) {
	role, err := authorize(m, "RecordSpotCheck", supervisionTeam...)
	if err != nil {
		return Result{}, err
	}
	in := sv.SpotCheckInput{SpotCheckID: cmd.SpotCheckID, DepartmentID: cmd.DepartmentID, Process: cmd.Process,
		CheckedOn: cmd.CheckedOn, Findings: cmd.Findings}
	now := h.now()
	return h.spotChecks.Update(ctx, m, decision[sv.SpotCheck]{stream: sv.SpotCheckStream(cmd.SpotCheckID), role: role,
		decide: func(s sv.SpotCheck) ([]domain.Event, error) { return s.Record(in, m.Actor.EmployeeID, now) }})
}

// IssueRectificationNotice issues a notice with a deadline.
type IssueRectificationNotice struct {
	NoticeID     string
	SpotCheckID  string
	DepartmentID string
	AssigneeID   string
	Requirement  string
	Deadline     time.Time
}

// IssueRectificationNotice records supervision.NoticeIssued, after
// loading the spot check the notice follows from, if it names one.
func (h *Supervision) IssueRectificationNotice(ctx context.Context, m Meta, cmd IssueRectificationNotice) (Result, error) {
	role, err := authorize(m, "IssueRectificationNotice", supervisionTeam...)
	if err != nil {
		return Result{}, err
	}
	var check sv.SpotCheck
	if cmd.SpotCheckID != "" {
		if check, _, err = h.spotChecks.Load(ctx, sv.SpotCheckStream(cmd.SpotCheckID)); err != nil {
			return Result{}, err
		}
	}
	in := sv.NoticeInput{NoticeID: cmd.NoticeID, SpotCheckID: cmd.SpotCheckID, DepartmentID: cmd.DepartmentID,
		AssigneeID: cmd.AssigneeID, Requirement: cmd.Requirement, Deadline: cmd.Deadline}
	return h.onNotice(ctx, m, cmd.NoticeID, role, func(n sv.Notice, now time.Time) ([]domain.Event, error) {
		return n.Issue(in, check, m.Actor.EmployeeID, now)
	})
}

// AcknowledgeRectificationNotice is the department taking a notice up.
type AcknowledgeRectificationNotice struct{ NoticeID string }

// AcknowledgeRectificationNotice records supervision.NoticeAcknowledged.
func (h *Supervision) AcknowledgeRectificationNotice(ctx context.Context, m Meta, cmd AcknowledgeRectificationNotice) (Result, error) {
	role, err := authorize(m, "AcknowledgeRectificationNotice", noticeResponders...)
	if err != nil {
		return Result{}, err
	}
	return h.onNotice(ctx, m, cmd.NoticeID, role, func(n sv.Notice, now time.Time) ([]domain.Event, error) {
		if err := noticeDepartmentScope(n, m); err != nil {
			return nil, err
		}
		return n.Acknowledge(m.Actor.EmployeeID, now)
	})
}

// ReportRectification is the department's response to a notice.
type ReportRectification struct {
	NoticeID string
	Note     string
}

// ReportRectification records supervision.RectificationReported.
func (h *Supervision) ReportRectification(ctx context.Context, m Meta, cmd ReportRectification) (Result, error) {
	role, err := authorize(m, "ReportRectification", noticeResponders...)
	if err != nil {
		return Result{}, err
	}
	return h.onNotice(ctx, m, cmd.NoticeID, role, func(n sv.Notice, now time.Time) ([]domain.Event, error) {
		if err := noticeDepartmentScope(n, m); err != nil {
			return nil, err
		}
		return n.ReportRectification(cmd.Note, m.Actor.EmployeeID, now)
	})
}

// VerifyRectification is the supervision team's check of a rectification.
type VerifyRectification struct {
	NoticeID string
	Passed   bool
	Comment  string
}

// VerifyRectification records supervision.RectificationVerified.
func (h *Supervision) VerifyRectification(ctx context.Context, m Meta, cmd VerifyRectification) (Result, error) {
	role, err := authorize(m, "VerifyRectification", supervisionTeam...)
	if err != nil {
		return Result{}, err
	}
	return h.onNotice(ctx, m, cmd.NoticeID, role, func(n sv.Notice, now time.Time) ([]domain.Event, error) {
		return n.Verify(cmd.Passed, cmd.Comment, m.Actor.EmployeeID, now)
	})
}

// ExtendRectificationDeadline moves a notice's deadline later.
type ExtendRectificationDeadline struct {
	NoticeID string
	Deadline time.Time
}

// ExtendRectificationDeadline records supervision.DeadlineExtended.
func (h *Supervision) ExtendRectificationDeadline(ctx context.Context, m Meta, cmd ExtendRectificationDeadline) (Result, error) {
	role, err := authorize(m, "ExtendRectificationDeadline", supervisionTeam...)
	if err != nil {
		return Result{}, err
	}
	return h.onNotice(ctx, m, cmd.NoticeID, role, func(n sv.Notice, now time.Time) ([]domain.Event, error) {
		return n.ExtendDeadline(cmd.Deadline, m.Actor.EmployeeID, now)
	})
}

// onNotice runs a notice decision at the command's time.
func (h *Supervision) onNotice(ctx context.Context, m Meta, id string, role domain.Role, decide func(sv.Notice, time.Time) ([]domain.Event, error)) (Result, error) {
	now := h.now()
	return h.notices.Update(ctx, m, decision[sv.Notice]{stream: sv.NoticeStream(id), role: role,
		decide: func(n sv.Notice) ([]domain.Event, error) { return decide(n, now) }})
}

// noticeDepartmentScope refuses a responder outside the department the
// notice was issued to. An unknown notice is left to the decision.
func noticeDepartmentScope(n sv.Notice, m Meta) error {
	if n.Status == sv.NoticeNone || m.Actor.OrgUnitID == n.DepartmentID {
		return nil
	}
	return ErrNotNoticeDepartment
}
