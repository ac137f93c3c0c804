package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/training"
)

// ErrTrainingPlanNotFound and ErrTrainingSessionNotFound are returned for
// a training plan or session the log does not hold.
var (
	ErrTrainingPlanNotFound    = domain.NotFound("training plan not found")
	ErrTrainingSessionNotFound = domain.NotFound("training session not found")
)

// TrainingPlanView is a department's annual training plan as its events
// fold it (the domain's own state: the training read model keeps no row
// of it), with the stream version and time of its last event.
type TrainingPlanView struct {
	training.TrainingPlan
	Version   int64     `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TrainingSessionView is one training session as its events fold it:
// its details, status, attendees, outcomes and certificates.
type TrainingSessionView struct {
	training.TrainingSession
	Version   int64     `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TrainingReaders read every employee's training record and every
// department's monthly sessions: HR runs training company-wide, and the
// GM, leadership and the auditing roles oversee it (§3.5-read, D).
var TrainingReaders = []domain.Role{domain.RoleHR, domain.RoleGM, domain.RoleLeadership, domain.RoleAuditor,
	domain.RoleSupervisorBoard, domain.RoleProcessSupervisor}

// TrainingManagers read the training of their own department only.
var TrainingManagers = []domain.Role{domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor, domain.RoleBranchManager}

// TrainingRecordView is an employee's training record: every session
// they attended, with its evaluation, and the certificates they earned.
type TrainingRecordView struct {
	EmployeeID   string                    `json:"employee_id"`
	OrgUnitID    string                    `json:"org_unit_id"`
	Minutes      int                       `json:"minutes"`
	Sessions     []TrainingRecordEntry     `json:"sessions"`
	Certificates []TrainingCertificateView `json:"certificates"`
}

// TrainingRecordEntry is one session an employee attended: what, when,
// how long, whether it counted for its month, and their evaluation
// (absent until evaluated).
type TrainingRecordEntry struct {
	SessionID       string     `db:"session_id" json:"session_id"`
	OrgUnitID       string     `db:"org_unit_id" json:"org_unit_id"`
	Title           string     `db:"title" json:"title"`
	Kind            string     `db:"kind" json:"kind"`
	Mode            string     `db:"mode" json:"mode"`
	Month           string     `db:"month" json:"month"`
	HeldAt          time.Time  `db:"held_at" json:"held_at"`
	DurationMinutes int        `db:"duration_minutes" json:"duration_minutes"`
	Counts          bool       `db:"counts" json:"counts"`
	Method          *string    `db:"method" json:"method,omitempty"`
	Score           *int       `db:"score" json:"score,omitempty"`
	Passed          *bool      `db:"passed" json:"passed,omitempty"`
	EvaluatedAt     *time.Time `db:"evaluated_at" json:"evaluated_at,omitempty"`
}

// TrainingCertificateView is a certificate an employee earned and the
// reward granted for it.
type TrainingCertificateView struct {
	SessionID     string      `db:"session_id" json:"session_id"`
	CertificateID string      `db:"certificate_id" json:"certificate_id"`
	Name          string      `db:"name" json:"name"`
	Reward        *MinorUnits `db:"reward_minor" json:"reward,omitempty"`
	Currency      string      `db:"currency" json:"currency,omitempty"`
	AwardedAt     time.Time   `db:"awarded_at" json:"awarded_at"`
}

// DepartmentTrainingMonth is a department's training in one month: the
// sessions that count (at least an hour) and those held shorter, which
// do not (§5.19). Missing is a month without a session that counts.
type DepartmentTrainingMonth struct {
	OrgUnitID       string `db:"org_unit_id" json:"org_unit_id"`
	Month           string `db:"month" json:"month"`
	CountedSessions int    `db:"counted_sessions" json:"counted_sessions"`
	ShortSessions   int    `db:"short_sessions" json:"short_sessions"`
	Missing         bool   `db:"missing" json:"missing"`
}
