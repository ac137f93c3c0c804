package employee

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ConfirmRegular confirms a probationer as regular. Only the GM decides
// (E3). Before probation ends it needs the regulation's early conversion and
// an assessment saying the target was met. Confirming a regular employee
// again is a no-op.
func (s Employee) ConfirmRegular(actorID string, role domain.Role, a Assessment, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(a.texts()...); err != nil {
		return nil, err
	}
	if role != domain.RoleGM {
		return nil, ErrConfirmNeedsGM
	}
	if s.Status == StatusRegular {
		return nil, nil
	}
	if s.Status != StatusOnProbation {
		return nil, s.probationError()
	}
	if !a.complete() {
		return nil, ErrAssessmentIncomplete
	}
	early := now.Before(s.probationEndsOn)
	if early && (!reg.EarlyConversion || !a.TargetMet) {
		return nil, ErrProbationNotOver
	}
	return []domain.Event{ConfirmedRegular{
		EmployeeID: s.ID, Assessment: a, Early: early, ConfirmedBy: actorID, ConfirmedAt: now,
	}}, nil
}

// FailProbation records the GM's decision that a probationer failed and
// initiates the automatic departure (E4).
func (s Employee) FailProbation(actorID string, role domain.Role, a Assessment, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(a.texts()...); err != nil {
		return nil, err
	}
	if role != domain.RoleGM {
		return nil, ErrProbationNeedsGM
	}
	if s.Status != StatusOnProbation {
		return nil, s.probationError()
	}
	if !a.complete() {
		return nil, ErrAssessmentIncomplete
	}
	return []domain.Event{
		ProbationFailed{EmployeeID: s.ID, Assessment: a, DecidedBy: actorID, FailedAt: now},
		DepartureInitiated{
			EmployeeID: s.ID, Type: DepartureAuto, Reason: "probation failed", InitiatedAt: now,
		},
	}, nil
}

// GrantLeniency extends probation once by the regulation's leniency months
// instead of failing a rep who is very responsible but less able (E4).
func (s Employee) GrantLeniency(actorID string, role domain.Role, reason string, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if role != domain.RoleGM {
		return nil, ErrProbationNeedsGM
	}
	if s.Status != StatusOnProbation {
		return nil, s.probationError()
	}
	if reg.LeniencyMonths <= 0 {
		return nil, ErrLeniencyDisabled
	}
	if s.leniencyGranted {
		return nil, ErrLeniencyUsed
	}
	if strings.TrimSpace(reason) == "" {
		return nil, ErrMissingField
	}
	base := s.probationEndsOn
	if now.After(base) {
		base = now
	}
	return []domain.Event{ProbationExtended{
		EmployeeID: s.ID, Reason: reason, ProbationEndsOn: base.AddDate(0, reg.LeniencyMonths, 0),
		ExtendedBy: actorID, ExtendedAt: now,
	}}, nil
}

func (s Employee) probationError() error {
	switch s.Status {
	case StatusOnboarding, StatusRegular:
		return ErrNotOnProbation
	}
	return s.activeError()
}
