// Package employee is the Employee aggregate: a person's employment from
// the qualification check and hiring, through onboarding, probation and
// regular status, attendance, reports, appraisal and discipline, to
// departure (E1–E14, see docs/RULES.md).
//
// Rules (ids of docs/RULES.md; S unless marked):
//
//	E1  no work before pre-job training is passed
//	E2  a passed qualification check comes before hiring
//	E3  only the GM confirms regular status; probation length is a regulation parameter
//	E4  failed probation → automatic departure, or leniency by the GM
//	E5  two consecutive failed cycles of one type → DismissalDue case (D: never silent)
//	E6  sales roles with no results for two consecutive months → auto-resignation case (regulation switch)
//	E7  leave is effective only with the department manager's signature
//	E8  a business trip is approved before it starts
//	E9  outside part-time job → summary dismissal, pay forfeited
//	E10 serious disclosure → dismissal without pay settlement
//	E11 departure completes only with files archived (and customers reassigned, D:
//	    the customers owned are a fact of the employee's portfolio, see portfolio.go)
//	E12 a sloppy report counts as missing and is fined
//	E13 phone unreachable during work is fined
//	E14 base salary needs both the department manager and the GM
package employee

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Status is where an employee is in the employment lifecycle.
type Status string

// Lifecycle statuses. StatusNone means the stream does not exist.
const (
	StatusNone        Status = ""
	StatusApplicant   Status = "APPLICANT"
	StatusOnboarding  Status = "ONBOARDING"
	StatusOnProbation Status = "ON_PROBATION"
	StatusRegular     Status = "REGULAR"
	StatusLeaving     Status = "LEAVING"
	StatusDeparted    Status = "DEPARTED"
)

// Employee is the state rebuilt from an employee stream. It holds only what
// the decisions need; the employees read model holds everything else.
type Employee struct {
	ID           string
	Status       Status
	Role         domain.Role
	OrgUnitID    string
	SupervisorID string
	BaseSalary   domain.Money
	// UnderImprovementPlan is set by a plan after a failed appraisal and
	// cleared by the next appraisal that is not a fail.
	UnderImprovementPlan bool

	qualified       bool
	probationMonths int
	documentsFiled  bool
	trainingPassed  bool
	probationEndsOn time.Time
	leniencyGranted bool
	salary          pendingSalary
	checkInDay      string
	checkInSlots    []string
	departure       departure
	*history
}

// history holds per-record facts keyed by id. Evolve updates it in place:
// a state must not be reused after it was evolved.
type history struct {
	leaves     map[string]leave
	trips      map[string]trip
	reports    map[string]bool   // report id → rejected
	dailies    map[string]string // period (reportKey) → the report submitted for it (E12-missing, E12-due)
	appraisals map[string]appraisal
	periods    map[periodKey]appraisal
	plans      map[string]bool
	penalties  map[string]bool
	rewards    map[string]bool
	fines      map[string]bool
	results    map[string]domain.Money
	outings    map[string]time.Time // outing id → when the employee leaves
}

func newHistory() *history {
	return &history{
		leaves: map[string]leave{}, trips: map[string]trip{}, reports: map[string]bool{}, dailies: map[string]string{},
		appraisals: map[string]appraisal{}, periods: map[periodKey]appraisal{},
		plans: map[string]bool{}, penalties: map[string]bool{}, rewards: map[string]bool{},
		fines: map[string]bool{}, results: map[string]domain.Money{}, outings: map[string]time.Time{},
	}
}

// Stream returns the event store stream name for an employee.
func Stream(id string) string { return "employee-" + id }

// Evolve returns the state after ev. It never fails and never validates:
// events are facts that already happened.
func (s Employee) Evolve(ev domain.Event) Employee {
	if s.history == nil {
		s.history = newHistory()
	}
	switch e := ev.(type) {
	case QualificationChecked:
		s.ID, s.Status, s.qualified = e.EmployeeID, StatusApplicant, e.Passed
	case Hired:
		s.Status, s.Role, s.OrgUnitID, s.SupervisorID = StatusOnboarding, e.Role, e.OrgUnitID, e.SupervisorID
		s.probationMonths = e.ProbationMonths
	case DocumentsFiled:
		s.documentsFiled = true
	case PreJobTrainingCompleted:
		s.trainingPassed = s.trainingPassed || e.Passed
	case StartedWork:
		s.Status, s.probationEndsOn = StatusOnProbation, e.ProbationEndsOn
	case ConfirmedRegular:
		s.Status = StatusRegular
	case ProbationExtended:
		s.probationEndsOn, s.leniencyGranted = e.ProbationEndsOn, true
	case BaseSalaryApproved:
		s.salary = s.salary.with(e)
	case BaseSalarySet:
		s.BaseSalary, s.salary = e.Amount, pendingSalary{}
	case RoleChanged:
		s.Role, s.OrgUnitID = e.ToRole, e.ToOrgUnitID
		if e.SupervisorID != "" {
			s.SupervisorID = e.SupervisorID
		}
	default:
		return s.evolveConduct(ev)
	}
	return s
}

