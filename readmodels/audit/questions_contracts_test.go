package audit_test

import (
	"context"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/queries"
)

func TestQuestionA1_ApprovalChainInOrder(t *testing.T) {
	h := newHistory(t)
	c1 := []string{
		h.add("contract-c1", "rep-1", domain.RoleSalesRep, contract.Registered{ContractID: "c1", RegistrationNo: "R1", DocumentHash: "h1", SubmittedBy: "rep-1", RegisteredAt: day}),
		h.add("contract-c1", "head-1", domain.RoleDeptHead, contract.DeptHeadApproved{ContractID: "c1", Review: review("head-1", domain.RoleDeptHead, contract.DecisionApproved, "fine by me")}),
		h.add("contract-c1", "legal-1", domain.RoleLegal, contract.LegalReviewPassed{ContractID: "c1", Review: review("legal-1", domain.RoleLegal, contract.DecisionPassed, "")}),
		h.add("contract-c1", "gm-1", domain.RoleGM, contract.ApprovedByGM{ContractID: "c1", Review: review("gm-1", domain.RoleGM, contract.DecisionApproved, "")}),
		h.add("contract-c1", "gm-1", domain.RoleGM, contract.Signed{ContractID: "c1", SignerID: "gm-1", SignerRole: domain.RoleGM, Place: contract.PlaceCompany, DocumentHash: "h1", SignedAt: day}),
	}
	// c2: returned after the department head's approval; only the GM
	// approved the text registered again, yet it was signed.
	c2 := []string{
		h.add("contract-c2", "rep-1", domain.RoleSalesRep, contract.Registered{ContractID: "c2", RegistrationNo: "R2", DocumentHash: "h2", SubmittedBy: "rep-1", RegisteredAt: day}),
		h.add("contract-c2", "head-1", domain.RoleDeptHead, contract.DeptHeadApproved{ContractID: "c2", Review: review("head-1", domain.RoleDeptHead, contract.DecisionApproved, "")}),
		h.add("contract-c2", "legal-1", domain.RoleLegal, contract.Returned{ContractID: "c2", Stage: "LEGAL_REVIEW", Review: review("legal-1", domain.RoleLegal, contract.DecisionReturned, "clause missing")}),
		h.add("contract-c2", "rep-1", domain.RoleSalesRep, contract.Registered{ContractID: "c2", RegistrationNo: "R2", DocumentHash: "h3", SubmittedBy: "rep-1", RegisteredAt: day}),
		h.add("contract-c2", "gm-1", domain.RoleGM, contract.ApprovedByGM{ContractID: "c2", Review: review("gm-1", domain.RoleGM, contract.DecisionApproved, "")}),
		h.add("contract-c2", "gm-1", domain.RoleGM, contract.Signed{ContractID: "c2", SignerID: "gm-1", SignerRole: domain.RoleGM, Place: contract.PlaceCompany, DocumentHash: "h3", SignedAt: day}),
	}
	// c3: in review, not signed, the GM's approval given before the
	// department head's.
	c3 := []string{
		h.add("contract-c3", "rep-1", domain.RoleSalesRep, contract.Registered{ContractID: "c3", RegistrationNo: "R3", DocumentHash: "h4", SubmittedBy: "rep-1", RegisteredAt: day}),
		h.add("contract-c3", "gm-1", domain.RoleGM, contract.ApprovedByGM{ContractID: "c3", Review: review("gm-1", domain.RoleGM, contract.DecisionApproved, "")}),
		h.add("contract-c3", "head-1", domain.RoleDeptHead, contract.DeptHeadApproved{ContractID: "c3", Review: review("head-1", domain.RoleDeptHead, contract.DecisionApproved, "")}),
	}
	q := h.queries()

	first := row{Subject: "contract-c1", Facts: map[string]string{"contract_id": "c1", "signed": "true",
		"steps": "registered by rep-1 > dept_head_approved by head-1 > legal_review_passed by legal-1 > approved_by_gm by gm-1 > signed by gm-1"},
		Flags: []string{}, Evidence: c1}
	second := row{Subject: "contract-c2", Facts: map[string]string{"contract_id": "c2", "signed": "true",
		"steps": "registered by rep-1 > dept_head_approved by head-1 > returned by legal-1 > registered by rep-1 > approved_by_gm by gm-1 > signed by gm-1"},
		Flags: []string{"signed_without_dept_head_approval", "signed_without_legal_review"}, Evidence: c2}
	third := row{Subject: "contract-c3", Facts: map[string]string{"contract_id": "c3", "signed": "false",
		"steps": "registered by rep-1 > approved_by_gm by gm-1 > dept_head_approved by head-1"},
		Flags: []string{"gm_approved_before_earlier_steps"}, Evidence: c3}
	assertAnswer(t, q, "A1", queries.AuditQuestionFilter{}, first, second, third)
	assertAnswer(t, q, "A1", queries.AuditQuestionFilter{Subject: "c2"}, second)

	a, err := q.Answer(context.Background(), "A1", queries.AuditQuestionFilter{Subject: "c1"}, queries.PageRequest{})
	if err != nil || a.Rows[0].Evidence[1].Note != "fine by me" || a.Rows[0].Evidence[1].ActorRole != "DEPT_HEAD" {
		t.Errorf("c1's department head step = %+v, %v; want the reviewer's comment and role", a.Rows[0].Evidence[1], err)
	}
}

