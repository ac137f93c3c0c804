package main

import (
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/salesplan"
)

// salesUnit is one sales department: its head, finance clerk, teams of
// reps and their supervisors.
type salesUnit struct {
	id, region  string
	head, fin   person
	supervisors []person
	teams       [][]person
	reps        []person
}

// histOrg is the company the history happens in.
type histOrg struct {
	units                                   []*salesUnit
	gm, gmo, hr, smgmt                      person
	legal, qa, wh, drv, cs                  []person
	staff                                   map[string]*agg[employee.Employee]
	unitOfRep                               map[string]*salesUnit
	empRegulation                           employee.Regulation
	empRegulationVersion, planRegulationVer string
}

var regions = []string{"上海", "江苏", "浙江", "安徽", "广东", "福建", "山东", "湖北", "四川", "北京"}

// hireCompany hires everyone (qualification, hire, documents, training,
// start) and drafts, approves, decomposes and activates each sales unit's
// plan for the first two years.
func (g *histGen) hireCompany(units, teams, repsPerTeam int) {
	o := &histOrg{staff: map[string]*agg[employee.Employee]{}, unitOfRep: map[string]*salesUnit{},
		empRegulation: employee.DefaultRegulation(), empRegulationVersion: "employee/default", planRegulationVer: "salesplan/default"}
	g.org = o
	o.hr = person{"emp-hr-1", domain.RoleHR, "HQ-HR"}
	g.hire(o.hr, o.hr)
	hq := func(id string, role domain.Role, unit string) person {
		p := person{id, role, unit}
		g.hire(p, o.hr)
		return p
	}
	o.gm, o.gmo, o.smgmt = hq("emp-gm", domain.RoleGM, "HQ"), hq("emp-gmo-1", domain.RoleGMOffice, "HQ-GMO"), hq("emp-smgmt-1", domain.RoleSalesMgmt, "HQ-SALES")
	for i := range 3 {
		o.legal = append(o.legal, hq(fmt.Sprintf("emp-legal-%d", i+1), domain.RoleLegal, "HQ-LEGAL"))
		o.qa = append(o.qa, hq(fmt.Sprintf("emp-qa-%d", i+1), domain.RoleQuality, "HQ-QA"))
		o.wh = append(o.wh, hq(fmt.Sprintf("emp-wh-%d", i+1), domain.RoleWarehouse, "HQ-LOG"))
		o.drv = append(o.drv, hq(fmt.Sprintf("emp-drv-%d", i+1), domain.RoleDelivery, "HQ-LOG"))
		o.cs = append(o.cs, hq(fmt.Sprintf("emp-cs-%d", i+1), domain.RoleCustomerService, "HQ-CS"))
	}
	for u := range units {
		unit := fmt.Sprintf("SALES-%02d", u+1)
		su := &salesUnit{id: unit, region: regions[u%len(regions)]}
		su.head = hq(fmt.Sprintf("emp-%s-head", unit), domain.RoleDeptHead, unit)
		su.fin = hq(fmt.Sprintf("emp-%s-fin", unit), domain.RoleFinance, unit)
		for t := range teams {
			sup := hq(fmt.Sprintf("emp-%s-sup-%d", unit, t+1), domain.RoleTeamSupervisor, unit)
			su.supervisors = append(su.supervisors, sup)
			var team []person
			for r := range repsPerTeam {
				rep := hq(fmt.Sprintf("emp-%s-rep-%d-%02d", unit, t+1, r+1), domain.RoleSalesRep, unit)
				team = append(team, rep)
				o.unitOfRep[rep.id] = su
			}
			su.teams = append(su.teams, team)
			su.reps = append(su.reps, team...)
		}
		o.units = append(o.units, su)
	}
	for _, su := range o.units {
		for y := range 2 {
			g.salesPlan(su, g.now.Year()+y)
		}
	}
}

// hire takes p from candidate to working employee.
func (g *histGen) hire(p, hr person) {
	e := newAgg(employee.Stream(p.id), employee.Employee.Evolve)
	g.org.staff[p.id] = e
	o := g.org
	act(g, e, hr, "", "qualification", func(s employee.Employee) ([]domain.Event, error) {
		return s.RecordQualificationCheck(p.id, "候选人 "+p.id, true, "学历与工作经历核实无误", hr.id, g.now)
	})
	act(g, e, hr, o.empRegulationVersion, "hire", func(s employee.Employee) ([]domain.Event, error) {
		return s.Hire(employee.Hiring{Name: "员工 " + p.id, Role: p.role, OrgUnitID: p.unit}, hr.id, o.empRegulation, o.empRegulationVersion, g.now)
	})
	act(g, e, hr, "", "documents", func(s employee.Employee) ([]domain.Event, error) {
		return s.FileDocuments([]string{"身份证", "学历证书", "简历"}, hr.id, g.now)
	})
	act(g, e, hr, "", "training", func(s employee.Employee) ([]domain.Event, error) {
		return s.RecordPreJobTraining(true, "岗前培训 "+p.unit, hr.id, g.now)
	})
	act(g, e, hr, "", "start-work", func(s employee.Employee) ([]domain.Event, error) { return s.StartWork(g.now) })
}

