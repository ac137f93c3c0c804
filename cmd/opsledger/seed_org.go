package main

import "github.com/opsledger/opsledger/domain"

// orgUnit is one department or branch of the demo company. Org units are
// data: employees, customers and plans name them by id.
type orgUnit struct {
	ID, Name, Parent string
}

// demoOrgUnits is the demo company's structure: headquarters with its
// functional departments, and two branches with their own departments.
var demoOrgUnits = []orgUnit{
	{"HQ", "总部", ""},
	{"HQ-GMO", "总经理办公室", "HQ"},
	{"HQ-HR", "人力资源部", "HQ"},
	{"HQ-FIN", "财务部", "HQ"},
	{"HQ-LEGAL", "法务部", "HQ"},
	{"HQ-AUDIT", "审计监察部", "HQ"},
	{"HQ-SALES", "销售管理部", "HQ"},
	{"HQ-QA", "质量管理部", "HQ"},
	{"HQ-LOG", "物流仓储部", "HQ"},
	{"HQ-CS", "客户服务中心", "HQ"},
	{"EAST", "华东分公司", "HQ"},
	{"EAST-SALES", "华东分公司业务部", "EAST"},
	{"EAST-FIN", "华东分公司财务部", "EAST"},
	{"EAST-ADMIN", "华东分公司行政部", "EAST"},
	{"SOUTH", "华南分公司", "HQ"},
	{"SOUTH-SALES", "华南分公司业务部", "SOUTH"},
}

// Hiring waves: the founding staff, the spring intake (both regular by
// now) and the May intake, still on probation.
const (
	waveFounding = 1
	waveSpring   = 2
	waveMay      = 3
)

// person is one demo employee: hired as Role into Unit under Supervisor;
// Extra are further roles their token carries (a department head of
// finance also acts as FINANCE).
type person struct {
	ID, Name   string
	Role       domain.Role
	Unit       string
	Supervisor string
	Wave       int
	Extra      []domain.Role
}

func (p person) actor() domain.Actor {
	return domain.Actor{EmployeeID: p.ID, Roles: append([]domain.Role{p.Role}, p.Extra...), OrgUnitID: p.Unit}
}

// r is shorthand for a list of extra roles.
func r(roles ...domain.Role) []domain.Role { return roles }