func TestQuestionA2_SignedByAManagerAtTheCompanyTheApprovedText(t *testing.T) {
	h := newHistory(t)
	r1 := h.add("contract-c1", "rep-1", domain.RoleSalesRep, contract.Registered{ContractID: "c1", DocumentHash: "h1", RegisteredAt: day})
	s1 := h.add("contract-c1", "gm-1", domain.RoleGM, contract.Signed{ContractID: "c1", SignerID: "gm-1", SignerRole: domain.RoleGM, Place: contract.PlaceCompany, DocumentHash: "h1", SignedAt: day})
	r2 := h.add("contract-c2", "rep-1", domain.RoleSalesRep, contract.Registered{ContractID: "c2", DocumentHash: "h1", RegisteredAt: day})
	s2 := h.add("contract-c2", "rep-2", domain.RoleSalesRep, contract.Signed{ContractID: "c2", SignerID: "rep-2", SignerRole: domain.RoleSalesRep, Place: "CUSTOMER_OFFICE", DocumentHash: "h2", SignedAt: day})
	q := h.queries()
	assertAnswer(t, q, "A2", queries.AuditQuestionFilter{},
		row{Subject: "contract-c1", Facts: map[string]string{"contract_id": "c1", "signer_id": "gm-1", "signer_role": "GM", "place": "COMPANY",
			"signed_hash": "h1", "approved_hash": "h1"}, Flags: []string{}, Evidence: []string{r1, s1}},
		row{Subject: "contract-c2", Facts: map[string]string{"contract_id": "c2", "signer_id": "rep-2", "signer_role": "SALES_REP", "place": "CUSTOMER_OFFICE",
			"signed_hash": "h2", "approved_hash": "h1"}, Flags: []string{"signer_not_a_manager", "not_signed_at_the_company", "signed_text_differs_from_approved"},
			Evidence: []string{r2, s2}})
}

