package employee

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Cycle is an appraisal cycle type.
type Cycle string

// Appraisal cycles (E5).
const (
	CycleMonthly   Cycle = "MONTHLY"
	CycleQuarterly Cycle = "QUARTERLY"
	CycleAnnual    Cycle = "ANNUAL"
)

// months is the length of the cycle in months (0 for an unknown cycle).
func (c Cycle) months() int {
	switch c {
	case CycleMonthly:
		return 1
	case CycleQuarterly:
		return 3
	case CycleAnnual:
		return 12
	}
	return 0
}

// Grade is the appraisal committee's rating.
type Grade string

// Grades; the seeds name only excellent and fail, the scale between is (D).
const (
	GradeExcellent Grade = "EXCELLENT"
	GradeGood      Grade = "GOOD"
	GradePass      Grade = "PASS"
	GradeFail      Grade = "FAIL"
)

func (g Grade) valid() bool {
	return g == GradeExcellent || g == GradeGood || g == GradePass || g == GradeFail
}

// Scores are the 360° scores (0–100) from self, superior, peers and
// customers.
type Scores struct {
	Self      int `json:"self"`
	Superior  int `json:"superior"`
	Peers     int `json:"peers"`
	Customers int `json:"customers"`
}

func (s Scores) valid() bool {
	for _, v := range []int{s.Self, s.Superior, s.Peers, s.Customers} {
		if v < 0 || v > 100 {
			return false
		}
	}
	return true
}

// AppraisalResult is the committee's result for one cycle.
type AppraisalResult struct {
	AppraisalID string
	Cycle       Cycle
	PeriodStart time.Time // first day of the month, quarter or year
	Scores      Scores
	Grade       Grade
}

type appraisal struct {
	id    string
	grade Grade
}

type periodKey struct {
	cycle Cycle
	start string
}

func keyOf(c Cycle, start time.Time) periodKey { return periodKey{c, start.Format(time.DateOnly)} }

// periodStart normalises t to the first day of its month, or reports that
// it is not the first day of a period of cycle c.
func periodStart(c Cycle, t time.Time) (time.Time, bool) {
	start := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	aligned := t.Day() == 1 && (int(t.Month())-1)%c.months() == 0
	return start, aligned
}

func (s Employee) appraised(e AppraisalRecorded) Employee {
	a := appraisal{id: e.AppraisalID, grade: e.Grade}
	s.appraisals[e.AppraisalID] = a
	s.periods[keyOf(e.Cycle, e.PeriodStart)] = a
	if e.Grade != GradeFail {
		s.UnderImprovementPlan = false
	}
	return s
}

// RecordAppraisal records the appraisal committee's result for a cycle. A
// FAIL next to a FAIL of the adjacent period of the same cycle type raises
// DismissalDue (E5); nobody is dismissed by it. A repeated appraisal id is
// a no-op; a second result for one period is a conflict.
func (s Employee) RecordAppraisal(r AppraisalResult, ratedBy string, role domain.Role, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("appraisal_id", r.AppraisalID)); err != nil {
		return nil, err
	}
	if role != domain.RoleAppraisalCommittee {
		return nil, ErrCommitteeRatesOnly
	}
	if !s.employed() {
		return nil, s.activeError()
	}
	if r.Cycle.months() == 0 {
		return nil, ErrBadCycle
	}
	start, aligned := periodStart(r.Cycle, r.PeriodStart)
	switch {
	case r.PeriodStart.IsZero():
		return nil, ErrPeriodRequired
	case !aligned:
		return nil, ErrBadCyclePeriod
	case !r.Grade.valid():
		return nil, ErrBadGrade
	case !r.Scores.valid():
		return nil, ErrBadScore
	case r.AppraisalID == "":
		return nil, ErrMissingField
	}
	if _, ok := s.appraisals[r.AppraisalID]; ok {
		return nil, nil
	}
	if _, ok := s.periods[keyOf(r.Cycle, start)]; ok {
		return nil, ErrAppraisalExists
	}
	events := []domain.Event{AppraisalRecorded{
		EmployeeID: s.ID, AppraisalID: r.AppraisalID, Cycle: r.Cycle, PeriodStart: start,
		Scores: r.Scores, Grade: r.Grade, RatedBy: ratedBy, RatedAt: now,
	}}
	if due, ok := s.dismissalDue(r, start, now); ok {
		events = append(events, due)
	}
	return events, nil
}

// dismissalDue finds a failed adjacent period of the same cycle type (E5).
func (s Employee) dismissalDue(r AppraisalResult, start, now time.Time) (DismissalDue, bool) {
	if r.Grade != GradeFail {
		return DismissalDue{}, false
	}
	n := r.Cycle.months()
	if prev, ok := s.periods[keyOf(r.Cycle, start.AddDate(0, -n, 0))]; ok && prev.grade == GradeFail {
		return DismissalDue{EmployeeID: s.ID, Cycle: r.Cycle, AppraisalIDs: []string{prev.id, r.AppraisalID}, RuleRef: "E5", RaisedAt: now}, true
	}
	if next, ok := s.periods[keyOf(r.Cycle, start.AddDate(0, n, 0))]; ok && next.grade == GradeFail {
		return DismissalDue{EmployeeID: s.ID, Cycle: r.Cycle, AppraisalIDs: []string{r.AppraisalID, next.id}, RuleRef: "E5", RaisedAt: now}, true
	}
	return DismissalDue{}, false
}

// StartImprovementPlan records the performance interview and improvement
// plan after a failed appraisal. It refuses an appraisal that did not fail
// and a deadline not in the future; one plan per appraisal, so repeating
// it is a no-op.
func (s Employee) StartImprovementPlan(appraisalID, goals string, deadline time.Time, startedBy string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("appraisal_id", appraisalID), domain.Text("goals", goals)); err != nil {
		return nil, err
	}
	if !s.employed() {
		return nil, s.activeError()
	}
	a, ok := s.appraisals[appraisalID]
	switch {
	case !ok:
		return nil, ErrAppraisalNotFound
	case a.grade != GradeFail:
		return nil, ErrAppraisalNotFailed
	case s.plans[appraisalID]:
		return nil, nil
	case strings.TrimSpace(goals) == "":
		return nil, ErrMissingField
	case !deadline.After(now):
		return nil, ErrDeadlinePassed
	}
	return []domain.Event{ImprovementPlanStarted{
		EmployeeID: s.ID, AppraisalID: appraisalID, Goals: goals, Deadline: deadline, StartedBy: startedBy, StartedAt: now,
	}}, nil
}
