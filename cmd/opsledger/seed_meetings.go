package main

import (
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/research"
)

// meetingFlow is how far a demo meeting gets.
type meetingFlow int

const (
	meetingScheduled   meetingFlow = iota // called and booked, not yet held
	meetingOpenMinutes                    // held, minutes not written
	meetingMinuted                        // held, minutes written; important ones await a signature
	meetingClosed                         // held, minutes written (and countersigned), closed
)

// demoMeeting is a meeting of the east sales department.
type demoMeeting struct {
	ID      string
	Kind    meeting.Kind
	Title   string
	Start   time.Time
	Minutes int // how long it ran
	Flow    meetingFlow
	// Important meetings are countersigned by the head and the branch
	// manager; Signed lists who did.
	Important bool
	Signed    []string
	// Excused is a rep granted leave; Absent a rep who did not come.
	Excused, Absent string
}

// eastReps attend the east department's meetings.
var eastReps = []string{"emp-rep-01", "emp-rep-02", "emp-rep-03", "emp-rep-04", "emp-rep-05", "emp-rep-06", "emp-rep-07", "emp-rep-08"}

// at1730 is 17:30 company time of the day.
func at1730(year int, month time.Month, d int) time.Time {
	return time.Date(year, month, d, 17, 30, 0, 0, cst)
}

var demoMeetings = []demoMeeting{
	{"mtg-2026-0601-east", meeting.KindWeeklySales, "华东销售部周例会：5 月业绩回顾与 6 月计划", at1730(2026, 6, 1), 60, meetingClosed,
		true, []string{"emp-east-head", "emp-east-bm"}, "emp-rep-02", ""},
	{"mtg-2026-0608-east", meeting.KindWeeklySales, "华东销售部周例会：重点项目进展", at1730(2026, 6, 8), 50, meetingClosed,
		false, nil, "", "emp-rep-07"},
	{"mtg-2026-0615-east", meeting.KindWeeklySales, "华东销售部周例会：上半年回款专题", at1730(2026, 6, 15), 70, meetingMinuted,
		true, []string{"emp-east-head"}, "", ""},
	{"mtg-2026-0616-am", meeting.KindMorningStandup, "华东销售部早会", time.Date(2026, 6, 16, 8, 45, 0, 0, cst), 15, meetingOpenMinutes,
		false, nil, "", ""},
	{"mtg-2026-0616-pm", meeting.KindEveningStandup, "华东销售部晚会", at1730(2026, 6, 16), 35, meetingClosed,
		false, nil, "", ""},
	{"mtg-2026-0706-east", meeting.KindWeeklySales, "华东销售部周例会：7 月任务分解", at1730(2026, 7, 6), 60, meetingScheduled,
		false, nil, "", ""},
}

// meetings holds the east department's demo meetings, each as far as its
// flow: booked a few days ahead, a rep excused or absent, minutes, the
// countersignatures of important ones.
func (s *seeder) meetings() {
	const head, office = "emp-east-head", "emp-east-admin-head"
	for _, d := range demoMeetings {
		k := "meeting:" + d.ID + ":"
		plan := meeting.Plan{Kind: d.Kind, Title: d.Title, OrgUnitID: "EAST-SALES", ChairID: head, StartsAt: d.Start,
			DurationMinutes: d.Minutes, Important: d.Important, Attendees: eastReps}
		if plan.DurationMinutes > 30 && d.Kind == meeting.KindEveningStandup {
			plan.DurationMinutes = 30 // planned within the limit; it ran over
		}
		if d.Important {
			plan.Signatories = []string{head, "emp-east-bm"}
		}
		step(s, k+"schedule", head, d.Start.AddDate(0, 0, -4), s.h.Meetings.ScheduleMeeting, commands.ScheduleMeeting{MeetingID: d.ID, Plan: plan})
		s.count("meetings", 1)
		if d.Kind == meeting.KindWeeklySales {
			step(s, k+"room", office, d.Start.AddDate(0, 0, -3), s.h.Meetings.BookMeetingRoom, commands.BookMeetingRoom{MeetingID: d.ID, Room: "新街口办公室会议室"})
		}
		if d.Excused != "" {
			step(s, k+"excuse", "emp-dgm", d.Start.AddDate(0, 0, -1), s.h.Meetings.ExcuseMeetingAbsence, commands.ExcuseMeetingAbsence{
				MeetingID: d.ID, EmployeeID: d.Excused, Reason: "当天在苏州客户现场验收"})
		}
		if d.Flow == meetingScheduled {
			continue
		}
		s.holdMeeting(d, head)
	}
}

// holdMeeting records d held, then its minutes, signatures and closing as
// far as its flow.
func (s *seeder) holdMeeting(d demoMeeting, head string) {
	k := "meeting:" + d.ID + ":"
	end := d.Start.Add(time.Duration(d.Minutes) * time.Minute)
	var present []string
	for _, r := range eastReps {
		if r != d.Excused && r != d.Absent {
			present = append(present, r)
		}
	}
	step(s, k+"held", head, end.Add(30*time.Minute), s.h.Meetings.RecordMeetingHeld, commands.RecordMeetingHeld{MeetingID: d.ID,
		Attendance: meeting.Attendance{StartedAt: d.Start, EndedAt: end, Present: present}})
	if d.Flow == meetingOpenMinutes {
		return
	}
	step(s, k+"minutes", head, end.Add(time.Hour), s.h.Meetings.RecordMeetingMinutes, commands.RecordMeetingMinutes{MeetingID: d.ID,
		Content: "各业务员汇报上期工作进展与问题；部长布置下期工作计划与重点客户跟进", Actions: []string{"各业务员周五前更新客户档案", "逾期款项由业务员本周内电话催收"}})
	for i, signer := range d.Signed {
		step(s, k+"sign-"+signer, signer, end.Add(time.Duration(2+i)*time.Hour), s.h.Meetings.CountersignMeetingMinutes,
			commands.CountersignMeetingMinutes{MeetingID: d.ID})
	}
	if d.Flow == meetingClosed {
		step(s, k+"close", head, end.AddDate(0, 0, 1), s.h.Meetings.CloseMeeting, commands.CloseMeeting{MeetingID: d.ID})
	}
}

