package main

import (
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
)

// salesTeam is a team of a plan and the reps it splits its target among.
type salesTeam struct {
	ID   string
	Reps []string
}

// demoPlan is an annual sales plan: monthly targets of the org unit in
// units of 10,000 yuan (万元), split evenly among its teams and their reps.
type demoPlan struct {
	ID, Unit, Region, Strategy string
	Groups                     []string
	Months                     [12]int64
	Teams                      []salesTeam
	Drafter, Head              string
	Start                      time.Time
	// Activate takes the plan through approval, decomposition and
	// activation; otherwise it stops after the department head's review.
	Activate bool
}

var demoPlans = []demoPlan{
	{
		ID: "plan-2026-east", Unit: "EAST-SALES", Region: "华东（上海、江苏、浙江、安徽）",
		Strategy: "深耕装备制造与化工重点客户，提高老客户复购率，新开拓医疗器械行业",
		Groups:   []string{"装备制造", "化工环保", "医疗器械", "纺织印染"},
		Months:   [12]int64{120, 150, 210, 180, 200, 220, 200, 210, 250, 230, 220, 210},
		Teams: []salesTeam{
			{"team-east-1", []string{"emp-rep-01", "emp-rep-02", "emp-rep-03", "emp-rep-04"}},
			{"team-east-2", []string{"emp-rep-05", "emp-rep-06", "emp-rep-07", "emp-rep-08"}},
		},
		Drafter: "emp-smgmt-1", Head: "emp-east-head", Start: day(2026, 1, 5), Activate: true,
	},
	{
		ID: "plan-2026-south", Unit: "SOUTH-SALES", Region: "华南（广东、广西、福建）",
		Strategy: "以珠三角电子、家电制造客户为主，建立区域服务网点",
		Groups:   []string{"电子制造", "家电", "塑胶制品"},
		Months:   [12]int64{40, 40, 60, 60, 80, 80, 80, 80, 100, 100, 100, 80},
		Teams:    []salesTeam{{"team-south-1", []string{"emp-rep-11", "emp-rep-12", "emp-rep-13", "emp-rep-14"}}},
		Drafter:  "emp-smgmt-1", Head: "emp-south-head", Start: day(2026, 1, 6),
	},
}

// salesPlan drafts, reviews, approves, decomposes and activates the
// demo's annual plans (the south plan still awaits leadership).
func (s *seeder) salesPlan() {
	for _, p := range demoPlans {
		k := "plan:" + p.ID + ":"
		var year int64
		for _, m := range p.Months {
			year += m
		}
		details := salesplan.Details{Year: 2026, OrgUnitID: p.Unit, Region: p.Region,
			Target: domain.Yuan(year * 10_000), Strategy: p.Strategy, CustomerGroups: p.Groups}
		step(s, k+"draft", p.Drafter, p.Start, s.h.SalesPlans.DraftSalesPlan, commands.DraftSalesPlan{PlanID: p.ID, Details: details})
		step(s, k+"review", p.Head, p.Start.AddDate(0, 0, 3), s.h.SalesPlans.ReviewSalesPlan, commands.ReviewSalesPlan{
			PlanID: p.ID, Passed: true, Comment: "目标与区域市场容量匹配，同意报公司领导审批"})
		s.count("sales plans", 1)
		if !p.Activate {
			continue
		}
		targets := p.allocations()
		step(s, k+"approve", "emp-gm", p.Start.AddDate(0, 0, 7), s.h.SalesPlans.ApproveSalesPlan, commands.ApproveSalesPlan{
			PlanID: p.ID, Comment: "同意，按季度评估调整"})
		step(s, k+"decompose", p.Head, p.Start.AddDate(0, 0, 9), s.h.SalesPlans.DecomposeSalesPlan, commands.DecomposeSalesPlan{
			PlanID: p.ID, Targets: targets})
		step(s, k+"activate", p.Head, p.Start.AddDate(0, 0, 10), s.h.SalesPlans.ActivateSalesPlan, commands.ActivateSalesPlan{PlanID: p.ID})
		s.count("sales targets", len(targets))
	}
}

// allocations decomposes the plan: the org unit's quarters and months,
// each month split evenly among the teams and each team's among its reps.
func (p demoPlan) allocations() []salesplan.Allocation {
	var out []salesplan.Allocation
	for q := 0; q < 4; q++ {
		sum := p.Months[3*q] + p.Months[3*q+1] + p.Months[3*q+2]
		out = append(out, salesplan.Allocation{Period: salesplan.QuarterPeriod(2026, q+1), Level: salesplan.LevelOrgUnit,
			Amount: domain.Yuan(sum * 10_000)})
	}
	for i, m := range p.Months {
		period := salesplan.MonthPeriod(2026, i+1)
		unit := m * 10_000
		out = append(out, salesplan.Allocation{Period: period, Level: salesplan.LevelOrgUnit, Amount: domain.Yuan(unit)})
		team := unit / int64(len(p.Teams))
		for _, t := range p.Teams {
			out = append(out, salesplan.Allocation{Period: period, Level: salesplan.LevelTeam, AssigneeID: t.ID, Amount: domain.Yuan(team)})
			for _, rep := range t.Reps {
				out = append(out, salesplan.Allocation{Period: period, Level: salesplan.LevelPerson, AssigneeID: rep, TeamID: t.ID,
					Amount: domain.Yuan(team / int64(len(t.Reps))), Indicators: []string{"每周拜访客户不少于 5 家", "回款率不低于 90%"}})
			}
		}
	}
	return out
}
