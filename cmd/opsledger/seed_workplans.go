package main

import (
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/workplan"
)

// The demo's work plans and reports (§3.2), in the first days of
// September 2026 in EAST-SALES: three reps plan the month, one plan is
// returned and resubmitted; a weekly plan; August's weekly and
// monthly reports; 1 September's daily reports with their visits, one
// rejected as sloppy (E12) and fined; the rest of the unit files nothing, so the
// head sees who has not.

const demoPlanHead = "emp-east-head"

var (
	demoSeptember = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	demoWeek      = time.Date(2026, 8, 31, 0, 0, 0, 0, time.UTC) // a Monday
)

// demoMonthPlans are the reps' September plans.
var demoMonthPlans = []struct {
	rep, content string
}{
	{"emp-rep-01", "拜访化工环保客户 12 家，完成 3 份书面报价，跟进宁波两份合同回款"},
	{"emp-rep-02", "新开拓医疗器械客户 5 家，老客户回访 8 家"},
	{"emp-rep-03", "多拜访客户，争取签单"},
}

// workPlansAndReports runs the steps in the order of their days.
func (s *seeder) workPlansAndReports() {
	s.periodReports()
	s.weekPlan()
	s.monthPlans()
	s.dailyReports()
}

// monthPlans: each rep submits September's plan on its first morning;
// the head returns the vague one and approves the others, and the
// returned plan, reworked, is approved before the day ends.
func (s *seeder) monthPlans() {
	at := func(hour, minute int) time.Time { return time.Date(2026, 9, 1, hour, minute, 0, 0, cst) }
	plan := func(rep, content string) commands.SubmitWorkPlan {
		return commands.SubmitWorkPlan{EmployeeID: rep, Period: workplan.PeriodMonthly, PeriodStart: demoSeptember, Content: content}
	}
	id := func(rep string) string { return workplan.PlanID(rep, workplan.PeriodMonthly, demoSeptember) }
	key := func(rep, what string) string { return "plan:" + rep + ":2026-09:" + what }
	for i, p := range demoMonthPlans {
		step(s, key(p.rep, "submit"), p.rep, at(9, 10*i), s.h.WorkPlans.SubmitWorkPlan, plan(p.rep, p.content))
	}
	because(s, demoReturnReason, key("emp-rep-03", "return"), demoPlanHead, at(11, 0), s.h.WorkPlans.ReturnWorkPlan,
		commands.ReturnWorkPlan{PlanID: id("emp-rep-03"), Reason: demoReturnReason})
	for i, rep := range []string{"emp-rep-01", "emp-rep-02"} {
		step(s, key(rep, "approve"), demoPlanHead, at(11, 10+10*i), s.h.WorkPlans.ApproveWorkPlan, commands.ApproveWorkPlan{PlanID: id(rep), Comment: "同意"})
	}
	step(s, key("emp-rep-03", "resubmit"), "emp-rep-03", at(16, 0), s.h.WorkPlans.SubmitWorkPlan,
		plan("emp-rep-03", "拜访杭州、绍兴纺织印染客户 10 家（名单附后），完成 2 份书面报价"))
	step(s, key("emp-rep-03", "approve"), demoPlanHead, at(17, 0), s.h.WorkPlans.ApproveWorkPlan, commands.ApproveWorkPlan{PlanID: id("emp-rep-03"), Comment: "同意"})
}

const demoReturnReason = "计划过于笼统，请列出拜访客户名单和报价目标"

// weekPlan: a rep's plan of the week of 31 August, approved.
func (s *seeder) weekPlan() {
	at := time.Date(2026, 8, 31, 8, 45, 0, 0, cst)
	step(s, "plan:emp-rep-01:2026-W36:submit", "emp-rep-01", at, s.h.WorkPlans.SubmitWorkPlan, commands.SubmitWorkPlan{
		EmployeeID: "emp-rep-01", Period: workplan.PeriodWeekly, PeriodStart: demoWeek, Content: "周一至周三拜访宁波客户，周四整理报价，周五内部例会"})
	step(s, "plan:emp-rep-01:2026-W36:approve", demoPlanHead, at.Add(2*time.Hour), s.h.WorkPlans.ApproveWorkPlan, commands.ApproveWorkPlan{
		PlanID: workplan.PlanID("emp-rep-01", workplan.PeriodWeekly, demoWeek)})
}

