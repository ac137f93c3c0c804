package main

import (
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// systemActor names the system itself in the seed's steps (its reactions,
// such as marking a customer cooperating when a contract is signed).
const systemActor = "system"

// actor returns the actor employee id acts as.
func (s *seeder) actor(id string) (domain.Actor, bool) {
	if id == systemActor {
		return domain.SystemActor, true
	}
	p, ok := s.people[id]
	return p.actor(), ok
}

// hiringWave is when a wave went through the hiring steps; confirm is
// zero for a wave still on probation.
type hiringWave struct {
	checked, hired, trained, started, confirm time.Time
	hr                                        string // the HR employee who handled the wave
}

var hiringWaves = map[int]hiringWave{
	waveFounding: {day(2025, 10, 6), day(2025, 10, 8), day(2025, 10, 10), day(2025, 10, 13), day(2026, 1, 14), "emp-hr-head"},
	waveSpring:   {day(2026, 1, 5), day(2026, 1, 7), day(2026, 1, 9), day(2026, 1, 12), day(2026, 4, 14), "emp-hr-1"},
	waveMay:      {day(2026, 5, 6), day(2026, 5, 8), day(2026, 5, 12), day(2026, 5, 13), time.Time{}, "emp-hr-1"},
}

// lenientProbation are spring hires whose probation the GM extended
// instead of failing them (E4); they are still on probation.
var lenientProbation = map[string]string{
	"emp-rep-07": "责任心很强，业务能力尚需提高，延长试用期一个月",
}

var onboardingDocuments = []string{"身份证原件已核验", "学历证书原件已核验", "复印件存档", "个人简历"}

var probationAssessment = employee.Assessment{
	Responsibility: "责任心强，遵守公司制度", Ability: "业务能力达到岗位要求",
	Contribution: "完成试用期考核目标", TargetMet: true,
}

// hireEveryone takes every demo employee through the employee lifecycle:
// qualification check, hiring, documents, pre-job training, start of work
// and, for the earlier waves, the GM's confirmation as regular.
func (s *seeder) hireEveryone() {
	for i, p := range demoPeople {
		w := hiringWaves[p.Wave]
		// a few minutes apart, in hiring order, so the audit trail reads naturally
		at := func(t time.Time) time.Time { return t.Add(time.Duration(i) * 5 * time.Minute) }
		hr := w.hr
		if p.ID == hr {
			hr = "emp-hr-head"
		}
		k := "emp:" + p.ID + ":"
		step(s, k+"qualify", hr, at(w.checked), s.h.Employees.RecordQualificationCheck, commands.RecordQualificationCheck{
			EmployeeID: p.ID, CandidateName: p.Name, Passed: true, Notes: "学历、证书与岗位要求相符"})
		step(s, k+"hire", hr, at(w.hired), s.h.Employees.HireEmployee, commands.HireEmployee{
			EmployeeID: p.ID, Name: p.Name, Role: p.Role, OrgUnitID: p.Unit, SupervisorID: p.Supervisor})
		step(s, k+"documents", hr, at(w.hired).Add(time.Hour), s.h.Employees.RecordOnboardingDocuments, commands.RecordOnboardingDocuments{
			EmployeeID: p.ID, Documents: onboardingDocuments})
		step(s, k+"training", hr, at(w.trained), s.h.Employees.RecordPreJobTraining, commands.RecordPreJobTraining{
			EmployeeID: p.ID, Passed: true, TrainingRef: "岗前培训-" + w.trained.Format("2006-01")})
		step(s, k+"start", starterOf(p), at(w.started), s.h.Employees.StartWork, commands.StartWork{EmployeeID: p.ID})
		s.count("employees hired", 1)
		s.probationOutcome(p, at(w.confirm))
	}
}

// probationOutcome confirms p as regular, extends their probation, or
// leaves them on probation (the May intake).
func (s *seeder) probationOutcome(p person, at time.Time) {
	k := "emp:" + p.ID + ":"
	switch reason, lenient := lenientProbation[p.ID]; {
	case lenient:
		step(s, k+"leniency", "emp-gm", at, s.h.Employees.GrantProbationLeniency, commands.GrantProbationLeniency{EmployeeID: p.ID, Reason: reason})
		s.count("on probation", 1)
	case p.Wave == waveMay:
		s.count("on probation", 1)
	default:
		step(s, k+"confirm", "emp-gm", at, s.h.Employees.ConfirmRegular, commands.ConfirmRegular{EmployeeID: p.ID, Assessment: probationAssessment})
	}
}

// starterOf is the department head who starts p's work: the head of p's
// unit, or the HR department head for units without one (and for heads).
func starterOf(p person) string {
	if h := headOf(p.Unit); h != "" && h != p.ID {
		return h
	}
	if p.ID == "emp-hr-head" {
		return "emp-fin-head"
	}
	return "emp-hr-head"
}
