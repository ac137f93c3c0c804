package supervision_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	sv "github.com/opsledger/opsledger/domain/supervision"
)

var (
	q2Start   = time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
	drafted   = sv.ReportDrafted{Quarter: "2027-Q2", Content: "sales up 8% on Q1", DraftedBy: "asst-1", DraftedAt: q2Start}
	submitted = sv.ReportSubmitted{Quarter: "2027-Q2", SubmittedBy: "asst-1", SubmittedAt: q2Start}
	returned  = sv.ReportReviewed{Quarter: "2027-Q2", Comment: "compare with last year too", ReviewedBy: "sup-1", ReviewedAt: q2Start}
	accepted  = sv.ReportReviewed{Quarter: "2027-Q2", Accepted: true, ReviewedBy: "sup-1", ReviewedAt: q2Start}
)

// §5.27-quarterly: one report per quarter, not before the quarter started.
func TestReport_Draft(t *testing.T) {
	check(t, sv.Report.Evolve, []decideCase{
		{name: "drafted on the quarter's first day", want: []domain.Event{drafted}},
		{name: "a second report for the quarter is refused", given: []domain.Event{drafted}, wantErr: sv.ErrReportDrafted},
	}, func(r sv.Report) ([]domain.Event, error) {
		return r.Draft("2027-Q2", "sales up 8% on Q1", "asst-1", q2Start)
	})
	check(t, sv.Report.Evolve, []decideCase{
		{name: "drafted on the quarter's eve is refused", wantErr: sv.ErrQuarterNotStarted},
	}, func(r sv.Report) ([]domain.Event, error) {
		return r.Draft("2027-Q2", "sales up 8% on Q1", "asst-1", q2Start.Add(-time.Second))
	})
	for _, bad := range []string{"2027-Q5", "2027-Q0", "2027Q1", "27-Q1", ""} {
		check(t, sv.Report.Evolve, []decideCase{{name: "quarter " + bad + " is malformed", wantErr: sv.ErrBadQuarter}},
			func(r sv.Report) ([]domain.Event, error) { return r.Draft(bad, "x", "asst-1", q2Start) })
	}
}

// §5.27-drafter and §5.27-acceptance: the drafter submits, the supervisor
// accepts or returns, a returned report is revised before it is sent again.
func TestReport_SubmitAndReview(t *testing.T) {
	revised := sv.ReportRevised{Quarter: "2027-Q2", Content: "v2", RevisedBy: "asst-1", RevisedAt: q2Start}
	check(t, sv.Report.Evolve, []decideCase{
		{name: "the drafter submits the draft", given: []domain.Event{drafted}, want: []domain.Event{submitted}},
		{name: "submitting again records nothing", given: []domain.Event{drafted, submitted}},
		{name: "a returned report must be revised first", given: []domain.Event{drafted, submitted, returned}, wantErr: sv.ErrReportNotDraft},
		{name: "a revised report is submitted again", given: []domain.Event{drafted, submitted, returned, revised}, want: []domain.Event{submitted}},
		{name: "an accepted report is closed", given: []domain.Event{drafted, submitted, accepted}, wantErr: sv.ErrReportAccepted},
		{name: "no report", wantErr: sv.ErrReportNotFound},
	}, func(r sv.Report) ([]domain.Event, error) { return r.Submit("asst-1", q2Start) })
	check(t, sv.Report.Evolve, []decideCase{
		{name: "another assistant may not submit it", given: []domain.Event{drafted}, wantErr: domain.ErrForbidden},
	}, func(r sv.Report) ([]domain.Event, error) { return r.Submit("asst-2", q2Start) })
	check(t, sv.Report.Evolve, []decideCase{
		{name: "the supervisor accepts a submitted report", given: []domain.Event{drafted, submitted}, want: []domain.Event{accepted}},
		{name: "a draft not submitted cannot be reviewed", given: []domain.Event{drafted}, wantErr: sv.ErrReportNotSubmitted},
		{name: "an accepted report is closed", given: []domain.Event{drafted, submitted, accepted}, wantErr: sv.ErrReportAccepted},
	}, func(r sv.Report) ([]domain.Event, error) { return r.Review(true, "", "sup-1", q2Start) })
	check(t, sv.Report.Evolve, []decideCase{
		{name: "returning needs a comment", given: []domain.Event{drafted, submitted}, wantErr: domain.ErrInvalid},
	}, func(r sv.Report) ([]domain.Event, error) { return r.Review(false, "", "sup-1", q2Start) })
	check(t, sv.Report.Evolve, []decideCase{
		{name: "revising a submitted report is refused", given: []domain.Event{drafted, submitted}, wantErr: sv.ErrReportNotDraft},
		{name: "the drafter revises a returned report", given: []domain.Event{drafted, submitted, returned}, want: []domain.Event{revised}},
	}, func(r sv.Report) ([]domain.Event, error) { return r.Revise("v2", "asst-1", q2Start) })
}