// periodReports: August's last weekly report and the monthly report.
func (s *seeder) periodReports() {
	week := time.Date(2026, 8, 24, 0, 0, 0, 0, time.UTC)
	step(s, "report:emp-rep-01:2026-W35", "emp-rep-01", time.Date(2026, 8, 28, 18, 0, 0, 0, cst), s.h.Employees.SubmitWorkReport, commands.SubmitWorkReport{
		EmployeeID: "emp-rep-01", Report: employee.WorkReport{ReportID: "wr-rep-01-2026-w35", Period: employee.ReportWeekly, PeriodStart: week,
			Content: "本周拜访客户 6 家，完成报价 2 份；宁波项目进入合同评审", NextPlan: "下周跟进合同审批，拜访化工客户 4 家"}})
	august := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	step(s, "report:emp-rep-01:2026-08", "emp-rep-01", time.Date(2026, 8, 31, 17, 30, 0, 0, cst), s.h.Employees.SubmitWorkReport, commands.SubmitWorkReport{
		EmployeeID: "emp-rep-01", Report: employee.WorkReport{ReportID: "mr-rep-01-2026-08", Period: employee.ReportMonthly, PeriodStart: august,
			Content: "本月工作概述：拜访 22 家，签单 1 份；工作进度：回款完成 85%；总结：化工客户需求稳定", NextPlan: "九月重点开拓医疗器械行业"}})
}

// dailyReports: three reps file 1 September's daily report before the
// day ends; the head rejects the sloppy one the next morning (fined).
func (s *seeder) dailyReports() {
	visit := func(customer, name, title, dept, phone string, minutes int, outcome string) employee.ReportVisit {
		return employee.ReportVisit{Customer: customer, ContactName: name, ContactTitle: title, ContactDepartment: dept, Phone: phone, Minutes: minutes, Outcome: outcome}
	}
	reports := []struct {
		rep, content, next string
		visits             []employee.ReportVisit
	}{
		{"emp-rep-01", "上午拜访宁波化工设备公司，下午整理报价", "发送书面报价，电话回访两家老客户",
			[]employee.ReportVisit{visit("宁波化工设备有限公司", "陈刚", "采购经理", "采购部", "0574-87650001", 120, "确认需求，准备书面报价")}},
		{"emp-rep-02", "拜访两家医疗器械客户", "跟进样品测试",
			[]employee.ReportVisit{visit("苏州康瑞医疗器械", "林芳", "技术总监", "研发部", "0512-66880002", 90, "送样测试"),
				visit("无锡华康医疗", "赵伟", "采购主管", "采购部", "0510-81230003", 60, "初次拜访，留下资料")}},
		{"emp-rep-03", "跑客户", "继续跑", nil},
	}
	at := time.Date(2026, 9, 1, 18, 0, 0, 0, cst)
	for i, r := range reports {
		id := "dr-" + r.rep[4:] + "-2026-09-01"
		step(s, "report:"+r.rep+":2026-09-01", r.rep, at.Add(time.Duration(i)*7*time.Minute), s.h.Employees.SubmitWorkReport, commands.SubmitWorkReport{
			EmployeeID: r.rep, Report: employee.WorkReport{ReportID: id, Period: employee.ReportDaily, PeriodStart: demoSeptember,
				Content: r.content, NextPlan: r.next, Visits: r.visits}})
	}
	because(s, "日报内容不详细，未写明拜访客户与联系人", "report:emp-rep-03:2026-09-01:reject", demoPlanHead, time.Date(2026, 9, 2, 9, 0, 0, 0, cst),
		s.h.Employees.RejectWorkReport, commands.RejectWorkReport{EmployeeID: "emp-rep-03", ReportID: "dr-rep-03-2026-09-01",
			Reason: "日报内容不详细，未写明拜访客户与联系人"})
}
