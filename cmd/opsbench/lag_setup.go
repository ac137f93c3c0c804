package main

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/quotation"
)

// lagActors are the employees the lag benchmark acts as.
var (
	lagRep     = domain.Actor{EmployeeID: "emp-lag-rep", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "SALES-01"}
	lagHead    = domain.Actor{EmployeeID: "emp-lag-head", Roles: []domain.Role{domain.RoleDeptHead}, OrgUnitID: "SALES-01"}
	lagLegal   = domain.Actor{EmployeeID: "emp-lag-legal", Roles: []domain.Role{domain.RoleLegal}, OrgUnitID: "HQ-LEGAL"}
	lagGM      = domain.Actor{EmployeeID: "emp-lag-gm", Roles: []domain.Role{domain.RoleGM}, OrgUnitID: "HQ"}
	lagCS      = domain.Actor{EmployeeID: "emp-lag-cs", Roles: []domain.Role{domain.RoleCustomerService}, OrgUnitID: "HQ-CS"}
	lagFinance = domain.Actor{EmployeeID: "emp-lag-fin", Roles: []domain.Role{domain.RoleFinance}, OrgUnitID: "SALES-01"}
	// the business engineer costs the quotes and leadership approves their
	// price (K7-costing, K7-price)
	lagEngineer = domain.Actor{EmployeeID: "emp-lag-eng", Roles: []domain.Role{domain.RoleBusinessEngineer}, OrgUnitID: "HQ"}
	lagLeader   = domain.Actor{EmployeeID: "emp-lag-lead", Roles: []domain.Role{domain.RoleLeadership}, OrgUnitID: "HQ"}
)

// lagFixture is what the load works on: customers to log contacts with,
// open complaints to record progress on, and contracts in execution with
// one large instalment to record small payments against.
type lagFixture struct {
	customers, complaints, contracts []string
}

// setupStep issues one command through the command layer, failing the
// setup on the first refusal.
type setupStep struct {
	ctx context.Context
	h   *commands.Handler
	err error
}

func do[C any](s *setupStep, who domain.Actor, cmd func(context.Context, commands.Meta, C) (commands.Result, error), in C) {
	if s.err != nil {
		return
	}
	_, err := cmd(s.ctx, commands.Meta{Actor: who, CorrelationID: "opsbench-lag-setup"}, in)
	if err != nil {
		s.err = fmt.Errorf("lag setup: %w", err)
	}
}

// setupLag registers customers, opens and routes a complaint for some,
// and takes a contract of others from quotation to execution.
func setupLag(ctx context.Context, h *commands.Handler, customers, complaints, contracts int) (lagFixture, error) {
	s := &setupStep{ctx: ctx, h: h}
	var f lagFixture
	for i := range customers {
		id := fmt.Sprintf("lagcust-%04d", i)
		do(s, lagRep, s.h.Customers.RegisterTargetCustomer, commands.RegisterTargetCustomer{
			CustomerID: id, Number: fmt.Sprintf("LAG-%04d", i), Name: "压测客户 " + id, Address: "上海市浦东新区张江路 88 号",
			PrimaryContact: "王建华", Phone: "021-5080-1288", Source: customer.SourceReferral, Region: "上海"})
		f.customers = append(f.customers, id)
	}
	for i := range complaints {
		id := fmt.Sprintf("lagcmp-%04d", i)
		do(s, lagCS, s.h.Complaints.ReceiveComplaint, commands.ReceiveComplaint{ComplaintID: id, CustomerID: f.customers[i%customers],
			Channel: complaint.ChannelPhone, Content: "设备运行时有异响", Contact: "王建华"})
		// Routed to the service desk's own unit: progress is recorded by
		// the handling department (rule §2-issuer-scope), here lagCS.
		do(s, lagCS, s.h.Complaints.RouteComplaint, commands.RouteComplaint{ComplaintID: id, DepartmentID: lagCS.OrgUnitID})
		f.complaints = append(f.complaints, id)
	}
	for i := range contracts {
		id := fmt.Sprintf("lagctr-%04d", i)
		setupContract(s, id, f.customers[i%customers])
		f.contracts = append(f.contracts, id)
	}
	return f, s.err
}

// setupContract quotes (40% margin: the department head approves),
// drafts, reviews, signs and starts contract id, with one instalment of
// its whole value.
func setupContract(s *setupStep, id, customerID string) {
	q := "lagq-" + id
	const qty, price, cost = 100, 100_000, 60_000
	do(s, lagRep, s.h.Quotations.DraftQuotation, commands.DraftQuotation{QuotationID: q, CustomerID: customerID, Type: quotation.TypeWrittenFinal,
		Lines:        []quotation.Line{{Product: "数控立式加工中心", Quantity: qty, UnitPrice: domain.Yuan(price), UnitCost: domain.Yuan(cost)}},
		CostBasisRef: "CB-" + q, DemandAssessment: "预算已获批"})
	do(s, lagEngineer, s.h.Quotations.RecordQuotationCosting, commands.RecordQuotationCosting{QuotationID: q, Costing: quotation.Costing{
		CostingRef: "CB-" + q, UnitCosts: []quotation.UnitCost{{Product: "数控立式加工中心", UnitCost: domain.Yuan(cost)}}}})
	do(s, lagLeader, s.h.Quotations.ApproveQuotationPrice, commands.ApproveQuotationPrice{QuotationID: q})
	do(s, lagRep, s.h.Quotations.SubmitQuotation, commands.SubmitQuotation{QuotationID: q})
	do(s, lagHead, s.h.Quotations.ApproveQuotation, commands.ApproveQuotation{QuotationID: q, Comment: "同意"})
	do(s, lagRep, s.h.Quotations.IssueQuotation, commands.IssueQuotation{QuotationID: q})
	do(s, lagRep, s.h.Quotations.RecordQuotationAccepted, commands.RecordQuotationAccepted{QuotationID: q})
	var terms contract.Terms
	if s.err == nil {
		g := newHistGen(1, nil, nil)
		terms = g.terms(domain.Yuan(qty * price))
	}
	do(s, lagRep, s.h.Contracts.DraftContract, commands.DraftContract{ContractID: id, CustomerID: customerID, QuotationID: q, Terms: terms})
	hash := "sha256:" + id
	do(s, lagRep, s.h.Contracts.SubmitContract, commands.SubmitContract{ContractID: id, RegistrationNo: "HT-" + id, DocumentHash: hash, Documents: []string{"合同文本"}})
	do(s, lagHead, s.h.Contracts.ApproveContractByDeptHead, commands.ApproveContractByDeptHead{ContractID: id, Comment: "同意"})
	do(s, lagLegal, s.h.Contracts.PassContractLegalReview, commands.PassContractLegalReview{ContractID: id, Comment: "合规"})
	do(s, lagGM, s.h.Contracts.ApproveContractByGM, commands.ApproveContractByGM{ContractID: id, Comment: "同意"})
	do(s, lagHead, s.h.Contracts.SignContract, commands.SignContract{ContractID: id, Place: contract.PlaceCompany, CustomerSignatory: "王建华", DocumentHash: hash})
	do(s, lagRep, s.h.Contracts.StartContractExecution, commands.StartContractExecution{ContractID: id})
	do(s, lagRep, s.h.Contracts.SetCollectionPlan, commands.SetCollectionPlan{ContractID: id, Instalments: []contract.Instalment{
		{ID: "inst-1", DueDate: terms.DeliveryDate, Amount: domain.Yuan(qty * price)}}})
}
