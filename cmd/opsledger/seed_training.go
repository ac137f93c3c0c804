package main

import (
	"fmt"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/training"
)

// demoTrainingSession is one of the east sales department's monthly
// trainings: when it started and how long it actually ran.
type demoTrainingSession struct {
	ID      string
	Title   string
	Kind    training.Kind
	Mode    training.Mode
	Starts  time.Time
	Minutes int
}

// demoTrainingAttendees are the east reps at work by the spring (emp-rep-08
// joins in May).
var demoTrainingAttendees = []string{"emp-rep-01", "emp-rep-02", "emp-rep-03", "emp-rep-04", "emp-rep-05", "emp-rep-06", "emp-rep-07"}

// demoTrainingSessions: January to June, except April, when none was held,
// and March, whose session ran 50 minutes and does not count (§5.19):
// the department misses both months.
var demoTrainingSessions = []demoTrainingSession{
	{"train-east-2026-01", "公司制度与报价流程", training.KindGeneral, training.ModeInternal, time.Date(2026, 1, 20, 14, 0, 0, 0, cst), 90},
	{"train-east-2026-02", "泵阀产品技术参数", training.KindProfessional, training.ModeInternal, time.Date(2026, 2, 24, 14, 0, 0, 0, cst), 60},
	{"train-east-2026-03", "客户档案管理", training.KindProfessional, training.ModeOnline, time.Date(2026, 3, 24, 14, 0, 0, 0, cst), 50},
	{"train-east-2026-05", "按毛利报价与成本核算", training.KindProfessional, training.ModeInternal, time.Date(2026, 5, 26, 14, 0, 0, 0, cst), 120},
	{"train-east-2026-06", "团队管理与沟通技巧", training.KindManagerial, training.ModeExternal, time.Date(2026, 6, 23, 14, 0, 0, 0, cst), 75},
}

// training runs the east sales department's 2026 training: the annual plan
// drafted and reviewed by its head and approved by the GM for leadership,
// the sessions held, the May exam, a June reflection, and a certificate
// with its reward.
func (s *seeder) training() {
	const plan, head = "train-plan-2026-east", "emp-east-head"
	step(s, "training:plan:draft", head, day(2026, 1, 5), s.h.Training.DraftTrainingPlan, commands.DraftTrainingPlan{PlanID: plan,
		Details: training.PlanDetails{Year: 2026, OrgUnitID: "EAST-SALES", Goals: "业务员全员掌握产品技术与按毛利报价流程",
			Content: "公司制度、产品技术、客户档案、报价与成本核算、团队管理", Kinds: training.Kinds,
			Modes: []training.Mode{training.ModeInternal, training.ModeOnline, training.ModeExternal}, Schedule: "每月第四个星期二下午，每次不少于1小时"}})
	step(s, "training:plan:review", head, day(2026, 1, 7), s.h.Training.ReviewTrainingPlan, commands.ReviewTrainingPlan{PlanID: plan, Passed: true,
		Comment: "内容覆盖业务技术，同意报公司领导审批"})
	step(s, "training:plan:approve", "emp-gm", day(2026, 1, 9), s.h.Training.ApproveTrainingPlan, commands.ApproveTrainingPlan{PlanID: plan, Comment: "同意"})
	s.count("training plans", 1)
	for _, t := range demoTrainingSessions {
		k := "training:" + t.ID + ":"
		step(s, k+"schedule", head, t.Starts.AddDate(0, 0, -7), s.h.Training.ScheduleTrainingSession, commands.ScheduleTrainingSession{SessionID: t.ID,
			Details: training.SessionDetails{PlanID: plan, OrgUnitID: "EAST-SALES", Title: t.Title, Kind: t.Kind, Mode: t.Mode,
				Trainer: head, StartsAt: t.Starts, DurationMinutes: max(t.Minutes, training.MinSessionMinutes)}})
		attendees := demoTrainingAttendees
		if t.Starts.Month() >= time.May {
			attendees = append(attendees[:len(attendees):len(attendees)], "emp-rep-08")
		}
		step(s, k+"held", head, t.Starts.Add(3*time.Hour), s.h.Training.RecordTrainingSessionHeld, commands.RecordTrainingSessionHeld{
			SessionID: t.ID, HeldAt: t.Starts, DurationMinutes: t.Minutes, Attendees: attendees})
		s.count("training sessions", 1)
	}
	s.trainingEvaluations(head)
}

// trainingEvaluations: the May session ends with an exam (emp-rep-08, new,
// scores 55 and fails), the June one with written reflections; emp-rep-01
// earns a certificate and a 200.00 reward from HR.
func (s *seeder) trainingEvaluations(head string) {
	may, june := demoTrainingSessions[3], demoTrainingSessions[4]
	for _, exam := range []struct {
		rep   string
		score int
	}{{"emp-rep-01", 92}, {"emp-rep-05", 78}, {"emp-rep-08", 55}} {
		step(s, "training:"+may.ID+":exam:"+exam.rep, head, may.Starts.AddDate(0, 0, 1), s.h.Training.EvaluateTraining, commands.EvaluateTraining{
			SessionID: may.ID, Evaluation: training.Evaluation{EmployeeID: exam.rep, Method: training.MethodExam, Score: &exam.score}})
	}
	for _, rep := range []string{"emp-rep-02", "emp-rep-03"} {
		step(s, "training:"+june.ID+":reflection:"+rep, head, june.Starts.AddDate(0, 0, 3), s.h.Training.EvaluateTraining, commands.EvaluateTraining{
			SessionID: june.ID, Evaluation: training.Evaluation{EmployeeID: rep, Method: training.MethodReflection, Passed: true,
				Reflection: "学会在周会上用数据说明问题，与客服沟通更顺畅"}})
	}
	reward := domain.Yuan(200)
	step(s, "training:"+may.ID+":certificate:emp-rep-01", "emp-hr-1", may.Starts.AddDate(0, 0, 5), s.h.Training.AwardTrainingCertificate,
		commands.AwardTrainingCertificate{SessionID: may.ID, Certificate: training.Certificate{EmployeeID: "emp-rep-01",
			CertificateID: fmt.Sprintf("CERT-%s-001", may.ID), Name: "按毛利报价与成本核算 结业证书", Reward: &reward}})
	s.count("training certificates", 1)
}