func TestQuestionA3_ChangesAfterApprovalWithTheirApprovers(t *testing.T) {
	h := newHistory(t)
	gm := h.add("contract-c1", "gm-1", domain.RoleGM, contract.ApprovedByGM{ContractID: "c1", Review: review("gm-1", domain.RoleGM, contract.DecisionApproved, "")})
	h.add("contract-c1", "gm-1", domain.RoleGM, contract.Signed{ContractID: "c1", SignerID: "gm-1", SignerRole: domain.RoleGM, Place: contract.PlaceCompany, SignedAt: day})
	amendment := []string{gm,
		h.add("contract-c1", "rep-1", domain.RoleSalesRep, contract.AmendmentRequested{ContractID: "c1", AmendmentID: "a1", Terms: terms(120), Reason: "more units"}),
		h.add("contract-c1", "head-1", domain.RoleDeptHead, contract.DeptHeadApproved{ContractID: "c1", AmendmentID: "a1", Review: review("head-1", domain.RoleDeptHead, contract.DecisionApproved, "")}),
		h.add("contract-c1", "legal-1", domain.RoleLegal, contract.LegalReviewPassed{ContractID: "c1", AmendmentID: "a1", Review: review("legal-1", domain.RoleLegal, contract.DecisionPassed, "")}),
		h.add("contract-c1", "gm-1", domain.RoleGM, contract.AmendmentApproved{ContractID: "c1", AmendmentID: "a1", Review: review("gm-1", domain.RoleGM, contract.DecisionApproved, "")}),
		h.add("contract-c1", "gm-1", domain.RoleGM, contract.Amended{ContractID: "c1", AmendmentID: "a1", Before: terms(100), After: terms(120), SignerID: "gm-1", SignerRole: domain.RoleGM, Place: contract.PlaceCompany}),
	}
	lines := []order.Line{{ProductName: "pump", Quantity: 1, UnitPrice: domain.Yuan(150)}}
	// o1: changed after confirmation with the department head's approval.
	o1 := []string{
		h.add("order-o1", "rep-1", domain.RoleSalesRep, order.Confirmed{OrderID: "o1", ConfirmedBy: "rep-1"}),
		h.add("order-o1", "rep-1", domain.RoleSalesRep, order.ChangeRequested{OrderID: "o1", ChangeID: "ch1", After: lines, Reason: "one more"}),
		h.add("order-o1", "head-1", domain.RoleDeptHead, order.ChangeApproved{OrderID: "o1", ChangeID: "ch1", ApproverID: "head-1", ApproverRole: domain.RoleDeptHead}),
		h.add("order-o1", "head-1", domain.RoleDeptHead, order.Changed{OrderID: "o1", ChangeID: "ch1", After: lines, Total: domain.Yuan(150)}),
	}
	// o2: changed after confirmation with no approval recorded.
	o2 := []string{
		h.add("order-o2", "rep-1", domain.RoleSalesRep, order.Confirmed{OrderID: "o2", ConfirmedBy: "rep-1"}),
		h.add("order-o2", "rep-1", domain.RoleSalesRep, order.Changed{OrderID: "o2", ChangeID: "ch9", After: lines, Total: domain.Yuan(150)}),
	}
	// o3: changed before it was confirmed: not a change after confirmation.
	h.add("order-o3", "rep-1", domain.RoleSalesRep, order.Changed{OrderID: "o3", ChangeID: "ch0", After: lines, Total: domain.Yuan(150)})
	h.add("order-o3", "rep-1", domain.RoleSalesRep, order.Confirmed{OrderID: "o3", ConfirmedBy: "rep-1"})
	q := h.queries()
	assertAnswer(t, q, "A3", queries.AuditQuestionFilter{},
		row{Subject: "contract-c1", Facts: map[string]string{"contract_id": "c1", "amendment_id": "a1", "changed": "price",
			"approved_by": "head-1 (DEPT_HEAD), legal-1 (LEGAL), gm-1 (GM)"}, Flags: []string{}, Evidence: amendment},
		row{Subject: "order-o1", Facts: map[string]string{"order_id": "o1", "change_id": "ch1", "changed": "lines", "total": "CNY 150.00",
			"approved_by": "head-1 (DEPT_HEAD)"}, Flags: []string{}, Evidence: o1},
		row{Subject: "order-o2", Facts: map[string]string{"order_id": "o2", "change_id": "ch9", "changed": "lines", "total": "CNY 150.00",
			"approved_by": ""}, Flags: []string{"changed_without_approval"}, Evidence: o2})
}

func TestQuestionA4_MarginAuthorityAndUnapprovedPrices(t *testing.T) {
	h := newHistory(t)
	margin := func(id, m string, tier quotation.Tier) string {
		return h.add("quotation-"+id, "rep-1", domain.RoleSalesRep, quotation.MarginComputed{QuotationID: id, Margin: pct(t, m), Tier: tier})
	}
	approve := func(id, by string, role domain.Role, retro bool) string {
		return h.add("quotation-"+id, by, role, quotation.Approved{QuotationID: id, ApproverID: by, ApproverRole: role, Retro: retro})
	}
	issue := func(id string) string {
		return h.add("quotation-"+id, "rep-1", domain.RoleSalesRep, quotation.Issued{QuotationID: id, IssuedBy: "rep-1"})
	}
	q1 := []string{margin("q1", "19.99", quotation.TierGM), approve("q1", "gm-1", domain.RoleGM, false), issue("q1")}
	q2 := []string{margin("q2", "15", quotation.TierGM), approve("q2", "gmo-1", domain.RoleGMOffice, false), issue("q2")}
	q3 := []string{margin("q3", "35", quotation.TierDeptHead), issue("q3")}
	q4 := []string{margin("q4", "55", quotation.TierRep),
		h.add("quotation-q4", "rep-1", domain.RoleSalesRep, quotation.IssuedUnderRepAuthority{QuotationID: "q4", Margin: pct(t, "55"), RetroApprovalPending: true})}
	margin("q5", "40", quotation.TierDeptHead)
	approve("q5", "head-1", domain.RoleDeptHead, false)
	issue("q5")
	margin("q6", "60", quotation.TierRep)
	h.add("quotation-q6", "rep-1", domain.RoleSalesRep, quotation.IssuedUnderRepAuthority{QuotationID: "q6", Margin: pct(t, "60"), RetroApprovalPending: true})
	approve("q6", "head-1", domain.RoleDeptHead, true)
	detected := h.add("contract-c9", "rep-1", domain.RoleSalesRep, contract.UnauthorisedQuotationDetected{ContractID: "c9", QuotationID: "q5",
		ContractPrice: domain.Yuan(90), QuotePrice: domain.Yuan(100), DrafterID: "rep-1"})
	q := h.queries()
	assertAnswer(t, q, "A4", queries.AuditQuestionFilter{},
		row{Subject: "contract-c9", Facts: map[string]string{"contract_id": "c9", "quotation_id": "q5", "price": "CNY 90.00", "quote_price": "CNY 100.00",
			"drafter_id": "rep-1"}, Flags: []string{"price_deviates_from_approved_quotation"}, Evidence: []string{detected}},
		row{Subject: "quotation-q1", Facts: map[string]string{"quotation_id": "q1", "margin": "19.99", "tier": "GM", "approved_by": "gm-1 (GM)",
			"issued": "true", "under_rep_authority": "false"}, Flags: []string{}, Evidence: q1},
		row{Subject: "quotation-q2", Facts: map[string]string{"quotation_id": "q2", "margin": "15.00", "tier": "GM", "approved_by": "gmo-1 (GM_OFFICE)",
			"issued": "true", "under_rep_authority": "false"}, Flags: []string{"below_20_percent_without_gm_approval"}, Evidence: q2},
		row{Subject: "quotation-q3", Facts: map[string]string{"quotation_id": "q3", "margin": "35.00", "tier": "DEPT_HEAD", "approved_by": "",
			"issued": "true", "under_rep_authority": "false"}, Flags: []string{"issued_without_approval"}, Evidence: q3},
		row{Subject: "quotation-q4", Facts: map[string]string{"quotation_id": "q4", "margin": "55.00", "tier": "REP", "approved_by": "",
			"issued": "true", "under_rep_authority": "true"}, Flags: []string{"retro_approval_missing"}, Evidence: q4})
}

