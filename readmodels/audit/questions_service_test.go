package audit_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/queries"
)

func TestQuestionA5_WhoChangedWhichFieldAndWhy(t *testing.T) {
	h := newHistory(t)
	registered := h.add("customer-k1", "rep-1", domain.RoleSalesRep, customer.Registered{CustomerID: "k1", Number: "N1", Name: "Acme",
		Address: "1 Road", PrimaryContact: "Wang", Phone: "123", OwnerRepID: "rep-1", RegisteredBy: "rep-1", RegisteredAt: day})
	time.Sleep(5 * time.Millisecond)
	since := time.Now()
	updated := h.add("customer-k1", "cs-1", domain.RoleCustomerService, customer.ProfileUpdated{CustomerID: "k1", Reason: "moved",
		Changes: []customer.FieldChange{{Field: "address", Old: "1 Road", New: "2 Road"}, {Field: "phone", Old: "123", New: "456"}}})
	reassigned := h.add("customer-k1", "head-1", domain.RoleDeptHead, customer.Reassigned{CustomerID: "k1", FromRepID: "rep-1", ToRepID: "rep-2", Reason: "rep left"})
	h.add("customer-k2", "rep-1", domain.RoleSalesRep, customer.Registered{CustomerID: "k2", Number: "N2", Name: "Other"})
	q := h.queries()

	first := row{Subject: "customer-k1", Facts: map[string]string{"customer_id": "k1", "change": "registered", "by": "rep-1", "role": "SALES_REP",
		"why": "reason " + registered, "fields": "address, name, number, org_unit_id, owner_rep_id, phone, primary_contact, region, registered_at, registered_by, source"},
		Flags: []string{}, Evidence: []string{registered}}
	second := row{Subject: "customer-k1", Facts: map[string]string{"customer_id": "k1", "change": "profile_updated", "by": "cs-1", "role": "CUSTOMER_SERVICE",
		"why": "moved", "fields": "address, phone"}, Flags: []string{}, Evidence: []string{updated}}
	third := row{Subject: "customer-k1", Facts: map[string]string{"customer_id": "k1", "change": "reassigned", "by": "head-1", "role": "DEPT_HEAD",
		"why": "rep left", "fields": "from_rep_id, reason, reassigned_at, reassigned_by, to_rep_id"}, Flags: []string{}, Evidence: []string{reassigned}}
	assertAnswer(t, q, "A5", queries.AuditQuestionFilter{Subject: "k1"}, first, second, third)
	assertAnswer(t, q, "A5", queries.AuditQuestionFilter{Subject: "k1", From: since}, second, third)
	assertAnswer(t, q, "A5", queries.AuditQuestionFilter{Subject: "k1", To: since}, first)
}

func TestQuestionA7_ComplaintsFromReceiptToSatisfaction(t *testing.T) {
	h := newHistory(t)
	received := func(id string) string {
		return h.add("complaint-"+id, "cs-1", domain.RoleCustomerService, complaint.Received{ComplaintID: id, CustomerID: "k1", Content: "broken", ReceivedBy: "cs-1", ReceivedAt: day})
	}
	routed := func(id string, late bool) string {
		return h.add("complaint-"+id, "cs-1", domain.RoleCustomerService, complaint.Routed{ComplaintID: id, DepartmentID: "QUALITY", RoutedAt: day.Add(time.Hour), Late: late})
	}
	closed := func(id, by string) string {
		return h.add("complaint-"+id, "cs-1", domain.RoleCustomerService, complaint.Closed{ComplaintID: id, SatisfactionConfirmedBy: by, ClosedAt: day.AddDate(0, 0, 3)})
	}
	z1 := []string{received("z1"), routed("z1", false),
		h.add("complaint-z1", "cs-1", domain.RoleCustomerService, complaint.CustomerUpdated{ComplaintID: "z1", Message: "on it"}),
		h.add("complaint-z1", "cs-1", domain.RoleCustomerService, complaint.CustomerUpdated{ComplaintID: "z1", Message: "fixed", Late: true}),
		h.add("complaint-z1", "q-1", domain.RoleQuality, complaint.RootCauseRecorded{ComplaintID: "z1", Category: "PACKAGING"}),
		closed("z1", "Mr Li")}
	z2 := []string{received("z2"), closed("z2", "")}
	z3 := []string{received("z3"), routed("z3", true), closed("z3", "Mr Li"),
		h.add("complaint-z3", "cs-1", domain.RoleCustomerService, complaint.Reopened{ComplaintID: "z3", Reason: "broke again"})}
	q := h.queries()
	assertAnswer(t, q, "A7", queries.AuditQuestionFilter{},
		row{Subject: "complaint-z1", Facts: map[string]string{"complaint_id": "z1", "received_at": "2026-03-02T09:00:00Z", "department": "QUALITY",
			"routed_at": "2026-03-02T10:00:00Z", "customer_updates": "2", "status": "closed", "satisfaction_confirmed_by": "Mr Li", "root_cause": "PACKAGING"},
			Flags: []string{"customer_update_late"}, Evidence: z1},
		row{Subject: "complaint-z2", Facts: map[string]string{"complaint_id": "z2", "received_at": "2026-03-02T09:00:00Z", "customer_updates": "0", "status": "closed"},
			Flags: []string{"closed_without_satisfaction_confirmation", "not_routed"}, Evidence: z2},
		row{Subject: "complaint-z3", Facts: map[string]string{"complaint_id": "z3", "received_at": "2026-03-02T09:00:00Z", "department": "QUALITY",
			"routed_at": "2026-03-02T10:00:00Z", "customer_updates": "0", "status": "open", "satisfaction_confirmed_by": "Mr Li"},
			Flags: []string{"routed_late"}, Evidence: z3})
}

func TestQuestionA8_DeliveriesWithoutSignOffOrNoteHandover(t *testing.T) {
	h := newHistory(t)
	dispatched := func(id string) string {
		return h.add("order-"+id, "wh-1", domain.RoleDelivery, order.Dispatched{OrderID: id, TransportRef: "T-" + id, DispatchedAt: day})
	}
	dispatched("o1")
	h.add("order-o1", "dl-1", domain.RoleDelivery, order.Delivered{OrderID: "o1", SignedBy: "Mr Li", DeliveryNoteNo: "DN1", NoteHandedToEmployeeID: "clerk-1"})
	o2 := dispatched("o2")
	o3 := []string{dispatched("o3"), h.add("order-o3", "dl-1", domain.RoleDelivery, order.Delivered{OrderID: "o3", SignedBy: "Mr Li", DeliveryNoteNo: "DN3"})}
	q := h.queries()
	assertAnswer(t, q, "A8", queries.AuditQuestionFilter{},
		row{Subject: "order-o2", Facts: map[string]string{"order_id": "o2", "dispatched_at": "2026-03-02T09:00:00Z"},
			Flags: []string{"awaiting_customer_sign_off"}, Evidence: []string{o2}},
		row{Subject: "order-o3", Facts: map[string]string{"order_id": "o3", "dispatched_at": "2026-03-02T09:00:00Z", "signed_by": "Mr Li", "delivery_note_no": "DN3"},
			Flags: []string{"delivery_note_not_handed_over"}, Evidence: o3})
}
