package employee

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Assessment is the probation assessment on the three aspects the
// regulation names: responsibility, business ability and contribution.
type Assessment struct {
	Responsibility string `json:"responsibility"`
	Ability        string `json:"ability"`
	Contribution   string `json:"contribution"`
	// TargetMet says the configured probation target was reached, which
	// allows early conversion (E3).
	TargetMet bool `json:"target_met"`
}

func (a Assessment) complete() bool {
	return strings.TrimSpace(a.Responsibility) != "" && strings.TrimSpace(a.Ability) != "" &&
		strings.TrimSpace(a.Contribution) != ""
}

// Hiring says whom a passed candidate is hired as.
type Hiring struct {
	Name         string
	Role         domain.Role
	OrgUnitID    string
	SupervisorID string
}

// RecordQualificationCheck records HR's check of a candidate before hiring
// (E2). A failed candidate may be checked again; a hired one may not.
func (s Employee) RecordQualificationCheck(id, candidate string, passed bool, notes, checkedBy string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("employee_id", id), domain.Text("candidate_name", candidate), domain.Text("notes", notes)); err != nil {
		return nil, err
	}
	if s.Status != StatusNone && s.Status != StatusApplicant {
		return nil, ErrAlreadyHired
	}
	if strings.TrimSpace(id) == "" || strings.TrimSpace(candidate) == "" {
		return nil, ErrMissingField
	}
	return []domain.Event{QualificationChecked{
		EmployeeID: id, CandidateName: candidate, Passed: passed, Notes: notes, CheckedBy: checkedBy, CheckedAt: now,
	}}, nil
}

// Hire hires a candidate whose last qualification check passed (E2). The
// probation length of the regulation in force is fixed at hiring.
func (s Employee) Hire(h Hiring, hiredBy string, reg Regulation, regulationVersion string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("name", h.Name), domain.Text("org_unit_id", h.OrgUnitID), domain.Text("supervisor_id", h.SupervisorID)); err != nil {
		return nil, err
	}
	switch {
	case s.Status == StatusNone:
		return nil, ErrNotFound
	case s.Status != StatusApplicant:
		return nil, ErrAlreadyHired
	case !s.qualified:
		return nil, ErrQualificationNotPassed
	case !h.Role.Valid():
		return nil, ErrBadRole
	case strings.TrimSpace(h.Name) == "" || h.OrgUnitID == "":
		return nil, ErrMissingField
	}
	return []domain.Event{Hired{
		EmployeeID: s.ID, Name: h.Name, Role: h.Role, OrgUnitID: h.OrgUnitID, SupervisorID: h.SupervisorID,
		ProbationMonths: reg.ProbationMonths, ProbationRegulationVersion: regulationVersion, HiredBy: hiredBy, HiredAt: now,
	}}, nil
}

// FileDocuments records that the ID and diploma originals were verified and
// copies and CV filed. Filing again is a no-op.
func (s Employee) FileDocuments(documents []string, verifiedBy string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Texts("documents", documents)...); err != nil {
		return nil, err
	}
	if !s.hired() {
		return nil, s.activeError()
	}
	if s.documentsFiled {
		return nil, nil
	}
	if len(documents) == 0 {
		return nil, ErrMissingField
	}
	return []domain.Event{DocumentsFiled{EmployeeID: s.ID, Documents: documents, VerifiedBy: verifiedBy, FiledAt: now}}, nil
}

// RecordPreJobTraining records the outcome of pre-job training during
// onboarding. A failed hire may retake it; recording more after a pass is a
// no-op.
func (s Employee) RecordPreJobTraining(passed bool, trainingRef, recordedBy string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("training_ref", trainingRef)); err != nil {
		return nil, err
	}
	if s.Status != StatusOnboarding {
		return nil, s.onboardingError()
	}
	if s.trainingPassed {
		return nil, nil
	}
	return []domain.Event{PreJobTrainingCompleted{
		EmployeeID: s.ID, TrainingRef: trainingRef, Passed: passed, RecordedBy: recordedBy, CompletedAt: now,
	}}, nil
}

// StartWork starts work and probation. It refuses a hire who has not passed
// pre-job training (E1) or whose documents are not filed; starting again is
// a no-op.
func (s Employee) StartWork(now time.Time) ([]domain.Event, error) {
	if s.employed() {
		return nil, nil
	}
	switch {
	case s.Status != StatusOnboarding:
		return nil, s.onboardingError()
	case !s.documentsFiled:
		return nil, ErrDocumentsNotFiled
	case !s.trainingPassed:
		return nil, ErrTrainingNotPassed
	}
	return []domain.Event{StartedWork{
		EmployeeID: s.ID, StartedAt: now, ProbationEndsOn: now.AddDate(0, s.probationMonths, 0),
	}}, nil
}

func (s Employee) onboardingError() error {
	if s.employed() {
		return ErrAlreadyHired
	}
	return s.activeError()
}
