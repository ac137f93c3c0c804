package main

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/queries"
)

// The demo's history gives the audit department something to find
// (issue 16): a leave filed after it was taken, a contract amended after
// its approval, and a customer file read by several people. The
// regulation changed mid-year is seed_regulations.go's.

// auditHistory runs the audit stories, after the contracts they need.
func (s *seeder) auditHistory() {
	s.retroactiveLeave()
	s.amendAfterApproval()
	s.readCustomerFile()
}

// The demo's retroactive leave: a rep taken ill on a Monday files the
// leave on the Wednesday, effective the Monday; the department head signs
// it the same day, effective the Monday too. As recorded on Tuesday the
// leave did not exist; in force on Monday it did.
var (
	demoLeaveTaken = day(2026, 8, 3)
	demoLeaveFiled = day(2026, 8, 5)
)

const demoLeaveRep = "emp-rep-03"

func (s *seeder) retroactiveLeave() {
	k := "leave:" + demoLeaveRep + ":sick-0803:"
	issue(s, "急性肠胃炎就医，当日无法请假，事后补办", k+"file", demoLeaveRep, demoLeaveFiled, demoLeaveTaken,
		s.h.Employees.FileRetroactiveLeave, commands.FileRetroactiveLeave{EmployeeID: demoLeaveRep, LeaveID: "leave-0803",
			From: demoLeaveTaken, To: demoLeaveTaken.Add(8 * time.Hour), Reason: "病假（附医院证明）"})
	issue(s, "已核对医院证明，同意补假", k+"sign", headOf(personOf(demoLeaveRep).Unit), demoLeaveFiled.Add(2*time.Hour), demoLeaveTaken,
		s.h.Employees.SignLeave, commands.SignLeave{EmployeeID: demoLeaveRep, LeaveID: "leave-0803"})
}

// The demo's amendment: the AGV contract, signed in May, takes two more
// robots in August. A new final quotation is approved, the amendment goes
// through the whole review chain and the branch manager signs it.
const demoAmendedContract = "ctr-2026-015"

func (s *seeder) amendAfterApproval() {
	c := demoContractByID(demoAmendedContract)
	at := day(2026, 8, 10)
	q := c.quote()
	q.ID, q.Qty, q.At = q.ID+"-a1", c.Qty+2, at
	s.quote(q)
	amended := c
	amended.Qty = q.Qty
	terms := amended.terms()
	k := "contract:" + c.ID + ":amendment-1:"
	hash := "sha256:" + c.ID + "-a1"
	because(s, "客户二期产线扩建，追加 2 台 AGV", k+"request", c.Rep, at.AddDate(0, 0, 1), s.h.Contracts.RequestContractAmendment,
		commands.RequestContractAmendment{ContractID: c.ID, AmendmentID: "amendment-1", QuotationID: q.ID, Terms: terms,
			Reason: "客户二期产线扩建，追加 2 台 AGV"})
	step(s, k+"register", c.Rep, at.AddDate(0, 0, 1).Add(time.Hour), s.h.Contracts.SubmitContract, commands.SubmitContract{
		ContractID: c.ID, RegistrationNo: "HT-2026-015-A1", DocumentHash: hash, Documents: []string{"补充协议文本", "最终报价单 " + q.ID}})
	step(s, k+"dept-approve", c.head(), at.AddDate(0, 0, 2), s.h.Contracts.ApproveContractByDeptHead,
		commands.ApproveContractByDeptHead{ContractID: c.ID, Comment: "追加数量与报价一致，同意"})
	step(s, k+"legal-pass", "emp-legal-1", at.AddDate(0, 0, 3), s.h.Contracts.PassContractLegalReview,
		commands.PassContractLegalReview{ContractID: c.ID, Comment: "补充协议条款与原合同一致"})
	step(s, k+"gm-approve", "emp-gm", at.AddDate(0, 0, 4), s.h.Contracts.ApproveContractByGM,
		commands.ApproveContractByGM{ContractID: c.ID, Comment: "同意追加"})
	step(s, k+"sign", branchManagerOf(c.Rep), at.AddDate(0, 0, 5), s.h.Contracts.ApplyContractAmendment,
		commands.ApplyContractAmendment{ContractID: c.ID, Place: contract.PlaceCompany, DocumentHash: hash})
}

