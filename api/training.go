package api

import (
	"context"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/queries"
)

const trainingTag = "Training"

// trainingReadModels are the read models the training routes read.
var trainingReadModels = []string{"training"}

// trainingRoutes registers one endpoint per training command (drafting a
// plan has two: creating it, and reworking a draft sent back) and the
// training record and monthly-session queries.
func trainingRoutes(s *Server, rt *routes) {
	create(rt, "/training-plans", trainingTag, "Draft a department's annual training plan (§3.5-plan-contents)", s.draftTrainingPlan)
	command(rt, "/training-plans/{id}/draft", trainingTag, "Rework a draft training plan", s.draftTrainingPlan)
	command(rt, "/training-plans/{id}/review", trainingTag, "Record the department manager's review (§3.5-plan-approval)", s.reviewTrainingPlan)
	command(rt, "/training-plans/{id}/approval", trainingTag, "Record company leadership's approval (§3.5-plan-approval)", s.approveTrainingPlan)
	create(rt, "/training-sessions", trainingTag, "Schedule a session of at least an hour under the department's approved plan (§3.5-plan-first, §5.19)", s.scheduleTrainingSession)
	command(rt, "/training-sessions/{id}/held", trainingTag, "Record that the session took place, how long it lasted and who attended", s.recordTrainingSessionHeld)
	command(rt, "/training-sessions/{id}/evaluations", trainingTag, "Evaluate an attendee by exam, written reflection or on-the-job application (§3.5-evaluation)", s.evaluateTraining)
	command(rt, "/training-sessions/{id}/certificates", trainingTag, "Award a certificate, and its reward, to an attendee who passed (§3.5-certificate)", s.awardTrainingCertificate)
	rt.get("/employees/{id}/training-record", trainingTag, "The employee's training record: sessions attended, evaluations, certificates",
		queries.TrainingRecordView{}, handleQuery(s, trainingReadModels, s.getTrainingRecord), afterParam)
	rt.get("/training/department-months", trainingTag, "Each department's training sessions of a month; missing=true lists the departments without a session of an hour or more (§5.19)",
		queries.Page[queries.DepartmentTrainingMonth]{}, handleQuery(s, trainingReadModels, s.listDepartmentTrainingMonths),
		monthParam, text("org_unit_id", "one department"), boolean("missing", "only the departments missing the month's session"), afterParam)
}

// DraftTrainingPlanRequest is an annual training plan's content.
type DraftTrainingPlanRequest struct {
	Envelope
	Year      int      `json:"year"`
	OrgUnitID string   `json:"org_unit_id"`
	Goals     string   `json:"goals"`
	Content   string   `json:"content"`
	Kinds     []string `json:"kinds"`
	Modes     []string `json:"modes"`
	Schedule  string   `json:"schedule"`
}

func (s *Server) draftTrainingPlan(ctx context.Context, m commands.Meta, id string, req DraftTrainingPlanRequest) (commands.Result, error) {
	d := training.PlanDetails{Year: req.Year, OrgUnitID: req.OrgUnitID, Goals: req.Goals, Content: req.Content, Schedule: req.Schedule}
	for _, k := range req.Kinds {
		d.Kinds = append(d.Kinds, training.Kind(k))
	}
	for _, md := range req.Modes {
		d.Modes = append(d.Modes, training.Mode(md))
	}
	return s.Commands.Training.DraftTrainingPlan(ctx, m, commands.DraftTrainingPlan{PlanID: id, Details: d})
}

// ReviewTrainingPlanRequest passes a draft or sends it back with a comment.
type ReviewTrainingPlanRequest struct {
	Envelope
	Passed  bool   `json:"passed"`
	Comment string `json:"comment,omitempty"`
}

func (s *Server) reviewTrainingPlan(ctx context.Context, m commands.Meta, id string, req ReviewTrainingPlanRequest) (commands.Result, error) {
	return s.Commands.Training.ReviewTrainingPlan(ctx, m, commands.ReviewTrainingPlan{PlanID: id, Passed: req.Passed, Comment: req.Comment})
}

// ApproveTrainingPlanRequest approves a reviewed plan.
type ApproveTrainingPlanRequest struct {
	Envelope
	Comment string `json:"comment,omitempty"`
}

func (s *Server) approveTrainingPlan(ctx context.Context, m commands.Meta, id string, req ApproveTrainingPlanRequest) (commands.Result, error) {
	return s.Commands.Training.ApproveTrainingPlan(ctx, m, commands.ApproveTrainingPlan{PlanID: id, Comment: req.Comment})
}

// ScheduleTrainingSessionRequest is a session: the plan it is held
// under, the department, what (kind), how (mode), by whom, when and for
// how many minutes (at least 60).
type ScheduleTrainingSessionRequest struct {
	Envelope
	PlanID          string    `json:"plan_id"`
	OrgUnitID       string    `json:"org_unit_id"`
	Title           string    `json:"title"`
	Kind            string    `json:"kind"`
	Mode            string    `json:"mode"`
	Trainer         string    `json:"trainer"`
	StartsAt        time.Time `json:"starts_at"`
	DurationMinutes int       `json:"duration_minutes"`
}

