package main

import (
	"github.com/opsledger/opsledger/commands"
	sv "github.com/opsledger/opsledger/domain/supervision"
)

// The process-supervision story (§3.15): the supervision team spot-checks
// the east sales department's daily reports and has them rectified on
// time; a check of the south department's customer files leads to a
// notice that is acknowledged but never rectified, so it shows overdue
// from 1 October 2026; the year's process evaluation is held in November;
// the east assistant's Q1 report is returned once before it is accepted,
// the Q2 report accepted at once, and Q3 has none yet (missing).
const (
	demoSupervisor = "emp-audit-2"
	demoAssistant  = "emp-east-asst-1"
	demoTeamLead   = "emp-east-ts-1"
)

// supervision runs the process-supervision story: 18 commands.
func (s *seeder) supervision() {
	s.rectifiedOnTime()
	s.leftOverdue()
	step(s, "supervision:evaluation-2026", demoSupervisor, day(2026, 11, 20), s.h.Supervision.RecordProcessEvaluation, commands.RecordProcessEvaluation{
		EvaluationID: "pe-2026", Year: 2026, HeldOn: day(2026, 11, 20), Scope: "业务部全部流程：报价、合同、订单、回款、客户档案、投诉",
		Findings: "报价审批流转偏慢；客户档案月度更新执行不一致", Recommendations: "30% 以下毛利报价增加总经办并行审批；客户档案纳入月度抽查"})
	s.quarterlyReports()
}

// rectifiedOnTime: a spot check, its notice, rectified and verified
// before the deadline.
func (s *seeder) rectifiedOnTime() {
	step(s, "supervision:check-east", demoSupervisor, day(2026, 3, 10), s.h.Supervision.RecordSpotCheck, commands.RecordSpotCheck{
		SpotCheckID: "sc-2026-001", DepartmentID: "EAST-SALES", Process: "业务员日报表", CheckedOn: day(2026, 3, 10),
		Findings: []sv.Finding{
			{Aspect: sv.AspectTimeliness, Description: "抽查 3 月第一周日报：12 份中 4 份次日补交"},
			{Aspect: sv.AspectAccuracy, Description: "拜访记录与客户档案一致", Conforming: true},
		}})
	step(s, "supervision:notice-east", demoSupervisor, day(2026, 3, 10), s.h.Supervision.IssueRectificationNotice, commands.IssueRectificationNotice{
		NoticeID: "rn-2026-001", SpotCheckID: "sc-2026-001", DepartmentID: "EAST-SALES", AssigneeID: "emp-east-head",
		Requirement: "日报须在每个工作日下班前提交，部门每日核对", Deadline: day(2026, 3, 24)})
	step(s, "supervision:ack-east", "emp-east-head", day(2026, 3, 11), s.h.Supervision.AcknowledgeRectificationNotice,
		commands.AcknowledgeRectificationNotice{NoticeID: "rn-2026-001"})
	step(s, "supervision:rectify-east", "emp-east-head", day(2026, 3, 20), s.h.Supervision.ReportRectification, commands.ReportRectification{
		NoticeID: "rn-2026-001", Note: "主管每日 17:30 核对日报，两周内无迟交"})
	step(s, "supervision:verify-east", demoSupervisor, day(2026, 3, 23), s.h.Supervision.VerifyRectification, commands.VerifyRectification{
		NoticeID: "rn-2026-001", Passed: true, Comment: "复查 3 月第三周日报，全部按时"})
	s.count("rectification notices", 1)
}

// leftOverdue: a notice acknowledged and never rectified.
func (s *seeder) leftOverdue() {
	step(s, "supervision:check-south", demoSupervisor, day(2026, 9, 15), s.h.Supervision.RecordSpotCheck, commands.RecordSpotCheck{
		SpotCheckID: "sc-2026-002", DepartmentID: "SOUTH-SALES", Process: "客户档案月度更新", CheckedOn: day(2026, 9, 15),
		Findings: []sv.Finding{{Aspect: sv.AspectCompliance, Description: "8 份客户档案超过两个月未更新"}}})
	step(s, "supervision:notice-south", demoSupervisor, day(2026, 9, 15), s.h.Supervision.IssueRectificationNotice, commands.IssueRectificationNotice{
		NoticeID: "rn-2026-002", SpotCheckID: "sc-2026-002", DepartmentID: "SOUTH-SALES", AssigneeID: "emp-south-head",
		Requirement: "9 月底前更新全部逾期客户档案", Deadline: day(2026, 9, 30)})
	step(s, "supervision:ack-south", "emp-south-head", day(2026, 9, 16), s.h.Supervision.AcknowledgeRectificationNotice,
		commands.AcknowledgeRectificationNotice{NoticeID: "rn-2026-002"})
	s.count("rectification notices", 1)
}

// quarterlyReports: the east assistant's Q1 (returned once) and Q2
// reports to the team supervisor.
func (s *seeder) quarterlyReports() {
	k := "supervision:report-2026-Q1:"
	step(s, k+"draft", demoAssistant, day(2026, 4, 3), s.h.Supervision.DraftAnalysisReport, commands.DraftAnalysisReport{
		Quarter: "2026-Q1", Content: "一季度签单 480 万元，完成季度目标 100%；装备制造占比 62%"})
	step(s, k+"submit", demoAssistant, day(2026, 4, 3), s.h.Supervision.SubmitAnalysisReport, commands.SubmitAnalysisReport{Quarter: "2026-Q1"})
	step(s, k+"return", demoTeamLead, day(2026, 4, 7), s.h.Supervision.ReviewAnalysisReport, commands.ReviewAnalysisReport{
		Quarter: "2026-Q1", Comment: "补充与去年同期的对比分析"})
	step(s, k+"revise", demoAssistant, day(2026, 4, 8), s.h.Supervision.ReviseAnalysisReport, commands.ReviseAnalysisReport{
		Quarter: "2026-Q1", Content: "一季度签单 480 万元，完成季度目标 100%，同比增长 18%；装备制造占比 62%"})
	step(s, k+"resubmit", demoAssistant, day(2026, 4, 8), s.h.Supervision.SubmitAnalysisReport, commands.SubmitAnalysisReport{Quarter: "2026-Q1"})
	step(s, k+"accept", demoTeamLead, day(2026, 4, 9), s.h.Supervision.ReviewAnalysisReport, commands.ReviewAnalysisReport{
		Quarter: "2026-Q1", Accepted: true})
	k = "supervision:report-2026-Q2:"
	step(s, k+"draft", demoAssistant, day(2026, 7, 3), s.h.Supervision.DraftAnalysisReport, commands.DraftAnalysisReport{
		Quarter: "2026-Q2", Content: "二季度签单 600 万元，完成季度目标 100%；回款率 92%"})
	step(s, k+"submit", demoAssistant, day(2026, 7, 3), s.h.Supervision.SubmitAnalysisReport, commands.SubmitAnalysisReport{Quarter: "2026-Q2"})
	step(s, k+"accept", demoTeamLead, day(2026, 7, 6), s.h.Supervision.ReviewAnalysisReport, commands.ReviewAnalysisReport{
		Quarter: "2026-Q2", Accepted: true})
}
