package supervision_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	sv "github.com/opsledger/opsledger/domain/supervision"
)

// §5.26-evaluation: held in the year it evaluates, not after today.
func TestEvaluation_Record(t *testing.T) {
	today := time.Date(2027, 12, 31, 15, 0, 0, 0, time.UTC)
	in := func(year int, held time.Time) sv.EvaluationInput {
		return sv.EvaluationInput{EvaluationID: "ev-1", Year: year, HeldOn: held, Scope: "all sales processes",
			Findings: "quotation approvals slow", Recommendations: "delegate below 30%"}
	}
	recorded := sv.EvaluationRecorded{EvaluationID: "ev-1", Year: 2027, HeldOn: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC),
		Scope: "all sales processes", Findings: "quotation approvals slow", Recommendations: "delegate below 30%",
		RecordedBy: "ps-1", RecordedAt: today}
	for _, tt := range []struct {
		name    string
		given   []domain.Event
		in      sv.EvaluationInput
		want    []domain.Event
		wantErr error
	}{
		{"held on the year's last day, recorded that day", nil, in(2027, today), []domain.Event{recorded}, nil},
		{"held on the next year's first day for the year before is refused", nil, in(2027, time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)), nil, domain.ErrRejected},
		{"held in the year before the one it evaluates is refused", nil, in(2028, today), nil, sv.ErrEvaluationYear},
		{"held tomorrow is refused", nil, in(2028, today.AddDate(0, 0, 1)), nil, sv.ErrEvaluationYear},
		{"a year out of range is refused", nil, in(27, today), nil, domain.ErrInvalid},
		{"findings are required", nil, sv.EvaluationInput{EvaluationID: "ev-1", Year: 2027, HeldOn: today, Scope: "x"}, nil, domain.ErrInvalid},
		{"the same id again", []domain.Event{recorded}, in(2027, today), nil, domain.ErrConflict},
	} {
		check(t, sv.Evaluation.Evolve, []decideCase{{name: tt.name, given: tt.given, want: tt.want, wantErr: tt.wantErr}},
			func(v sv.Evaluation) ([]domain.Event, error) { return v.Record(tt.in, "ps-1", today) })
	}
}