// researchFlow is how far a demo research project gets.
type researchFlow int

const (
	researchAwaitingReview   researchFlow = iota // proposed
	researchAwaitingApproval                     // returned once, reworked and passed by the manager
	researchReported                             // approved, carried out and reported
)

// demoResearch is a market-research project of the sales-management
// department's market researcher.
type demoResearch struct {
	ID, Title, Purpose, Scope string
	Methods                   []research.Method
	Proposed                  time.Time
	Flow                      researchFlow
}

var demoResearchProjects = []demoResearch{
	{"mr-2026-001", "华东地区数控机床需求调研", "摸清 2027 年华东装备制造客户的设备更新需求", "上海、江苏、浙江的重点装备制造客户",
		[]research.Method{research.MethodQuestionnaire, research.MethodFieldVisit, research.MethodIndustryReport}, day(2026, 6, 1), researchReported},
	{"mr-2026-002", "医疗器械行业客户画像", "为新开拓的医疗器械行业确定目标客户群", "长三角医疗器械生产企业",
		[]research.Method{research.MethodWeb, research.MethodInterview}, day(2026, 6, 15), researchAwaitingApproval},
	{"mr-2026-003", "竞争对手华南渠道调研", "了解主要竞争对手在珠三角的渠道与价格策略", "广东、福建",
		[]research.Method{research.MethodWeb, research.MethodIndustryReport}, day(2026, 7, 1), researchAwaitingReview},
}

// researchProjects proposes the demo's market-research projects and takes
// each as far as its flow.
func (s *seeder) researchProjects() {
	const researcher, head = "emp-research-1", "emp-smgmt-head"
	for _, d := range demoResearchProjects {
		k := "research:" + d.ID + ":"
		plan := research.Plan{Title: d.Title, OrgUnitID: "HQ-SALES", Purpose: d.Purpose, Scope: d.Scope, Methods: d.Methods,
			StartsOn: d.Proposed.AddDate(0, 0, 7), DueOn: d.Proposed.AddDate(0, 2, 0)}
		propose := commands.ProposeResearch{ProjectID: d.ID, Plan: plan}
		step(s, k+"propose", researcher, d.Proposed, s.h.ResearchProjects.ProposeResearch, propose)
		s.count("research projects", 1)
		switch d.Flow {
		case researchAwaitingApproval:
			step(s, k+"return", head, d.Proposed.AddDate(0, 0, 2), s.h.ResearchProjects.ReviewResearch, commands.ReviewResearch{
				ProjectID: d.ID, Comment: "调研范围过大，请先聚焦江苏、浙江两省"})
			propose.Plan.Scope = "江苏、浙江医疗器械生产企业"
			step(s, k+"rework", researcher, d.Proposed.AddDate(0, 0, 3), s.h.ResearchProjects.ProposeResearch, propose)
			step(s, k+"review", head, d.Proposed.AddDate(0, 0, 4), s.h.ResearchProjects.ReviewResearch, commands.ReviewResearch{ProjectID: d.ID, Passed: true})
		case researchReported:
			s.carryOutResearch(d, researcher, head)
		}
	}
}

// carryOutResearch has d reviewed, approved, carried out and reported.
func (s *seeder) carryOutResearch(d demoResearch, researcher, head string) {
	k := "research:" + d.ID + ":"
	step(s, k+"review", head, d.Proposed.AddDate(0, 0, 2), s.h.ResearchProjects.ReviewResearch, commands.ReviewResearch{ProjectID: d.ID, Passed: true})
	step(s, k+"approve", "emp-gm", d.Proposed.AddDate(0, 0, 4), s.h.ResearchProjects.ApproveResearch, commands.ApproveResearch{ProjectID: d.ID, Comment: "同意，7 月底前提交报告"})
	step(s, k+"start", researcher, d.Proposed.AddDate(0, 0, 7), s.h.ResearchProjects.StartResearch, commands.StartResearch{ProjectID: d.ID})
	step(s, k+"report", researcher, d.Proposed.AddDate(0, 1, 20), s.h.ResearchProjects.ReportResearch, commands.ReportResearch{ProjectID: d.ID,
		Report: research.Report{Introduction: "受业务部委托，调研华东装备制造客户 2027 年设备更新计划", Methodology: "问卷 120 份、走访 18 家客户、参考 3 份行业报告",
			Findings: "约 35% 的受访客户计划在 2027 年更新数控设备，江苏需求最旺", Conclusions: "建议华东区增加 2 名业务员专攻江苏装备制造客户",
			FeedbackUnitIDs: []string{"EAST-SALES", "HQ-SALES"}}})
}
