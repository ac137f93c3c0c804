package supervision_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	sv "github.com/opsledger/opsledger/domain/supervision"
)

var findings = []sv.Finding{{Aspect: sv.AspectTimeliness, Description: "three daily reports filed a day late"}}

func spotCheckInput(checkedOn time.Time, f []sv.Finding) sv.SpotCheckInput {
	return sv.SpotCheckInput{SpotCheckID: "sc-1", DepartmentID: "ou-sales", Process: "daily reports", CheckedOn: checkedOn, Findings: f}
}

// §3.15-spot-check: department, process, day and findings on accuracy,
// timeliness or compliance; not dated after today.
func TestSpotCheck_Record(t *testing.T) {
	recorded := sv.SpotCheckRecorded{SpotCheckID: "sc-1", DepartmentID: "ou-sales", Process: "daily reports",
		CheckedOn: time.Date(2027, 3, 2, 0, 0, 0, 0, time.UTC), Findings: findings, RecordedBy: "ps-1", RecordedAt: issueDay}
	for _, tt := range []struct {
		name    string
		given   []domain.Event
		in      sv.SpotCheckInput
		want    []domain.Event
		wantErr error
	}{
		{"a check of today is recorded", nil, spotCheckInput(issueDay, findings), []domain.Event{recorded}, nil},
		{"a check dated tomorrow is refused", nil, spotCheckInput(issueDay.AddDate(0, 0, 1), findings), nil, sv.ErrCheckedInFuture},
		{"a check without findings is refused", nil, spotCheckInput(issueDay, nil), nil, sv.ErrNoFindings},
		{"an unknown aspect is refused", nil, spotCheckInput(issueDay, []sv.Finding{{Aspect: "SPEED", Description: "x"}}), nil, sv.ErrUnknownAspect},
		{"a finding needs a description", nil, spotCheckInput(issueDay, []sv.Finding{{Aspect: sv.AspectAccuracy}}), nil, domain.ErrInvalid},
		{"the same id again", []domain.Event{recorded}, spotCheckInput(issueDay, findings), nil, sv.ErrSpotCheckRecorded},
	} {
		check(t, sv.SpotCheck.Evolve, []decideCase{{name: tt.name, given: tt.given, want: tt.want, wantErr: tt.wantErr}},
			func(s sv.SpotCheck) ([]domain.Event, error) { return s.Record(tt.in, "ps-1", issueDay) })
	}
}