// demoPeople are the 54 employees, in hiring order (the GM first).
var demoPeople = []person{
	{"emp-gm", "陈建国", domain.RoleGM, "HQ-GMO", "", waveFounding, r(domain.RoleLeadership)},
	{"emp-hr-head", "孙丽华", domain.RoleDeptHead, "HQ-HR", "emp-gm", waveFounding, r(domain.RoleHR)},
	{"emp-hr-1", "周婷", domain.RoleHR, "HQ-HR", "emp-hr-head", waveFounding, nil},
	{"emp-dgm", "王志强", domain.RoleDeputyGM, "HQ-GMO", "emp-gm", waveFounding, r(domain.RoleLeadership)},
	{"emp-gmo-1", "刘静", domain.RoleGMOffice, "HQ-GMO", "emp-gm", waveFounding, nil},
	{"emp-gmo-2", "赵敏", domain.RoleGMOffice, "HQ-GMO", "emp-gm", waveSpring, nil},
	{"emp-fin-head", "吴海燕", domain.RoleDeptHead, "HQ-FIN", "emp-gm", waveFounding, r(domain.RoleFinance)},
	{"emp-fin-1", "郑晓东", domain.RoleFinance, "HQ-FIN", "emp-fin-head", waveFounding, nil},
	{"emp-fin-2", "冯雪", domain.RoleFinance, "HQ-FIN", "emp-fin-head", waveSpring, nil},
	{"emp-legal-head", "何文博", domain.RoleDeptHead, "HQ-LEGAL", "emp-gm", waveFounding, r(domain.RoleLegal)},
	{"emp-legal-1", "林思远", domain.RoleLegal, "HQ-LEGAL", "emp-legal-head", waveFounding, nil},
	{"emp-audit-1", "高明", domain.RoleAuditor, "HQ-AUDIT", "emp-gm", waveFounding, nil},
	{"emp-audit-2", "罗娟", domain.RoleProcessSupervisor, "HQ-AUDIT", "emp-audit-1", waveSpring, nil},
	{"emp-smgmt-head", "梁伟", domain.RoleDeptHead, "HQ-SALES", "emp-gm", waveFounding, r(domain.RoleSalesMgmt)},
	{"emp-smgmt-1", "宋佳", domain.RoleSalesMgmt, "HQ-SALES", "emp-smgmt-head", waveFounding, nil},
	{"emp-analyst-1", "唐磊", domain.RoleOpsAnalyst, "HQ-SALES", "emp-smgmt-head", waveSpring, nil},
	{"emp-research-1", "韩雪梅", domain.RoleMarketResearcher, "HQ-SALES", "emp-smgmt-head", waveMay, nil},
	{"emp-qa-head", "曹勇", domain.RoleDeptHead, "HQ-QA", "emp-gm", waveFounding, r(domain.RoleQuality)},
	{"emp-qa-1", "许强", domain.RoleQuality, "HQ-QA", "emp-qa-head", waveFounding, nil},
	{"emp-log-head", "邓刚", domain.RoleDeptHead, "HQ-LOG", "emp-gm", waveFounding, r(domain.RoleWarehouse)},
	{"emp-wh-1", "彭建华", domain.RoleWarehouse, "HQ-LOG", "emp-log-head", waveFounding, nil},
	{"emp-wh-2", "蒋红", domain.RoleWarehouse, "HQ-LOG", "emp-log-head", waveSpring, nil},
	{"emp-drv-1", "杜海", domain.RoleDelivery, "HQ-LOG", "emp-log-head", waveFounding, nil},
	{"emp-drv-2", "袁亮", domain.RoleDelivery, "HQ-LOG", "emp-log-head", waveSpring, nil},
	{"emp-drv-3", "姚飞", domain.RoleDelivery, "HQ-LOG", "emp-log-head", waveMay, nil},
	{"emp-cs-head", "苏静", domain.RoleDeptHead, "HQ-CS", "emp-gm", waveFounding, r(domain.RoleCustomerService)},
	{"emp-cs-1", "潘悦", domain.RoleCustomerService, "HQ-CS", "emp-cs-head", waveFounding, nil},
	{"emp-cs-2", "田甜", domain.RoleCustomerService, "HQ-CS", "emp-cs-head", waveMay, nil},
	{"emp-east-bm", "钱伟", domain.RoleBranchManager, "EAST", "emp-gm", waveFounding, nil},
	{"emp-east-head", "李明", domain.RoleDeptHead, "EAST-SALES", "emp-east-bm", waveFounding, nil},
	{"emp-east-deputy", "张磊", domain.RoleDeputyHead, "EAST-SALES", "emp-east-head", waveFounding, nil},
	{"emp-east-ts-1", "黄涛", domain.RoleTeamSupervisor, "EAST-SALES", "emp-east-head", waveFounding, nil},
	{"emp-east-ts-2", "马丽", domain.RoleTeamSupervisor, "EAST-SALES", "emp-east-head", waveFounding, nil},
	{"emp-rep-01", "王磊", domain.RoleSalesRep, "EAST-SALES", "emp-east-ts-1", waveFounding, nil},
	{"emp-rep-02", "刘洋", domain.RoleSalesRep, "EAST-SALES", "emp-east-ts-1", waveFounding, nil},
	{"emp-rep-03", "陈晨", domain.RoleSalesRep, "EAST-SALES", "emp-east-ts-1", waveFounding, nil},
	{"emp-rep-04", "杨帆", domain.RoleSalesRep, "EAST-SALES", "emp-east-ts-1", waveSpring, nil},
	{"emp-rep-05", "赵雷", domain.RoleSalesRep, "EAST-SALES", "emp-east-ts-2", waveFounding, nil},
	{"emp-rep-06", "孙悦", domain.RoleSalesRep, "EAST-SALES", "emp-east-ts-2", waveFounding, nil},
	{"emp-rep-07", "周鹏", domain.RoleSalesRep, "EAST-SALES", "emp-east-ts-2", waveSpring, nil},
	{"emp-rep-08", "吴倩", domain.RoleSalesRep, "EAST-SALES", "emp-east-ts-2", waveMay, nil},
	{"emp-east-asst-1", "郑雅", domain.RoleSalesAssistant, "EAST-SALES", "emp-east-head", waveFounding, nil},
	{"emp-east-fin-head", "冯涛", domain.RoleDeptHead, "EAST-FIN", "emp-east-bm", waveFounding, r(domain.RoleFinance)},
	{"emp-east-fin-1", "卫琳", domain.RoleFinance, "EAST-FIN", "emp-east-fin-head", waveSpring, nil},
	{"emp-east-admin-head", "沈红", domain.RoleDeptHead, "EAST-ADMIN", "emp-east-bm", waveFounding, r(domain.RoleAdminOffice)},
	// the East branch's clerk also keeps its small warehouse (后勤: 文员、库管)
	{"emp-east-clerk-1", "韩冰", domain.RoleClerk, "EAST-ADMIN", "emp-east-admin-head", waveMay, r(domain.RoleWarehouse)},
	{"emp-south-bm", "梁志刚", domain.RoleBranchManager, "SOUTH", "emp-gm", waveFounding, nil},
	{"emp-south-head", "黎晓明", domain.RoleDeptHead, "SOUTH-SALES", "emp-south-bm", waveFounding, nil},
	{"emp-rep-11", "邝伟", domain.RoleSalesRep, "SOUTH-SALES", "emp-south-head", waveFounding, nil},
	{"emp-rep-12", "麦嘉欣", domain.RoleSalesRep, "SOUTH-SALES", "emp-south-head", waveSpring, nil},
	{"emp-rep-13", "谭志华", domain.RoleSalesRep, "SOUTH-SALES", "emp-south-head", waveSpring, nil},
	{"emp-rep-14", "何敏", domain.RoleSalesRep, "SOUTH-SALES", "emp-south-head", waveMay, nil},
	{"emp-south-asst", "陈嘉怡", domain.RoleSalesAssistant, "SOUTH-SALES", "emp-south-head", waveSpring, nil},
	// the business engineer (业务工程师) costs every concrete quotation (K7-costing)
	{"emp-eng-1", "程工", domain.RoleBusinessEngineer, "HQ-SALES", "emp-smgmt-head", waveFounding, nil},
}

// headOf returns the department head of unit, or "" when it has none.
func headOf(unit string) string {
	for _, p := range demoPeople {
		if p.Unit == unit && p.Role == domain.RoleDeptHead {
			return p.ID
		}
	}
	return ""
}

// personOf returns demo employee id (the zero person if there is none).
func personOf(id string) person {
	for _, p := range demoPeople {
		if p.ID == id {
			return p
		}
	}
	return person{}
}

// branchManagerOf returns the manager of the branch employee id works in:
// the BRANCH_MANAGER of their unit's parent (or of their unit).
func branchManagerOf(id string) string {
	unit := personOf(id).Unit
	for _, u := range demoOrgUnits {
		if u.ID == unit && u.Parent != "HQ" && u.Parent != "" {
			unit = u.Parent
		}
	}
	for _, p := range demoPeople {
		if p.Unit == unit && p.Role == domain.RoleBranchManager {
			return p.ID
		}
	}
	return "emp-gm"
}