func TestQuestionA16_SignedOrConfirmedBeforeTheDeposit(t *testing.T) {
	h := newHistory(t)
	drafted := func(id string, deposit int64) string {
		return h.add("contract-"+id, "rep-1", domain.RoleSalesRep, contract.Drafted{ContractID: id, Terms: terms(100), DepositRequired: domain.Yuan(deposit), DrafterID: "rep-1"})
	}
	signed := func(id string) string {
		return h.add("contract-"+id, "gm-1", domain.RoleGM, contract.Signed{ContractID: id, SignerID: "gm-1", SignerRole: domain.RoleGM, Place: contract.PlaceCompany})
	}
	deposit := func(id string) string {
		return h.add("contract-"+id, "fin-1", domain.RoleFinance, contract.DepositReceived{ContractID: id, Amount: domain.Yuan(10), RecordedBy: "fin-1"})
	}
	orderOf := func(id, contractID string) []string {
		return []string{h.add("order-"+id, "rep-1", domain.RoleSalesRep, order.Created{OrderID: id, ContractID: contractID, Total: domain.Yuan(100)}),
			h.add("order-"+id, "rep-1", domain.RoleSalesRep, order.Confirmed{OrderID: id, ConfirmedBy: "rep-1"})}
	}
	c1 := []string{drafted("c1", 10), signed("c1")}
	o1 := append([]string{c1[0]}, orderOf("o1", "c1")...)
	c1 = append(c1, deposit("c1"))
	o1 = append(o1, c1[2])
	drafted("c2", 10)
	deposit("c2")
	signed("c2")
	orderOf("o2", "c2")
	drafted("c3", 0)
	signed("c3")
	orderOf("o3", "c3")
	q := h.queries()
	contractRow := row{Subject: "contract-c1", Facts: map[string]string{"contract_id": "c1", "deposit_required": "CNY 10.00", "deposit_received": "after signing"},
		Flags: []string{"signed_before_deposit"}, Evidence: c1}
	orderRow := row{Subject: "order-o1", Facts: map[string]string{"order_id": "o1", "contract_id": "c1", "deposit_required": "CNY 10.00", "deposit_received": "after confirmation"},
		Flags: []string{"confirmed_before_deposit"}, Evidence: o1}
	assertAnswer(t, q, "A16", queries.AuditQuestionFilter{}, contractRow, orderRow)
	assertAnswer(t, q, "A16", queries.AuditQuestionFilter{Subject: "c1"}, contractRow, orderRow)
	assertAnswer(t, q, "A16", queries.AuditQuestionFilter{Subject: "o1"}, orderRow)
	assertAnswer(t, q, "A16", queries.AuditQuestionFilter{Subject: "c2"})
}
