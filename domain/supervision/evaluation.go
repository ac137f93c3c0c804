package supervision

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Evaluation is the state of a process-evaluation stream.
type Evaluation struct {
	ID   string
	Year int
}

// Evolve returns the state after e.
func (v Evaluation) Evolve(e domain.Event) Evaluation {
	if e, ok := e.(EvaluationRecorded); ok {
		v.ID, v.Year = e.EvaluationID, e.Year
	}
	return v
}

// EvaluationInput is what a full process evaluation records: the year
// evaluated, the day it was held, what it covered, what it found and
// what it recommends.
type EvaluationInput struct {
	EvaluationID    string
	Year            int
	HeldOn          time.Time
	Scope           string
	Findings        string
	Recommendations string
}

// Record records a full process evaluation (§5.26-evaluation): held in
// the calendar year it evaluates, not after today. A year may have more
// than one ("at least once a year"); the read model shows the years
// without any.
func (v Evaluation) Record(in EvaluationInput, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("evaluation_id", in.EvaluationID), domain.Text("scope", in.Scope),
		domain.Text("findings", in.Findings), domain.Text("recommendations", in.Recommendations)); err != nil {
		return nil, err
	}
	if v.ID != "" {
		return nil, ErrEvaluationRecorded
	}
	if err := requiredAll("evaluation_id", in.EvaluationID, "scope", in.Scope, "findings", in.Findings); err != nil {
		return nil, err
	}
	if in.Year < 2000 || in.Year > 9999 {
		return nil, domain.InvalidField("year", "must be a year such as 2027")
	}
	if in.HeldOn.IsZero() {
		return nil, domain.InvalidField("held_on", "required")
	}
	held := Day(in.HeldOn)
	if held.Year() != in.Year || held.After(Day(now)) {
		return nil, ErrEvaluationYear
	}
	return []domain.Event{EvaluationRecorded{
		EvaluationID: in.EvaluationID, Year: in.Year, HeldOn: held, Scope: in.Scope,
		Findings: in.Findings, Recommendations: in.Recommendations, RecordedBy: by, RecordedAt: now,
	}}, nil
}
