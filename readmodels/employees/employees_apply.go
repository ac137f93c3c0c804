package employees

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// employeeFold is one batch of the employees read model in memory: the
// employee rows by id and the appraisal and conduct rows it adds.
type employeeFold struct {
	rows       map[string]*queries.EmployeeView
	appraisals []*queries.AppraisalView
	conduct    []*queries.ConductView
}

// employeeFolds change an existing employee; the statuses follow
// employee.Employee.Evolve. Events of an unknown employee change nothing.
var employeeFolds = map[string]func(*employeeFold, *queries.EmployeeView, tables.Decoded) error{
	employee.StartedWork{}.EventType():            foldStartedWork,
	employee.ConfirmedRegular{}.EventType():       foldConfirmedRegular,
	employee.ProbationExtended{}.EventType():      foldProbationExtended,
	employee.ProbationFailed{}.EventType():        foldLeaving,
	employee.RoleChanged{}.EventType():            foldRoleChanged,
	employee.DepartureInitiated{}.EventType():     foldDepartureInitiated,
	employee.Departed{}.EventType():               foldDeparted,
	employee.AppraisalRecorded{}.EventType():      foldAppraisal,
	employee.ImprovementPlanStarted{}.EventType(): foldImprovementPlan,
	employee.DismissalDue{}.EventType():           foldDismissalDue,
	employee.Fined{}.EventType():                  foldFined,
	employee.Rewarded{}.EventType():               foldRewarded,
	employee.Penalized{}.EventType():              foldPenalized,
	employee.LeaveApproved{}.EventType(): func(_ *employeeFold, v *queries.EmployeeView, _ tables.Decoded) error {
		v.LeavesApproved++
		return nil
	},
	employee.BusinessTripApproved{}.EventType(): func(_ *employeeFold, v *queries.EmployeeView, _ tables.Decoded) error {
		v.TripsApproved++
		return nil
	},
}

func (f *employeeFold) apply(id string, e tables.Decoded) error {
	switch e.Type {
	case employee.QualificationChecked{}.EventType():
		ev := e.Event.(employee.QualificationChecked)
		f.row(id).Name = ev.CandidateName
		return nil
	case employee.Hired{}.EventType():
		ev := e.Event.(employee.Hired)
		v := f.row(id)
		v.Name, v.Status, v.Role, v.OrgUnitID, v.SupervisorID = ev.Name, string(employee.StatusOnboarding), string(ev.Role), ev.OrgUnitID, ev.SupervisorID
		v.HiredAt = &ev.HiredAt
		return nil
	}
	fold, ok := employeeFolds[e.Type]
	if v := f.rows[id]; ok && v != nil {
		return fold(f, v, e)
	}
	return nil
}

// row returns the employee, opening the file of an applicant.
func (f *employeeFold) row(id string) *queries.EmployeeView {
	if v := f.rows[id]; v != nil {
		return v
	}
	v := &queries.EmployeeView{EmployeeID: id, Status: string(employee.StatusApplicant), Currency: domain.DefaultCurrency}
	f.rows[id] = v
	return v
}

func foldStartedWork(_ *employeeFold, v *queries.EmployeeView, e tables.Decoded) error {
	ev := e.Event.(employee.StartedWork)
	v.Status, v.StartedAt, v.ProbationEndsOn = string(employee.StatusOnProbation), &ev.StartedAt, &ev.ProbationEndsOn
	return nil
}

func foldConfirmedRegular(_ *employeeFold, v *queries.EmployeeView, e tables.Decoded) error {
	ev := e.Event.(employee.ConfirmedRegular)
	v.Status, v.RegularAt = string(employee.StatusRegular), &ev.ConfirmedAt
	return nil
}

func foldProbationExtended(_ *employeeFold, v *queries.EmployeeView, e tables.Decoded) error {
	ev := e.Event.(employee.ProbationExtended)
	v.ProbationEndsOn = &ev.ProbationEndsOn
	return nil
}

func foldLeaving(_ *employeeFold, v *queries.EmployeeView, _ tables.Decoded) error {
	v.Status = string(employee.StatusLeaving)
	return nil
}

func foldRoleChanged(_ *employeeFold, v *queries.EmployeeView, e tables.Decoded) error {
	ev := e.Event.(employee.RoleChanged)
	v.Role, v.OrgUnitID = string(ev.ToRole), ev.ToOrgUnitID
	if ev.SupervisorID != "" { // an empty supervisor keeps the current one, as Evolve does
		v.SupervisorID = ev.SupervisorID
	}
	return nil
}

