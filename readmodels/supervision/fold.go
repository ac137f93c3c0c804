package supervision

import (
	"strings"

	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// folder holds the rows of one batch, by aggregate id.
type folder struct {
	notices     map[string]*queries.RectificationNoticeView
	evaluations map[string]*queries.ProcessEvaluationView
	reports     map[string]*queries.AnalysisReportView
	spotChecks  map[string]*queries.SpotCheckView
}

// fold applies one event to its row and stamps the row's version; the
// statuses follow the domain's Evolve. Events of a row never created
// change nothing.
func (f folder) fold(e tables.Decoded) {
	switch {
	case strings.HasPrefix(e.Stream, sv.SpotCheckStream("")):
		id := strings.TrimPrefix(e.Stream, sv.SpotCheckStream(""))
		if ev, ok := e.Event.(sv.SpotCheckRecorded); ok && f.spotChecks[id] == nil {
			f.spotChecks[id] = spotCheckRow(id, ev)
		}
		if row := f.spotChecks[id]; row != nil {
			row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
		}
	case strings.HasPrefix(e.Stream, sv.NoticeStream("")):
		id := strings.TrimPrefix(e.Stream, sv.NoticeStream(""))
		foldNotice(f.notices, id, e)
		if row := f.notices[id]; row != nil {
			row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
		}
	case strings.HasPrefix(e.Stream, sv.EvaluationStream("")):
		id := strings.TrimPrefix(e.Stream, sv.EvaluationStream(""))
		if ev, ok := e.Event.(sv.EvaluationRecorded); ok && f.evaluations[id] == nil {
			f.evaluations[id] = &queries.ProcessEvaluationView{EvaluationID: id, Year: ev.Year,
				HeldOn: queries.Day{Time: ev.HeldOn}, Scope: ev.Scope, RecordedBy: ev.RecordedBy}
		}
		if row := f.evaluations[id]; row != nil {
			row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
		}
	case strings.HasPrefix(e.Stream, sv.ReportStream("")):
		id := strings.TrimPrefix(e.Stream, sv.ReportStream(""))
		foldReport(f.reports, id, e)
		if row := f.reports[id]; row != nil {
			row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
		}
	}
}

func foldNotice(rows map[string]*queries.RectificationNoticeView, id string, e tables.Decoded) {
	if ev, ok := e.Event.(sv.NoticeIssued); ok {
		if rows[id] == nil {
			rows[id] = &queries.RectificationNoticeView{NoticeID: id, SpotCheckID: ev.SpotCheckID, DepartmentID: ev.DepartmentID,
				AssigneeID: ev.AssigneeID, Requirement: ev.Requirement, Deadline: queries.Day{Time: ev.Deadline},
				Status: string(sv.Issued), IssuedBy: ev.IssuedBy, IssuedAt: ev.IssuedAt}
		}
		return
	}
	row := rows[id]
	if row == nil {
		return
	}
	switch ev := e.Event.(type) {
	case sv.NoticeAcknowledged:
		row.Status, row.AcknowledgedAt = string(sv.Acknowledged), tables.OptTime(ev.AcknowledgedAt)
	case sv.RectificationReported:
		row.Status, row.RectifiedAt, row.RectifiedLate = string(sv.Rectified), tables.OptTime(ev.ReportedAt), ev.Late
	case sv.RectificationVerified:
		if ev.Passed {
			row.Status, row.VerifiedAt = string(sv.Verified), tables.OptTime(ev.VerifiedAt)
		} else {
			row.Status = string(sv.Acknowledged)
			row.FailedVerifications++
		}
	case sv.DeadlineExtended:
		row.Deadline = queries.Day{Time: ev.Deadline}
		row.DeadlineExtensions++
	}
}

func foldReport(rows map[string]*queries.AnalysisReportView, id string, e tables.Decoded) {
	if ev, ok := e.Event.(sv.ReportDrafted); ok {
		if rows[id] == nil {
			rows[id] = &queries.AnalysisReportView{Quarter: id, Status: string(sv.ReportDraft), DraftedBy: ev.DraftedBy, DraftedAt: ev.DraftedAt}
		}
		return
	}
	row := rows[id]
	if row == nil {
		return
	}
	switch ev := e.Event.(type) {
	case sv.ReportRevised:
		row.Status = string(sv.ReportDraft)
	case sv.ReportSubmitted:
		row.Status, row.SubmittedAt = string(sv.ReportSent), tables.OptTime(ev.SubmittedAt)
	case sv.ReportReviewed:
		row.ReviewedBy = ev.ReviewedBy
		if ev.Accepted {
			row.Status, row.AcceptedAt = string(sv.ReportAccepted), tables.OptTime(ev.ReviewedAt)
		} else {
			row.Status = string(sv.ReportReturned)
			row.Returns++
		}
	}
}

func spotCheckRow(id string, ev sv.SpotCheckRecorded) *queries.SpotCheckView {
	row := &queries.SpotCheckView{SpotCheckID: id, DepartmentID: ev.DepartmentID, Process: ev.Process,
		CheckedOn: queries.Day{Time: ev.CheckedOn}, RecordedBy: ev.RecordedBy, Findings: []queries.SpotCheckFinding{}}
	for _, f := range ev.Findings {
		row.Findings = append(row.Findings, queries.SpotCheckFinding{Aspect: string(f.Aspect), Description: f.Description, Conforming: f.Conforming})
		if !f.Conforming {
			row.Nonconforming++
		}
	}
	return row
}
