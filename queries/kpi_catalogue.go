package queries

import "github.com/opsledger/opsledger/domain"

// KPIDefinition is one KPI of the catalogue: its R-code (SPEC §4.1, in
// docs/RULES.md), its URL name, titles, the groupings it takes (the first
// is the default), its columns after the grouping column, the roles that
// read it in full besides the KPIReaders, and the figures it cannot show.
type KPIDefinition struct {
	Code        string
	Name        string
	Title       KPIText
	Groupings   []string
	Columns     []KPIColumn
	AllReaders  []domain.Role
	Unavailable []KPIText
}

// GroupingBucket groups receivables by aging bucket (R7 only).
const GroupingBucket = "bucket"

func col(key, zh, en, typ string) KPIColumn {
	return KPIColumn{Key: key, Title: KPIText{zh, en}, Type: typ}
}

func chart(c KPIColumn) KPIColumn { c.Chart = true; return c }

func now(c KPIColumn) KPIColumn { c.Now = true; return c }

var (
	byAll    = []string{DimensionPerson, DimensionTeam, DimensionDepartment, DimensionRegion}
	byPeople = []string{DimensionPerson, DimensionTeam, DimensionDepartment}
)

// groupTitles are the titles of the grouping column.
var groupTitles = map[string]KPIText{
	DimensionPerson: {"人员", "Person"}, DimensionTeam: {"团队(主管)", "Team (supervisor)"},
	DimensionDepartment: {"部门", "Department"}, DimensionRegion: {"区域", "Region"}, GroupingBucket: {"账龄段", "Aging bucket"},
}

// GroupColumn is the first column of a KPI grouped by groupBy.
func GroupColumn(groupBy string) KPIColumn {
	return KPIColumn{Key: groupBy, Title: groupTitles[groupBy], Type: KPIColText}
}