// salesPlan runs su's plan for year from draft to active, with quarterly,
// monthly, team and per-rep targets.
func (g *histGen) salesPlan(su *salesUnit, year int) {
	o := g.org
	sp := newAgg(salesplan.Stream(fmt.Sprintf("plan-%d-%s", year, su.id)), salesplan.SalesPlan.Evolve)
	perRep := int64(200_000 + 1000*g.rng.IntN(200))
	d := salesplan.Details{Year: year, OrgUnitID: su.id, Region: su.region, Target: domain.Yuan(perRep * int64(len(su.reps)) * 12),
		Strategy: "深耕重点行业客户，提高复购率", CustomerGroups: []string{"装备制造", "化工环保", "电子制造"}}
	id := fmt.Sprintf("plan-%d-%s", year, su.id)
	act(g, sp, o.smgmt, "", "plan-draft", func(s salesplan.SalesPlan) ([]domain.Event, error) { return s.Draft(id, d, o.smgmt.id, g.now) })
	act(g, sp, su.head, "", "plan-review", func(s salesplan.SalesPlan) ([]domain.Event, error) {
		return s.Review(su.head.id, su.head.role, true, "目标与区域市场容量匹配", g.now)
	})
	lead := person{o.gm.id, domain.RoleLeadership, o.gm.unit}
	act(g, sp, lead, "", "plan-approve", func(s salesplan.SalesPlan) ([]domain.Event, error) {
		return s.Approve(lead.id, lead.role, "同意", g.now)
	})
	reg := salesplan.DefaultRegulation()
	act(g, sp, su.head, o.planRegulationVer, "plan-decompose", func(s salesplan.SalesPlan) ([]domain.Event, error) {
		return s.Decompose(su.allocations(year, perRep), su.head.id, reg, g.now)
	})
	act(g, sp, su.head, o.planRegulationVer, "plan-activate", func(s salesplan.SalesPlan) ([]domain.Event, error) {
		return s.Activate(su.head.id, reg, g.now)
	})
}

// allocations splits a yearly target (perRep yuan per rep and month) into
// quarters, months, teams and reps; every level sums to its parent.
func (su *salesUnit) allocations(year int, perRep int64) []salesplan.Allocation {
	var out []salesplan.Allocation
	monthly := perRep * int64(len(su.reps))
	for q := range 4 {
		out = append(out, salesplan.Allocation{Period: salesplan.QuarterPeriod(year, q+1), Level: salesplan.LevelOrgUnit, Amount: domain.Yuan(3 * monthly)})
	}
	for m := range 12 {
		period := salesplan.MonthPeriod(year, m+1)
		out = append(out, salesplan.Allocation{Period: period, Level: salesplan.LevelOrgUnit, Amount: domain.Yuan(monthly)})
		for t, reps := range su.teams {
			tid := fmt.Sprintf("team-%s-%d", su.id, t+1)
			out = append(out, salesplan.Allocation{Period: period, Level: salesplan.LevelTeam, AssigneeID: tid, Amount: domain.Yuan(perRep * int64(len(reps)))})
			for _, rep := range reps {
				out = append(out, salesplan.Allocation{Period: period, Level: salesplan.LevelPerson, AssigneeID: rep.id, TeamID: tid,
					Amount: domain.Yuan(perRep), Indicators: []string{"每周拜访客户不少于 5 家"}})
			}
		}
	}
	return out
}

// workday is an employee's routine day: check-ins, and a daily report.
func (g *histGen) workday(p person) {
	e := g.org.staff[p.id]
	for _, slot := range g.org.empRegulation.CheckInSlots {
		if g.chance(0.8) {
			act(g, e, p, "", "check-in", func(s employee.Employee) ([]domain.Event, error) { return s.CheckIn(slot, g.org.empRegulation, g.now) })
		}
	}
	if g.chance(0.5) {
		day := g.now.Truncate(24 * time.Hour)
		act(g, e, p, "", "work-report", func(s employee.Employee) ([]domain.Event, error) {
			return s.SubmitWorkReport(employee.WorkReport{ReportID: g.id("rpt"), Period: employee.ReportDaily, PeriodStart: day,
				Content: "拜访客户、整理报价、跟进回款", NextPlan: "明日继续跟进报价"}, g.org.empRegulation, g.now)
		})
	}
}

// outing registers p's outing to visit customerID and returns its id.
func (g *histGen) outing(p person, customerID, address string) string {
	id := g.id("outing")
	act(g, g.org.staff[p.id], p, "", "outing", func(s employee.Employee) ([]domain.Event, error) {
		return s.RegisterOuting(employee.Outing{OutingID: id, Destination: address, Purpose: "拜访客户",
			CustomerIDs: []string{customerID}, ExpectedBackAt: g.now.Add(4 * time.Hour)}, g.now)
	})
	return id
}