func foldDepartureInitiated(_ *employeeFold, v *queries.EmployeeView, e tables.Decoded) error {
	ev := e.Event.(employee.DepartureInitiated)
	v.Status, v.DepartureType = string(employee.StatusLeaving), string(ev.Type)
	return nil
}

func foldDeparted(_ *employeeFold, v *queries.EmployeeView, e tables.Decoded) error {
	ev := e.Event.(employee.Departed)
	v.Status, v.DepartureType, v.DepartedAt = string(employee.StatusDeparted), string(ev.Type), &ev.DepartedAt
	return nil
}

// foldAppraisal records an appraisal under the employee's org unit at the
// time, so department lists keep it where it was made after a transfer.
func foldAppraisal(f *employeeFold, v *queries.EmployeeView, e tables.Decoded) error {
	ev := e.Event.(employee.AppraisalRecorded)
	s := ev.Scores
	f.appraisals = append(f.appraisals, &queries.AppraisalView{EmployeeID: v.EmployeeID, AppraisalID: ev.AppraisalID,
		OrgUnitID: v.OrgUnitID, Cycle: string(ev.Cycle), PeriodStart: queries.Day{Time: ev.PeriodStart}, Grade: string(ev.Grade),
		ScoreSelf: s.Self, ScoreSuperior: s.Superior, ScorePeers: s.Peers, ScoreCustomers: s.Customers,
		RatedBy: ev.RatedBy, RatedAt: ev.RatedAt, Version: int64(e.StreamVersion), UpdatedAt: e.RecordedAt})
	v.Appraisals++
	v.LastCycle, v.LastGrade, v.LastAppraisedAt = string(ev.Cycle), string(ev.Grade), &ev.RatedAt
	return nil
}

func foldImprovementPlan(_ *employeeFold, v *queries.EmployeeView, _ tables.Decoded) error {
	v.ImprovementPlan = true
	return nil
}

func foldDismissalDue(_ *employeeFold, v *queries.EmployeeView, e tables.Decoded) error {
	ev := e.Event.(employee.DismissalDue)
	v.DismissalDueAt = &ev.RaisedAt
	return nil
}

// record adds a reward, penalty or fine under the employee's org unit at
// the time.
func (f *employeeFold) record(v *queries.EmployeeView, e tables.Decoded, c queries.ConductView, amount *domain.Money, at time.Time) {
	c.EmployeeID, c.OrgUnitID, c.DecidedAt = v.EmployeeID, v.OrgUnitID, at
	c.Version, c.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
	if amount != nil {
		m := amount.Minor
		c.AmountMinor, c.Currency = &m, tables.Currency(*amount)
	}
	f.conduct = append(f.conduct, &c)
}

func foldFined(f *employeeFold, v *queries.EmployeeView, e tables.Decoded) error {
	ev := e.Event.(employee.Fined)
	f.record(v, e, queries.ConductView{Kind: queries.ConductFine, RecordID: ev.FineID, Type: ev.Item, Reason: ev.Reason,
		RuleRef: ev.RuleRef, DecidedBy: ev.FinedBy}, &ev.Amount, ev.FinedAt)
	v.Fines++
	v.FineTotalMinor += ev.Amount.Minor
	v.Currency = tables.Currency(ev.Amount)
	return nil
}

func foldRewarded(f *employeeFold, v *queries.EmployeeView, e tables.Decoded) error {
	ev := e.Event.(employee.Rewarded)
	f.record(v, e, queries.ConductView{Kind: queries.ConductReward, RecordID: ev.RewardID, Type: ev.Type, Reason: ev.Reason,
		DecidedBy: ev.GrantedBy}, ev.Amount, ev.GrantedAt)
	v.Rewards++
	if ev.Amount != nil {
		v.RewardTotalMinor += ev.Amount.Minor
		v.Currency = tables.Currency(*ev.Amount)
	}
	return nil
}

func foldPenalized(f *employeeFold, v *queries.EmployeeView, e tables.Decoded) error {
	ev := e.Event.(employee.Penalized)
	f.record(v, e, queries.ConductView{Kind: queries.ConductPenalty, RecordID: ev.PenaltyID, Type: ev.Type, Reason: ev.Reason,
		RuleRef: ev.RuleRef, DecidedBy: ev.DecidedBy}, nil, ev.DecidedAt)
	v.Penalties++
	return nil
}
