package commands

import (
	"context"
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/training"
)

// Training handles the annual training plans and the training sessions
// held under them (SPEC §3.5).
type Training struct {
	plans     repository[training.TrainingPlan]
	sessions  repository[training.TrainingSession]
	employees repository[employee.Employee]
	staff     regulation[employee.Regulation] // the company calendar and the reward catalogue
	now       func() time.Time
}

func newTraining(log *eventLog, r Regulations) *Training {
	return &Training{
		plans:     newRepository(log, training.TrainingPlan.Evolve, "training plan"),
		sessions:  newRepository(log, training.TrainingSession.Evolve, "training session"),
		employees: log.employees,
		staff:     newRegulation(employeeRegulation, r.Employee, employee.DefaultRegulation),
		now:       log.now,
	}
}

// Who issues the training commands (§1.6 annual training plan: prepared
// by the department, reviewed by the department manager, approved by
// company leadership). The department's managers also prepare the plan
// and organise its sessions (S [003] 部门经理…组织培训; the deputy and the
// team supervisor, D), and HR prepares the process-training plan and runs
// training company-wide (S [002] 人力资源部门制定年度…培训计划).
var (
	trainingPreparers  = []domain.Role{domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleHR}
	trainingOrganisers = []domain.Role{domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor, domain.RoleHR}
	// certificate awards grant a reward: the roles that grant rewards
	// (IssueReward) and act on training, in the department or company-wide.
	certificateIssuers = []domain.Role{domain.RoleDeptHead, domain.RoleHR}
)

// ErrOtherUnitTraining refuses a department manager's work on another
// department's training.
var ErrOtherUnitTraining = domain.Forbidden("a department's managers prepare, review and run their own department's training only")

// trainingScope refuses a department manager acting on another unit's
// plan or session; HR and leadership act company-wide.
func trainingScope(m Meta, role domain.Role, unit string) error {
	if unit == "" || !slices.Contains([]domain.Role{domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor}, role) {
		return nil
	}
	return inUnit(m, unit, ErrOtherUnitTraining)
}

// DraftTrainingPlan drafts (or reworks) a department's annual training plan.
type DraftTrainingPlan struct {
	PlanID  string
	Details training.PlanDetails
}

// DraftTrainingPlan records training.PlanDrafted.
func (h *Training) DraftTrainingPlan(ctx context.Context, m Meta, cmd DraftTrainingPlan) (Result, error) {
	role, err := authorize(m, "DraftTrainingPlan", trainingPreparers...)
	if err != nil {
		return Result{}, err
	}
	if err := trainingScope(m, role, cmd.Details.OrgUnitID); err != nil {
		return Result{}, err
	}
	return h.onPlan(ctx, m, cmd.PlanID, role, func(p training.TrainingPlan, now time.Time) ([]domain.Event, error) {
		return p.Draft(cmd.PlanID, cmd.Details, m.Actor.EmployeeID, now)
	})
}

// ReviewTrainingPlan records the department manager's review.
type ReviewTrainingPlan struct {
	PlanID  string
	Passed  bool
	Comment string
}

// ReviewTrainingPlan records training.PlanReviewed.
func (h *Training) ReviewTrainingPlan(ctx context.Context, m Meta, cmd ReviewTrainingPlan) (Result, error) {
	role, err := authorize(m, "ReviewTrainingPlan", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onPlan(ctx, m, cmd.PlanID, role, func(p training.TrainingPlan, now time.Time) ([]domain.Event, error) {
		return p.Review(m.Actor.EmployeeID, role, cmd.Passed, cmd.Comment, now)
	})
}

// ApproveTrainingPlan records company leadership's approval.
type ApproveTrainingPlan struct {
	PlanID  string
	Comment string
}

// ApproveTrainingPlan records training.PlanApproved.
func (h *Training) ApproveTrainingPlan(ctx context.Context, m Meta, cmd ApproveTrainingPlan) (Result, error) {
	role, err := authorize(m, "ApproveTrainingPlan", domain.RoleLeadership)
	if err != nil {
		return Result{}, err
	}
	return h.onPlan(ctx, m, cmd.PlanID, role, func(p training.TrainingPlan, now time.Time) ([]domain.Event, error) {
		return p.Approve(m.Actor.EmployeeID, role, cmd.Comment, now)
	})
}

// onPlan runs a plan decision after checking the actor's unit against
// the plan's.
func (h *Training) onPlan(ctx context.Context, m Meta, id string, role domain.Role, decide func(training.TrainingPlan, time.Time) ([]domain.Event, error)) (Result, error) {
	now := m.businessTime(h.now)
	return h.plans.Update(ctx, m, decision[training.TrainingPlan]{
		stream: training.PlanStream(id), role: role,
		decide: func(p training.TrainingPlan) ([]domain.Event, error) {
			if err := trainingScope(m, role, p.Details.OrgUnitID); err != nil {
				return nil, err
			}
			return decide(p, now)
		},
	})
}

// calendar is the company's time zone at t, which cuts months and years.
func (h *Training) calendar(t time.Time) *time.Location {
	staff, _ := h.staff.at(t)
	return time.FixedZone("company", int(staff.UTCOffset/time.Second))
}