// evolveConduct handles attendance, reports, appraisal, discipline and
// departure events.
func (s Employee) evolveConduct(ev domain.Event) Employee {
	switch e := ev.(type) {
	case CheckedIn:
		s = s.checkedIn(e)
	case LeaveRequested:
		s.leaves[e.LeaveID] = leave{}
	case LeaveRetroactivelyFiled:
		s.leaves[e.LeaveID] = leave{retroactive: true}
	case LeaveApproved:
		l := s.leaves[e.LeaveID]
		l.approved = true
		s.leaves[e.LeaveID] = l
	case BusinessTripRequested:
		s.trips[e.TripID] = trip{startsAt: e.StartsAt}
	case BusinessTripApproved:
		t := s.trips[e.TripID]
		t.approved = true
		s.trips[e.TripID] = t
	case WorkReportSubmitted:
		s.reports[e.ReportID] = false
		s.dailies[reportKey(e.Period, e.PeriodStart.Format(time.DateOnly))] = e.ReportID
	case WorkReportRejected:
		s.reports[e.ReportID] = true
	case Fined:
		s.fines[e.FineID] = true
	case Rewarded:
		s.rewards[e.RewardID] = true
	case Penalized:
		s.penalties[e.PenaltyID] = true
	case AppraisalRecorded:
		s = s.appraised(e)
	case ImprovementPlanStarted:
		s.plans[e.AppraisalID], s.UnderImprovementPlan = true, true
	case MonthlyResultsRecorded:
		s.results[monthKey(e.Month)] = e.Amount
	case OutingRegistered:
		s.outings[e.OutingID] = e.LeavesAt
	default:
		return s.evolveDeparture(ev)
	}
	return s
}

func (s Employee) evolveDeparture(ev domain.Event) Employee {
	switch e := ev.(type) {
	case ProbationFailed:
		s.Status = StatusLeaving
	case DepartureInitiated:
		s.Status = StatusLeaving
		s.departure = departure{kind: e.Type, violation: e.Violation}
	case FilesArchived:
		s.departure.filesArchived = true
	case FinalPaySettled, FinalPayForfeited:
		s.departure.payResolved = true
	case Departed:
		s.Status = StatusDeparted
	}
	// Anything else, such as the portfolio events an earlier version
	// recorded here (see ownership.go), leaves the employee as it was.
	return s
}

// employed reports whether the employee has started work and not left.
func (s Employee) employed() bool {
	return s.Status == StatusOnProbation || s.Status == StatusRegular
}

// hired reports whether the employee was hired and has not started leaving.
func (s Employee) hired() bool { return s.Status == StatusOnboarding || s.employed() }

// activeError is the error for a decision that needs an employee at work.
func (s Employee) activeError() error {
	switch s.Status {
	case StatusNone:
		return ErrNotFound
	case StatusApplicant:
		return ErrNotHired
	case StatusLeaving, StatusDeparted:
		return ErrNotActive
	}
	return ErrNotWorking
}

// HeadedBy refuses a department head (role DEPT_HEAD) of org unit orgUnitID
// who does not head s's unit: a head signs, rewards and fines only their
// own people. A head without an org unit heads no unit, so is refused too.
// Other roles act company-wide; an unknown employee is left to the decision
// that follows (not found).
func (s Employee) HeadedBy(role domain.Role, orgUnitID string) error {
	if role != domain.RoleDeptHead || s.Status == StatusNone {
		return nil
	}
	if orgUnitID == "" || orgUnitID != s.OrgUnitID {
		return ErrOtherUnit
	}
	return nil
}

// AtWork refuses an employee who has not started work or is leaving, as
// the decisions on their own work do; other aggregates (work plans) ask it
// before recording the employee's work.
func (s Employee) AtWork() error {
	if !s.employed() {
		return s.activeError()
	}
	return nil
}
