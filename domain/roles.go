package domain

// Role is a canonical role id (§2-issuer, K3, K7 in docs/RULES.md). Seed names vary between
// templates (部门经理, 部长, 业务经理 …); the system knows only these ids.
type Role string

// The canonical roles and the bodies that approve or supervise
// (§1.2-committee, §4.3-audit-trail).
const (
	RoleDeptHead           Role = "DEPT_HEAD"
	RoleDeputyHead         Role = "DEPUTY_HEAD"
	RoleTeamSupervisor     Role = "TEAM_SUPERVISOR"
	RoleSalesRep           Role = "SALES_REP"
	RoleSalesAssistant     Role = "SALES_ASSISTANT"
	RoleCustomerService    Role = "CUSTOMER_SERVICE"
	RoleMarketResearcher   Role = "MARKET_RESEARCHER"
	RoleOpsAnalyst         Role = "OPS_ANALYST"
	RoleSalesMgmt          Role = "SALES_MGMT"
	RoleClerk              Role = "CLERK"
	RoleWarehouse          Role = "WAREHOUSE"
	RoleDelivery           Role = "DELIVERY"
	RoleBranchManager      Role = "BRANCH_MANAGER"
	RoleLegal              Role = "LEGAL"
	RoleFinance            Role = "FINANCE"
	RoleHR                 Role = "HR"
	RoleQuality            Role = "QUALITY"
	RoleAdminOffice        Role = "ADMIN_OFFICE"
	RoleAuditor            Role = "AUDITOR"
	RoleSupervisorBoard    Role = "SUPERVISOR_BOARD"
	RoleProcessSupervisor  Role = "PROCESS_SUPERVISOR"
	RoleAppraisalCommittee Role = "APPRAISAL_COMMITTEE"
	RoleGM                 Role = "GM"
	RoleGMOffice           Role = "GM_OFFICE"
	RoleDeputyGM           Role = "DEPUTY_GM"
	RoleLeadership         Role = "LEADERSHIP"
	RoleBoard              Role = "BOARD"
	// RoleBusinessEngineer (业务工程师) does the cost accounting a
	// quotation's price basis rests on (K7-costing).
	RoleBusinessEngineer Role = "BUSINESS_ENGINEER"
	// RoleSystem is the actor of reactions the system issues itself
	// (process managers, timers); it is never granted to a person.
	RoleSystem Role = "SYSTEM"
)

// AllRoles lists every role a person may hold, for validation.
func AllRoles() []Role {
	return []Role{
		RoleDeptHead, RoleDeputyHead, RoleTeamSupervisor, RoleSalesRep, RoleSalesAssistant,
		RoleCustomerService, RoleMarketResearcher, RoleOpsAnalyst, RoleSalesMgmt, RoleClerk,
		RoleWarehouse, RoleDelivery, RoleBranchManager, RoleLegal, RoleFinance, RoleHR,
		RoleQuality, RoleAdminOffice, RoleAuditor, RoleSupervisorBoard, RoleProcessSupervisor,
		RoleAppraisalCommittee, RoleGM, RoleGMOffice, RoleDeputyGM, RoleLeadership, RoleBoard,
		RoleBusinessEngineer,
	}
}

// Valid reports whether r is a role a person may hold.
func (r Role) Valid() bool {
	for _, k := range AllRoles() {
		if r == k {
			return true
		}
	}
	return false
}

// ManagerRoles are the roles that may sign a contract in person (K3): the
// regulation says "由经理亲自签订", and K3 reads 经理 as these roles.
func ManagerRoles() []Role { return []Role{RoleDeptHead, RoleGM, RoleBranchManager} }
