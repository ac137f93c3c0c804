package main

import (
	"fmt"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
)

// demoCustomer is a customer file as its owning rep registers it, and how
// far the rep's pursuit got before any contract.
type demoCustomer struct {
	ID, Name, Address, Contact, Phone string
	Source                            customer.Source
	Rep, Region                       string
	// Outcome of the rep's first visit; empty leaves a target unvisited.
	Outcome customer.VisitOutcome
	// KeyPerson and KeyRole name the decision maker entered on the file.
	KeyPerson string
	KeyRole   customer.ContactRole
}

const (
	onSite   = customer.SourceOnSite
	search   = customer.SourceInformationSearch
	referral = customer.SourceReferral

	negotiate = customer.OutcomeNegotiate
	keepUp    = customer.OutcomeKeepFollowingUp
	visiting  = customer.OutcomeContinueVisiting
	park      = customer.OutcomePark
	abandon   = customer.OutcomeAbandon
)

var demoCustomers = []demoCustomer{
	{"cust-0001", "上海华茂机械有限公司", "上海市浦东新区张江路 88 号", "王建华", "021-5080-1288", referral, "emp-rep-01", "上海", negotiate, "华志远", customer.ContactHead},
	{"cust-0002", "苏州恒信精密制造有限公司", "江苏省苏州市工业园区星湖街 218 号", "陈晓峰", "0512-6288-3301", onSite, "emp-rep-02", "江苏", negotiate, "恒立新", customer.ContactHead},
	{"cust-0003", "杭州天禾环保科技有限公司", "浙江省杭州市滨江区江南大道 1008 号", "刘芳", "0571-8669-2210", search, "emp-rep-03", "浙江", negotiate, "孔德明", customer.ContactTechnicalEvaluator},
	{"cust-0004", "南京金陵化工设备有限公司", "江苏省南京市江宁区天元东路 66 号", "赵国庆", "025-5218-7766", referral, "emp-rep-04", "江苏", negotiate, "金学军", customer.ContactHead},
	{"cust-0005", "宁波港联物流有限公司", "浙江省宁波市北仑区明州路 399 号", "孙海波", "0574-8685-9012", onSite, "emp-rep-05", "浙江", negotiate, "邵港", customer.ContactFinancialReviewer},
	{"cust-0006", "无锡华光电子有限公司", "江苏省无锡市新吴区长江路 7 号", "周明", "0510-8522-4433", search, "emp-rep-06", "江苏", negotiate, "华启光", customer.ContactHead},
	{"cust-0007", "合肥中科仪器有限公司", "安徽省合肥市高新区望江西路 800 号", "吴磊", "0551-6533-1800", referral, "emp-rep-01", "安徽", negotiate, "钟科", customer.ContactTechnicalEvaluator},
	{"cust-0008", "上海申通建设工程有限公司", "上海市闵行区莘庄工业区春东路 500 号", "郑伟", "021-6489-0500", onSite, "emp-rep-02", "上海", negotiate, "申建平", customer.ContactHead},
	{"cust-0009", "嘉兴佳丰纺织有限公司", "浙江省嘉兴市秀洲区洪兴路 1188 号", "冯丽", "0573-8223-1188", search, "emp-rep-03", "浙江", negotiate, "佳永丰", customer.ContactHead},
	{"cust-0010", "常州瑞达汽车零部件有限公司", "江苏省常州市武进区延政中路 15 号", "蒋涛", "0519-8630-1515", onSite, "emp-rep-04", "江苏", negotiate, "瑞华", customer.ContactUser},
	{"cust-0011", "上海浦江医疗器械有限公司", "上海市徐汇区宜山路 700 号", "沈静", "021-6451-0700", referral, "emp-rep-05", "上海", negotiate, "浦建英", customer.ContactHead},
	{"cust-0012", "绍兴越美印染有限公司", "浙江省绍兴市柯桥区金柯桥大道 36 号", "钱勇", "0575-8412-3636", onSite, "emp-rep-06", "浙江", negotiate, "越立美", customer.ContactHead},
	{"cust-0013", "温州东瓯泵阀有限公司", "浙江省温州市龙湾区永强大道 2000 号", "林海", "0577-8698-2000", search, "emp-rep-01", "浙江", negotiate, "瓯振东", customer.ContactHead},
	{"cust-0014", "扬州新扬船舶配套有限公司", "江苏省扬州市江都区仙城工业园 9 号", "黄振", "0514-8651-0909", onSite, "emp-rep-02", "江苏", keepUp, "", ""},
	{"cust-0015", "上海鼎盛食品有限公司", "上海市松江区九亭镇沪亭北路 218 号", "何婷", "021-5763-0218", referral, "emp-rep-03", "上海", visiting, "", ""},
	{"cust-0016", "南通海森新材料有限公司", "江苏省南通市经济技术开发区通盛大道 188 号", "马超", "0513-8592-0188", search, "emp-rep-05", "江苏", park, "", ""},
	{"cust-0017", "广州穗丰机电设备有限公司", "广东省广州市黄埔区科学大道 182 号", "梁志华", "020-3229-0182", onSite, "emp-rep-11", "广东", negotiate, "穗永丰", customer.ContactHead},
	{"cust-0018", "深圳鹏程智能科技有限公司", "广东省深圳市南山区高新南九道 10 号", "邓丽", "0755-8660-1010", referral, "emp-rep-12", "广东", negotiate, "鹏远程", customer.ContactTechnicalEvaluator},
	{"cust-0019", "佛山南海铝业有限公司", "广东省佛山市南海区桂城南海大道 8 号", "陈建", "0757-8628-0008", search, "emp-rep-13", "广东", keepUp, "", ""},
	{"cust-0020", "东莞华业塑胶制品有限公司", "广东省东莞市松山湖工业北路 6 号", "叶青", "0769-2289-0606", onSite, "emp-rep-11", "广东", abandon, "", ""},
	{"cust-0021", "厦门海沧港务设备有限公司", "福建省厦门市海沧区港南路 99 号", "蔡文", "0592-6898-0099", search, "emp-rep-12", "福建", "", "", ""},
	{"cust-0022", "镇江金山电气有限公司", "江苏省镇江市新区大港路 31 号", "丁毅", "0511-8318-3131", search, "emp-rep-06", "江苏", "", "", ""},
}