// KPICatalogue lists R1–R12 in order.
var KPICatalogue = []KPIDefinition{
	{Code: "R1", Name: "sales-performance", Title: KPIText{"销售业绩", "Sales performance"}, Groupings: byAll,
		Columns: []KPIColumn{
			col("signed_contracts", "签约合同数", "Contracts signed", KPIColCount),
			chart(col("signed_value", "签约金额", "Signed value", KPIColMoney)),
			chart(col("delivered_value", "交付金额", "Delivered value", KPIColMoney)),
			chart(col("collected", "回款金额", "Cash collected", KPIColMoney)),
			col("signed_value_previous", "上期签约金额", "Signed value, previous period", KPIColMoney),
		},
		Unavailable: []KPIText{{"按产品、客户群、渠道的细分(事件未记录)", "by product, customer group or channel (the events do not record them)"}}},
	{Code: "R2", Name: "target-completion", Title: KPIText{"销售目标完成率", "Target completion"}, Groupings: byAll,
		Columns: []KPIColumn{
			chart(col("target", "目标", "Target", KPIColMoney)),
			chart(col("actual", "实际(签约)", "Actual (signed)", KPIColMoney)),
			col("completion", "完成率", "Completion", KPIColPercent),
			col("expected", "时间进度", "Share of period elapsed", KPIColPercent),
			col("at_risk", "有风险", "At risk", KPIColFlag),
			col("no_results", "本期无业绩", "No results this period", KPIColFlag),
		}},
	{Code: "R3", Name: "pipeline", Title: KPIText{"客户开发漏斗", "Pipeline"}, Groupings: byAll,
		Columns: []KPIColumn{
			now(chart(col("target_stage", "目标客户", "Target", KPIColCount))),
			now(chart(col("visiting", "拜访中", "Visiting", KPIColCount))),
			now(chart(col("negotiating", "洽谈中", "Negotiating", KPIColCount))),
			now(chart(col("cooperating", "合作中", "Cooperating", KPIColCount))),
			now(col("parked", "暂缓", "Parked", KPIColCount)),
			now(col("abandoned", "放弃", "Abandoned", KPIColCount)),
			now(col("dormant", "休眠", "Dormant", KPIColCount)),
			now(col("conversion", "转化率", "Conversion", KPIColPercent)),
			col("registered", "新建档案", "Files registered", KPIColCount),
			col("visits", "拜访次数", "Visits", KPIColCount),
			col("appointments_due", "到期预约", "Appointments due", KPIColCount),
		}},
	{Code: "R4", Name: "quotation-margins", Title: KPIText{"报价与毛利控制", "Quotation margins"}, Groupings: byAll,
		Columns: []KPIColumn{
			col("quotes", "报价数", "Quotes", KPIColCount),
			chart(col("tier_rep", "毛利≥50%", "Margin ≥ 50%", KPIColCount)),
			chart(col("tier_dept_head", "30–50%", "30–50%", KPIColCount)),
			chart(col("tier_gm_office", "20–30%", "20–30%", KPIColCount)),
			chart(col("tier_gm", "<20%", "< 20%", KPIColCount)),
			col("avg_margin", "平均毛利率", "Average margin", KPIColPercent),
			col("accepted", "客户接受", "Accepted", KPIColCount),
			now(col("retro_pending", "待补审批", "Awaiting retro approval", KPIColCount)),
			col("unauthorised", "私自报价", "Unauthorised quotes", KPIColCount),
		}},
	{Code: "R5", Name: "contract-board", Title: KPIText{"合同状态看板", "Contract board"}, Groupings: byAll,
		Columns: []KPIColumn{
			col("drafted", "本期起草", "Drafted in period", KPIColCount),
			now(chart(col("draft", "草稿", "Draft", KPIColCount))),
			now(chart(col("registered", "已登记", "Registered", KPIColCount))),
			now(chart(col("dept_approved", "部门已批", "Department approved", KPIColCount))),
			now(chart(col("legal_cleared", "法务已审", "Legal cleared", KPIColCount))),
			now(chart(col("approved", "总经理已批", "GM approved", KPIColCount))),
			now(col("pending_value", "审批中金额", "Value awaiting approval", KPIColMoney)),
			now(col("oldest_pending_days", "最久待批(天)", "Oldest pending (days)", KPIColDays)),
			now(col("executing", "签订/执行中", "Signed or executing", KPIColCount)),
			now(col("executing_value", "签订/执行中金额", "Value signed or executing", KPIColMoney)),
			now(col("open_issues", "执行问题", "Open execution issues", KPIColCount)),
			col("returned", "本期退回", "Returned in period", KPIColCount),
		}},
	{Code: "R6", Name: "orders-delivery", Title: KPIText{"订单与交付", "Orders and delivery"}, Groupings: byAll,
		Columns: []KPIColumn{
			chart(col("delivered", "本期交付", "Delivered", KPIColCount)),
			chart(col("on_time", "按时交付", "On time", KPIColCount)),
			col("on_time_rate", "按时交付率", "On-time rate", KPIColPercent),
			col("without_note", "无送货单", "Without delivery note", KPIColCount),
			now(col("open_orders", "未完成订单", "Open orders", KPIColCount)),
			now(col("late_open", "逾期未交付", "Open and late", KPIColCount)),
			now(col("delayed", "有延期记录", "With a recorded delay", KPIColCount)),
		},
		Unavailable: []KPIText{{"退货、换货、维修、赔偿的统计(按订单行,未汇总)", "returns, exchanges, repairs and compensation (kept on the order, not aggregated here)"}}},
	{Code: "R7", Name: "receivables", Title: KPIText{"应收与回款", "Receivables"}, Groupings: append([]string{GroupingBucket}, byAll...),
		AllReaders: []domain.Role{domain.RoleFinance},
		Columns: []KPIColumn{
			now(col("instalments", "分期笔数", "Instalments", KPIColCount)),
			now(chart(col("outstanding", "未收金额", "Outstanding", KPIColMoney))),
			now(chart(col("overdue", "逾期金额", "Overdue", KPIColMoney))),
			now(col("dunning_letter", "已发催款函", "Dunning letter sent", KPIColCount)),
			now(col("on_site_visit", "已上门催收", "On-site visit made", KPIColCount)),
			now(col("legal_action", "已法律诉讼", "Legal action", KPIColCount)),
			col("due_in_period", "本期应收", "Due in period", KPIColMoney),
			col("collected", "本期回款", "Collected in period", KPIColMoney),
			col("dunning_steps_flagged_due", "催收步骤到期(系统提示)", "Dunning steps flagged due", KPIColCount),
		}},
	{Code: "R8", Name: "customer-service", Title: KPIText{"客户服务", "Customer service"}, Groupings: byAll,
		Columns: []KPIColumn{
			chart(col("received", "收到投诉", "Complaints received", KPIColCount)),
			chart(col("closed", "已关闭", "Closed", KPIColCount)),
			now(col("open", "未关闭", "Open", KPIColCount)),
			col("avg_days_to_route", "平均分派(天)", "Average days to route", KPIColDays),
			col("avg_days_to_first_update", "平均首次处理(天)", "Average days to first update", KPIColDays),
			col("avg_days_to_close", "平均关闭(天)", "Average days to close", KPIColDays),
			col("reopen_rate", "重开率", "Reopen rate", KPIColPercent),
			col("complaint_rate", "投诉率", "Complaint rate", KPIColPercent),
			col("inquiries", "咨询", "Inquiries", KPIColCount),
			col("inquiries_answered", "已答复咨询", "Inquiries answered", KPIColCount),
		}},
	{Code: "R9", Name: "satisfaction-retention", Title: KPIText{"满意度与客户维系", "Satisfaction and retention"}, Groupings: byAll,
		Columns: []KPIColumn{
			col("surveys", "满意度调查", "Surveys", KPIColCount),
			chart(col("avg_survey_score", "平均满意度", "Average survey score", KPIColNumber)),
			col("follow_ups", "回访", "Follow-up visits", KPIColCount),
			chart(col("avg_follow_up_score", "平均回访评分", "Average follow-up score", KPIColNumber)),
			col("ordering_customers", "下单客户", "Customers ordering", KPIColCount),
			col("retained", "持续下单客户", "Retained customers", KPIColCount),
			col("retention_rate", "客户维系率", "Retention rate", KPIColPercent),
			col("repeat_customers", "重复购买客户", "Repeat customers", KPIColCount),
		}},
	{Code: "R10", Name: "customer-file-health", Title: KPIText{"客户档案健康度", "Customer file health"}, Groupings: byAll,
		Columns: []KPIColumn{
			now(col("files", "档案数", "Files", KPIColCount)),
			now(chart(col("incomplete", "档案不全", "Incomplete", KPIColCount))),
			now(chart(col("stale", "本月未更新", "Not updated this month", KPIColCount))),
			now(chart(col("no_contact_90_days", "90天无联系", "No contact in 90 days", KPIColCount))),
			now(col("unassigned", "无负责人", "Unassigned", KPIColCount)),
		}},
	{Code: "R11", Name: "employee-performance", Title: KPIText{"员工绩效", "Employee performance"}, Groupings: byPeople,
		AllReaders: []domain.Role{domain.RoleHR},
		Columns: []KPIColumn{
			now(col("headcount", "在职人数", "Headcount", KPIColCount)),
			now(chart(col("on_probation", "试用期", "On probation", KPIColCount))),
			now(col("probation_ending", "本期试用期满", "Probation ending in period", KPIColCount)),
			now(chart(col("improvement_plans", "改进计划", "Improvement plans", KPIColCount))),
			now(chart(col("dismissal_due", "待辞退", "Dismissal due", KPIColCount))),
			col("appraisals", "考核", "Appraisals", KPIColCount),
			col("failed_appraisals", "考核不合格", "Failed appraisals", KPIColCount),
			col("rewards", "奖励", "Rewards", KPIColCount),
			col("penalties", "处分", "Penalties", KPIColCount),
			col("fines", "罚款次数", "Fines", KPIColCount),
			col("fines_total", "罚款金额", "Fines total", KPIColMoney),
		},
		Unavailable: []KPIText{{"区域(员工档案不记录区域)", "region (employee records hold none)"}}},
	{Code: "R12", Name: "activity-discipline", Title: KPIText{"工作纪律与活动", "Activity and discipline"}, Groupings: byPeople,
		AllReaders: []domain.Role{domain.RoleHR},
		Columns: []KPIColumn{
			chart(col("reports_submitted", "提交报表", "Reports submitted", KPIColCount)),
			col("reports_rejected", "退回报表", "Reports rejected", KPIColCount),
			col("reports_missing", "视为未交", "Counted as missing", KPIColCount),
			col("daily_reports_flagged_missing", "未交日报(系统提示)", "Days flagged without a daily report", KPIColCount),
			col("file_reviews_flagged_missed", "档案未月审(系统提示)", "Files flagged unreviewed for a month", KPIColCount),
			chart(col("check_ins", "打卡", "Check-ins", KPIColCount)),
			col("outings", "外出登记", "Outings registered", KPIColCount),
			col("visits", "拜访记录", "Visits logged", KPIColCount),
			col("leave_approved", "批准请假", "Leave approved", KPIColCount),
			col("trips_approved", "批准出差", "Trips approved", KPIColCount),
			col("fines", "罚款次数", "Fines", KPIColCount),
			col("fines_total", "罚款金额", "Fines total", KPIColMoney),
		},
		Unavailable: []KPIText{
			{"报表按时/迟交(事件不记录截止时间)", "reports on time or late (no deadline is recorded)"},
			{"培训(尚无培训事件)", "training (no training events exist yet)"},
			{"区域(员工档案不记录区域)", "region (employee records hold none)"}}},
}

// KPIByName returns the catalogue entry named name.
func KPIByName(name string) (KPIDefinition, error) {
	for _, k := range KPICatalogue {
		if k.Name == name {
			return k, nil
		}
	}
	return KPIDefinition{}, ErrKPINotFound
}

// KPINames lists the catalogue's names, for the route's documentation.
func KPINames() []string {
	out := make([]string, len(KPICatalogue))
	for i, k := range KPICatalogue {
		out[i] = k.Name
	}
	return out
}

// Takes reports whether k can be grouped by groupBy.
func (k KPIDefinition) Takes(groupBy string) bool {
	for _, g := range k.Groupings {
		if g == groupBy {
			return true
		}
	}
	return false
}
