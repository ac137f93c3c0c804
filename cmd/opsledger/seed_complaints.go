package main

import (
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/complaint"
)

// complaintFlow is how far a demo complaint gets.
type complaintFlow int

const (
	complaintOpen      complaintFlow = iota // received, not yet routed
	complaintRouted                         // routed, the department working on it, customer kept informed
	complaintEscalated                      // routed, then escalated beyond the handler's authority
	complaintClosed                         // resolved and closed with the customer's satisfaction, root cause recorded
)

// demoComplaint is a customer complaint and the department it goes to.
type demoComplaint struct {
	ID, Customer      string
	Channel           complaint.Channel
	Content, Dept     string
	Flow              complaintFlow
	At                time.Time
	Resolution, Cause string
}

var demoComplaints = []demoComplaint{
	{"cmp-2026-0001", "cust-0001", complaint.ChannelPhone, "第 3 台加工中心主轴高速运转时有异响", "HQ-QA", complaintClosed, day(2026, 5, 6),
		"派工程师上门更换主轴轴承并重新动平衡，免费延长该台质保 6 个月", "主轴轴承批次质量问题；已要求供应商加强来料检验"},
	{"cmp-2026-0002", "cust-0002", complaint.ChannelEmail, "第一批磨床到货时包装破损，一台防护罩变形", "HQ-LOG", complaintRouted, day(2026, 4, 8), "", ""},
	{"cmp-2026-0003", "cust-0003", complaint.ChannelInPerson, "RTO 主体设备交付延期，影响工厂环保验收节点", "EAST-SALES", complaintEscalated, day(2026, 4, 28), "", ""},
	{"cmp-2026-0004", "cust-0017", complaint.ChannelPhone, "空压机发货后未及时告知预计到货时间", "HQ-LOG", complaintOpen, day(2026, 4, 20), "", ""},
	{"cmp-2026-0005", "cust-0004", complaint.ChannelLetter, "增值税专用发票抬头有误，无法认证抵扣", "HQ-FIN", complaintClosed, day(2026, 6, 3),
		"作废原发票并重新开具，快递寄送客户财务", "开票信息未按客户档案核对；开票前增加档案核对步骤"},
}

// complaintHandlers work on complaints routed to their department.
var complaintHandlers = map[string]string{
	"HQ-QA": "emp-qa-1", "HQ-LOG": "emp-log-head", "EAST-SALES": "emp-east-head", "HQ-FIN": "emp-fin-1",
}

// complaints receives the demo complaints at customer service and takes
// each as far as its flow.
func (s *seeder) complaints() {
	const cs = "emp-cs-1"
	for _, c := range demoComplaints {
		k := "complaint:" + c.ID + ":"
		cust := customerByID(c.Customer)
		step(s, k+"receive", cs, c.At, s.h.Complaints.ReceiveComplaint, commands.ReceiveComplaint{
			ComplaintID: c.ID, CustomerID: c.Customer, Channel: c.Channel, Content: c.Content, Contact: cust.Contact + " " + cust.Phone})
		s.count("complaints", 1)
		if c.Flow == complaintOpen {
			continue
		}
		handler := complaintHandlers[c.Dept]
		step(s, k+"route", cs, c.At.Add(30*time.Minute), s.h.Complaints.RouteComplaint, commands.RouteComplaint{ComplaintID: c.ID, DepartmentID: c.Dept})
		step(s, k+"progress", handler, c.At.Add(5*time.Hour), s.h.Complaints.RecordComplaintProgress, commands.RecordComplaintProgress{
			ComplaintID: c.ID, Note: "已联系客户核实情况，安排专人跟进"})
		step(s, k+"update", cs, c.At.Add(6*time.Hour), s.h.Complaints.SendComplaintUpdate, commands.SendComplaintUpdate{
			ComplaintID: c.ID, Message: "您的投诉已转相关部门处理，我们将在 2 个工作日内答复"})
		switch c.Flow {
		case complaintEscalated:
			step(s, k+"escalate", handler, c.At.AddDate(0, 0, 1), s.h.Complaints.EscalateComplaint, commands.EscalateComplaint{
				ComplaintID: c.ID, EscalateTo: "emp-gm", Reason: "涉及合同交付期变更与违约金，超出部门权限"})
		case complaintClosed:
			s.closeComplaint(c, handler, cs)
		}
	}
}

// closeComplaint proposes c's resolution, has the customer confirm it and
// closes it, then records the root cause.
func (s *seeder) closeComplaint(c demoComplaint, handler, cs string) {
	k := "complaint:" + c.ID + ":"
	step(s, k+"propose", handler, c.At.AddDate(0, 0, 1), s.h.Complaints.ProposeComplaintResolution, commands.ProposeComplaintResolution{
		ComplaintID: c.ID, Resolution: c.Resolution})
	step(s, k+"confirmation", cs, c.At.AddDate(0, 0, 1).Add(2*time.Hour), s.h.Complaints.RequestComplaintConfirmation, commands.RequestComplaintConfirmation{ComplaintID: c.ID})
	step(s, k+"close", cs, c.At.AddDate(0, 0, 3), s.h.Complaints.CloseComplaint, commands.CloseComplaint{
		ComplaintID: c.ID, Satisfied: true, CustomerConfirmationRef: "客户回访记录 HF-" + c.ID[4:]})
	step(s, k+"root-cause", handler, c.At.AddDate(0, 0, 4), s.h.Complaints.RecordComplaintRootCause, commands.RecordComplaintRootCause{
		ComplaintID: c.ID, Category: "质量/流程", PreventiveAction: c.Cause})
}