// visitNotes are the reasons a visit parks or abandons a customer.
var visitNotes = map[customer.VisitOutcome]string{
	park:    "客户今年无扩产计划，明年一季度再跟进",
	abandon: "客户已与竞争对手签订三年框架协议，且付款信用记录不佳",
}

// registerCustomers registers every demo customer with its owning rep,
// adds its key person, and records the rep's first visit on a registered
// outing.
func (s *seeder) registerCustomers() {
	for i, c := range demoCustomers {
		at := day(2026, 2, 2).AddDate(0, 0, i)
		k := "customer:" + c.ID + ":"
		step(s, k+"register", c.Rep, at, s.h.Customers.RegisterTargetCustomer, commands.RegisterTargetCustomer{
			CustomerID: c.ID, Number: fmt.Sprintf("KH-2026-%04d", i+1), Name: c.Name, Address: c.Address,
			PrimaryContact: c.Contact, Phone: c.Phone, Source: c.Source, Region: c.Region})
		if c.KeyPerson != "" {
			step(s, k+"key-contact", c.Rep, at.Add(time.Hour), s.h.Customers.AddKeyContact, commands.AddKeyContact{
				CustomerID: c.ID, Contact: customer.KeyContact{ContactID: "kc-1", RoleInOrg: c.KeyRole,
					Personal: customer.PersonalData{Name: c.KeyPerson, ContactDetails: c.Phone, Ability: "决策果断，重视设备稳定性"}}})
		}
		s.count("customers", 1)
		if c.Outcome != "" {
			s.firstVisit(c, at.AddDate(0, 0, 7))
		}
	}
}

// firstVisit registers the rep's outing and records the visit.
func (s *seeder) firstVisit(c demoCustomer, at time.Time) {
	k := "customer:" + c.ID + ":"
	outing := "outing-" + c.ID + "-1"
	step(s, k+"outing", c.Rep, at.Add(-time.Hour), s.h.Employees.RegisterOuting, commands.RegisterOuting{
		EmployeeID: c.Rep, Outing: employee.Outing{OutingID: outing, Destination: c.Address, Purpose: "拜访" + c.Name,
			CustomerIDs: []string{c.ID}, ExpectedBackAt: at.Add(4 * time.Hour)}})
	step(s, k+"visit", c.Rep, at, s.h.Customers.RecordVisit, commands.RecordVisit{
		CustomerID: c.ID, Visit: customer.Visit{OutingRegistrationID: outing, Purpose: "了解设备需求与采购计划",
			Outcome: c.Outcome, Note: visitNotes[c.Outcome]}})
	step(s, k+"contact-log", c.Rep, at.Add(2*time.Hour), s.h.Customers.LogContact, commands.LogContact{
		CustomerID: c.ID, Entry: customer.ContactEntry{ContactID: customer.PrimaryContactID, Channel: "VISIT",
			Topic: "设备需求与采购计划", Outcome: "已记录需求，约定下次沟通"}})
}
