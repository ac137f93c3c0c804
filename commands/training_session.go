package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/training"
)

// ScheduleTrainingSession schedules a department's session under its
// approved annual plan.
type ScheduleTrainingSession struct {
	SessionID string
	Details   training.SessionDetails
}

// ScheduleTrainingSession records training.SessionScheduled, reading the
// plan the session names (§3.5-plan-first).
func (h *Training) ScheduleTrainingSession(ctx context.Context, m Meta, cmd ScheduleTrainingSession) (Result, error) {
	role, err := authorize(m, "ScheduleTrainingSession", trainingOrganisers...)
	if err != nil {
		return Result{}, err
	}
	if err := trainingScope(m, role, cmd.Details.OrgUnitID); err != nil {
		return Result{}, err
	}
	var plan training.TrainingPlan
	if cmd.Details.PlanID != "" { // a missing id is the decision's invalid field
		if plan, _, err = h.plans.Load(ctx, training.PlanStream(cmd.Details.PlanID)); err != nil {
			return Result{}, err
		}
	}
	year := cmd.Details.StartsAt.In(h.calendar(cmd.Details.StartsAt)).Year()
	return h.onSession(ctx, m, cmd.SessionID, role, func(s training.TrainingSession, now time.Time) ([]domain.Event, error) {
		return s.Schedule(cmd.SessionID, cmd.Details, plan, year, m.Actor.EmployeeID, now)
	})
}

// RecordTrainingSessionHeld records that a session took place, how long
// it lasted and who attended.
type RecordTrainingSessionHeld struct {
	SessionID       string
	HeldAt          time.Time
	DurationMinutes int
	Attendees       []string
}

// RecordTrainingSessionHeld records training.SessionHeld and one
// training.AttendanceRecorded per attendee; the month is the held time's
// in the company calendar.
func (h *Training) RecordTrainingSessionHeld(ctx context.Context, m Meta, cmd RecordTrainingSessionHeld) (Result, error) {
	role, err := authorize(m, "RecordTrainingSessionHeld", trainingOrganisers...)
	if err != nil {
		return Result{}, err
	}
	month := cmd.HeldAt.In(h.calendar(cmd.HeldAt)).Format("2006-01")
	held := training.Held{HeldAt: cmd.HeldAt, Month: month, DurationMinutes: cmd.DurationMinutes, Attendees: cmd.Attendees}
	// The held time is checked against the clock, not the business time:
	// a session filed late still took place before now.
	return h.onSession(ctx, m, cmd.SessionID, role, func(s training.TrainingSession, _ time.Time) ([]domain.Event, error) {
		return s.RecordHeld(held, m.Actor.EmployeeID, h.now())
	})
}

// EvaluateTraining evaluates one attendee's training.
type EvaluateTraining struct {
	SessionID  string
	Evaluation training.Evaluation
}

// EvaluateTraining records training.Evaluated.
func (h *Training) EvaluateTraining(ctx context.Context, m Meta, cmd EvaluateTraining) (Result, error) {
	role, err := authorize(m, "EvaluateTraining", trainingOrganisers...)
	if err != nil {
		return Result{}, err
	}
	return h.onSession(ctx, m, cmd.SessionID, role, func(s training.TrainingSession, now time.Time) ([]domain.Event, error) {
		return s.Evaluate(cmd.Evaluation, m.Actor.EmployeeID, now)
	})
}

// onSession runs a session decision after checking the actor's unit
// against the session's.
func (h *Training) onSession(ctx context.Context, m Meta, id string, role domain.Role, decide func(training.TrainingSession, time.Time) ([]domain.Event, error)) (Result, error) {
	now := m.businessTime(h.now)
	return h.sessions.Update(ctx, m, decision[training.TrainingSession]{
		stream: training.SessionStream(id), role: role,
		decide: func(s training.TrainingSession) ([]domain.Event, error) {
			if err := trainingScope(m, role, s.Details.OrgUnitID); err != nil {
				return nil, err
			}
			return decide(s, now)
		},
	})
}

// AwardTrainingCertificate awards a certificate to an attendee who
// passed, with its reward.
type AwardTrainingCertificate struct {
	SessionID   string
	Certificate training.Certificate
}

// certificateReward is the reward catalogue's type for a certificate
// earned (S [004] 對取得相關職業資格證書…的員工給予一定獎勵).
const certificateReward = "QUALIFICATION_ACHIEVED"

// AwardTrainingCertificate records training.CertificateAwarded on the
// session and, for a certificate with a reward, employee.Rewarded on the
// attendee's file in the same atomic append, so the reward reaches pay
// exactly when the certificate is on record (§3.5-certificate).
func (h *Training) AwardTrainingCertificate(ctx context.Context, m Meta, cmd AwardTrainingCertificate) (Result, error) {
	role, err := authorize(m, "AwardTrainingCertificate", certificateIssuers...)
	if err != nil {
		return Result{}, err
	}
	c := cmd.Certificate
	if c.Reward == nil || c.EmployeeID == "" {
		return h.onSession(ctx, m, cmd.SessionID, role, func(s training.TrainingSession, now time.Time) ([]domain.Event, error) {
			return s.AwardCertificate(c, m.Actor.EmployeeID, now)
		})
	}
	if err := h.sessions.log.checkMeta(ctx, m, role); err != nil {
		return Result{}, err
	}
	at := m.businessTime(h.now)
	staff, version := h.staff.at(at)
	session := joinOn(h.sessions, training.SessionStream(cmd.SessionID))
	file := joinOn(h.employees, employee.Stream(c.EmployeeID))
	// The reward first, the certificate last: a prefix left behind by a
	// store without an atomic multi-stream append is a reward whose
	// certificate a retry of the same command records.
	return h.sessions.log.decideJointly(ctx, m, joint{
		role: role, regulation: version, subject: "training session", parts: []jointPart{file, session}, primary: session,
		decide: func() error {
			s := session.State()
			if err := trainingScope(m, role, s.Details.OrgUnitID); err != nil {
				return err
			}
			awarded, err := s.AwardCertificate(c, m.Actor.EmployeeID, at)
			if err != nil || len(awarded) == 0 {
				return err
			}
			rewarded, err := file.State().Reward(employee.RewardGrant{RewardID: "certificate-" + c.CertificateID, Type: certificateReward,
				Amount: c.Reward, Reason: "certificate earned: " + c.Name}, m.Actor.EmployeeID, staff, at)
			if err != nil {
				return err
			}
			file.Record(rewarded...)
			session.Record(awarded...)
			return nil
		},
	})
}