func (s *Server) scheduleTrainingSession(ctx context.Context, m commands.Meta, id string, req ScheduleTrainingSessionRequest) (commands.Result, error) {
	d := training.SessionDetails{PlanID: req.PlanID, OrgUnitID: req.OrgUnitID, Title: req.Title, Kind: training.Kind(req.Kind),
		Mode: training.Mode(req.Mode), Trainer: req.Trainer, StartsAt: req.StartsAt, DurationMinutes: req.DurationMinutes}
	return s.Commands.Training.ScheduleTrainingSession(ctx, m, commands.ScheduleTrainingSession{SessionID: id, Details: d})
}

// RecordTrainingSessionHeldRequest is what took place: when, for how
// many minutes (under 60 it is recorded but does not count), and the
// employee ids of the attendees.
type RecordTrainingSessionHeldRequest struct {
	Envelope
	HeldAt          time.Time `json:"held_at"`
	DurationMinutes int       `json:"duration_minutes"`
	Attendees       []string  `json:"attendees"`
}

func (s *Server) recordTrainingSessionHeld(ctx context.Context, m commands.Meta, id string, req RecordTrainingSessionHeldRequest) (commands.Result, error) {
	return s.Commands.Training.RecordTrainingSessionHeld(ctx, m, commands.RecordTrainingSessionHeld{SessionID: id, HeldAt: req.HeldAt,
		DurationMinutes: req.DurationMinutes, Attendees: req.Attendees})
}

// EvaluateTrainingRequest evaluates one attendee: an EXAM by its score
// (0 to 100, passing at 60), a REFLECTION or an APPLICATION by its text
// and the evaluator's verdict.
type EvaluateTrainingRequest struct {
	Envelope
	EmployeeID string `json:"employee_id"`
	Method     string `json:"method"`
	Score      *int   `json:"score,omitempty"`
	Reflection string `json:"reflection,omitempty"`
	Passed     bool   `json:"passed,omitempty"`
}

func (s *Server) evaluateTraining(ctx context.Context, m commands.Meta, id string, req EvaluateTrainingRequest) (commands.Result, error) {
	ev := training.Evaluation{EmployeeID: req.EmployeeID, Method: training.Method(req.Method), Score: req.Score,
		Reflection: req.Reflection, Passed: req.Passed}
	return s.Commands.Training.EvaluateTraining(ctx, m, commands.EvaluateTraining{SessionID: id, Evaluation: ev})
}

// AwardTrainingCertificateRequest names the certificate an attendee who
// passed earned, and the reward granted for it (a decimal string; none
// when absent).
type AwardTrainingCertificateRequest struct {
	Envelope
	EmployeeID    string `json:"employee_id"`
	CertificateID string `json:"certificate_id"`
	Name          string `json:"name"`
	Reward        string `json:"reward,omitempty"`
}

func (s *Server) awardTrainingCertificate(ctx context.Context, m commands.Meta, id string, req AwardTrainingCertificateRequest) (commands.Result, error) {
	c := training.Certificate{EmployeeID: req.EmployeeID, CertificateID: req.CertificateID, Name: req.Name}
	if req.Reward != "" {
		reward, err := decimalAmount("reward", req.Reward)
		if err != nil {
			return commands.Result{}, err
		}
		c.Reward = &reward
	}
	return s.Commands.Training.AwardTrainingCertificate(ctx, m, commands.AwardTrainingCertificate{SessionID: id, Certificate: c})
}

// canReadTraining refuses an actor who is not employeeID, a manager of
// their department or a training reader (§3.5-read).
func canReadTraining(actor domain.Actor, employeeID, orgUnitID string) error {
	if _, all := actor.ActingAs(queries.TrainingReaders...); all || actor.EmployeeID == employeeID {
		return nil
	}
	if _, manager := actor.ActingAs(queries.TrainingManagers...); manager && orgUnitID != "" && actor.OrgUnitID == orgUnitID {
		return nil
	}
	return domain.Forbidden("an employee's training record is read by them, their department's managers, HR and the oversight roles only")
}

func (s *Server) getTrainingRecord(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	id := chi.URLParam(r, "id")
	v, err := s.Queries.TrainingRecord(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	if err := canReadTraining(actor, id, v.OrgUnitID); err != nil {
		return nil, 0, err
	}
	return v, 0, nil
}

// trainingUnitScope narrows the monthly list to what actor reads: every
// department for the training readers, their own for a manager.
func trainingUnitScope(actor domain.Actor, orgUnitID string) (string, error) {
	if _, all := actor.ActingAs(queries.TrainingReaders...); all {
		return orgUnitID, nil
	}
	if _, manager := actor.ActingAs(queries.TrainingManagers...); manager && actor.OrgUnitID != "" {
		if orgUnitID != "" && orgUnitID != actor.OrgUnitID {
			return "", domain.Forbidden("a manager reads their own department's training only")
		}
		return actor.OrgUnitID, nil
	}
	return "", domain.Forbidden("departments' training is read by their managers, HR and the oversight roles only")
}

func (s *Server) listDepartmentTrainingMonths(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	unit, err := trainingUnitScope(actor, r.URL.Query().Get("org_unit_id"))
	if err != nil {
		return nil, 0, err
	}
	month, err := s.requireMonth(r) // by default the last month that is over
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.Queries.DepartmentTrainingMonths(ctx, month.String(), unit, r.URL.Query().Get("missing") == "true")
	return onePage(rows), 0, err
}