func demoContractByID(id string) demoContract {
	for _, c := range demoContracts {
		if c.ID == id {
			return c
		}
	}
	panic("no demo contract " + id) // a programming error, caught by TestSeed_DemoCompany
}

// demoAccessLog is the read-access log the demo's reads are recorded in
// (the application's, as the API records them).
type demoAccessLog interface {
	Record(ctx context.Context, entries ...queries.AccessRecord) error
	Accesses(ctx context.Context, f queries.AccessFilter, page queries.PageRequest) (queries.Page[queries.AccessRecord], error)
}

// demoFileReader is one read of the demo customer file's contacts.
type demoFileReader struct {
	id string
	at time.Time
}

// demoFileReaders read the contacts of demoReadCustomer's file in
// September, as GET /customers/{id} records them: its owning rep, their
// department head, customer service answering a complaint and the GM.
func demoFileReaders() []demoFileReader {
	return []demoFileReader{
		{"emp-rep-02", day(2026, 9, 1)},
		{headOf(personOf("emp-rep-02").Unit), day(2026, 9, 1).Add(3 * time.Hour)},
		{"emp-cs-1", day(2026, 9, 2)},
		{"emp-gm", day(2026, 9, 3)},
	}
}

const demoReadCustomer = "cust-0002"

// demoReadEndpoint is the route the demo's reads went through.
const demoReadEndpoint = "GET /customers/{id}"

// readCustomerFile records the demo's reads of one customer file in the
// read-access log. Reads are not events, so an idempotency key cannot
// stop a rerun recording them twice: the file's reads are recorded once,
// when the log has none of them.
func (s *seeder) readCustomerFile() {
	if s.err != nil || s.accessLog == nil {
		return
	}
	seen, err := s.accessLog.Accesses(s.ctx, queries.AccessFilter{SubjectID: demoReadCustomer}, queries.PageRequest{Limit: 1})
	if err != nil {
		s.err = fmt.Errorf("seed: read the access log: %w", err)
		return
	}
	if len(seen.Items) > 0 {
		return
	}
	entries, err := demoFileReads(demoCustomerFile(demoReadCustomer), demoFileReaders())
	if err == nil {
		err = s.accessLog.Record(s.ctx, entries...)
	}
	if err != nil {
		s.err = fmt.Errorf("seed: record the demo's reads: %w", err)
	}
}

// demoCustomerFile is the demo file id as the customers read model shows
// it to the access rules: its contacts, owning rep and the rep's unit.
func demoCustomerFile(id string) queries.CustomerView {
	for _, c := range demoCustomers {
		if c.ID == id {
			return queries.CustomerView{CustomerID: c.ID, PrimaryContact: c.Contact, Phone: c.Phone,
				OwnerRepID: c.Rep, OrgUnitID: personOf(c.Rep).Unit}
		}
	}
	panic("no demo customer " + id) // a programming error, caught by TestSeed_DemoCompany
}

// demoFileReads are the log entries the API records when readers read
// file c through demoReadEndpoint: each reader's token as the demo issues
// it (their roles and unit), under the rule the API answers by
// (queries.SeesPersonalData, C7), with the fields and owner the API
// names. A reader the rule would have shown no contact is an error: the
// API would have logged nothing, so the demo may not claim the read.
func demoFileReads(c queries.CustomerView, readers []demoFileReader) ([]queries.AccessRecord, error) {
	entries := make([]queries.AccessRecord, len(readers))
	for i, r := range readers {
		actor := personOf(r.id).actor()
		if !queries.SeesPersonalData(actor, c) {
			return nil, fmt.Errorf("%s (%v) may not read the contacts of %s: the API would log no read", r.id, actor.Roles, c.CustomerID)
		}
		roles := make([]string, len(actor.Roles))
		for j, role := range actor.Roles {
			roles[j] = string(role)
		}
		entries[i] = queries.AccessRecord{At: r.at.UTC(), ReaderID: r.id, ReaderRoles: roles, SubjectKind: queries.SubjectCustomer,
			SubjectID: c.CustomerID, Category: queries.CategoryCustomerContact, Fields: queries.CustomerContactFields,
			Endpoint: demoReadEndpoint, RequestID: fmt.Sprintf("seed:read:%s:%d", c.CustomerID, i), SubjectOwnerID: c.OwnerRepID}
	}
	return entries, nil
}
