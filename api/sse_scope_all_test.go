package api

import (
	"strings"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/regulation"
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/domain/stock"
	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/eventstore"
)

// aggregateStreams are a stream of every aggregate of domain/, by the
// live feed's name for its type.
var aggregateStreams = map[string]string{
	"complaint": complaint.Stream("c1"), "contract": contract.Stream("k1"), "customer": customer.Stream("cu1"),
	"employee": employee.Stream("e1"), "customerportfolio": employee.PortfolioStream("e1"),
	"expense": expense.Stream("x1"), "meeting": meeting.Stream("m1"), "order": order.Stream("o1"),
	"pay": pay.Stream("e1", pay.Month{}), "quotation": quotation.Stream("q1"), "regulation": regulation.Stream("pay"),
	"research": research.Stream("r1"), "salesplan": salesplan.Stream("s1"),
	"stock": stock.ItemStream("b1", stock.Product{Name: "pump", ModelSpec: "P-1"}), "stocktransfer": stock.TransferStream("t1"),
	"replenishment": stock.ReplenishmentStream("p1"), "materialsrequest": stock.MaterialsStream("mr1"),
	"spotcheck": sv.SpotCheckStream("sc1"), "rectification": sv.NoticeStream("n1"), "processeval": sv.EvaluationStream("pe1"),
	"analysisreport": sv.ReportStream("2027-Q1"), "trainingplan": training.PlanStream("tp1"), "trainingsession": training.SessionStream("ts1"),
	"workplan": workplan.Stream("w1"),
}

// Given a stream of every aggregate of domain/, when the live feed finds
// its type, then it is that aggregate's, and every type the feed lists
// has a stream here (rule D-sse-scope-all): no aggregate's events are
// dropped as a system stream's.
func TestEventScope_everyAggregateIsOnTheFeed(t *testing.T) {
	for name, stream := range aggregateStreams {
		a, id, ok := aggregateOf(stream)
		if !ok || a.Name != name || id == "" {
			t.Errorf("%s: the feed finds %q (%v, id %q), want %s", stream, a.Name, ok, id, name)
		}
	}
	for _, a := range eventAggregates {
		if _, ok := aggregateStreams[a.Name]; !ok {
			t.Errorf("the feed lists %s, which no aggregate's stream here has", a.Name)
		}
		for _, b := range eventAggregates {
			if a.Name != b.Name && strings.HasPrefix(a.Prefix, b.Prefix) {
				t.Errorf("%s's prefix %q begins with %s's %q: its events would be told as %s's", a.Name, a.Prefix, b.Name, b.Prefix, b.Name)
			}
		}
	}
	if _, _, ok := aggregateOf(customer.NumberStream("C-1")); ok {
		t.Error("a customer number reservation (a system stream) is on the feed")
	}
}

// Given an event of each newer aggregate recorded by someone in ou-sales,
// when the feed decides who is told of it, then the roles that read its
// list company-wide are, a manager of ou-sales who reads it is, a manager
// of another unit and a role that does not read it are not (D-sse-scope-all).
func TestEventScope_newerAggregatesFollowTheirReaders(t *testing.T) {
	actor := func(role domain.Role, unit string) domain.Actor {
		return domain.Actor{EmployeeID: "someone", Roles: []domain.Role{role}, OrgUnitID: unit}
	}
	for _, tc := range []struct {
		aggregate string
		reader    domain.Role // reads it company-wide
		manager   domain.Role // reads it for their unit
		outsider  domain.Role // does not read it
	}{
		{"expense", domain.RoleFinance, domain.RoleDeptHead, domain.RoleWarehouse},
		{"meeting", domain.RoleHR, domain.RoleDeptHead, domain.RoleWarehouse},
		{"research", domain.RoleMarketResearcher, domain.RoleDeptHead, domain.RoleWarehouse},
		{"spotcheck", domain.RoleProcessSupervisor, domain.RoleDeptHead, domain.RoleHR},
		{"processeval", domain.RoleProcessSupervisor, domain.RoleDeptHead, domain.RoleHR},
		{"analysisreport", domain.RoleProcessSupervisor, domain.RoleDeptHead, domain.RoleHR},
		{"trainingplan", domain.RoleHR, domain.RoleDeptHead, domain.RoleWarehouse},
		{"trainingsession", domain.RoleHR, domain.RoleDeptHead, domain.RoleWarehouse},
		{"stock", domain.RoleWarehouse, domain.RoleBranchManager, domain.RoleHR},
		{"stocktransfer", domain.RoleWarehouse, domain.RoleBranchManager, domain.RoleHR},
		{"replenishment", domain.RoleWarehouse, domain.RoleBranchManager, domain.RoleHR},
		{"materialsrequest", domain.RoleClerk, domain.RoleBranchManager, domain.RoleHR},
		{"pay", domain.RoleFinance, domain.RoleDeptHead, domain.RoleSalesRep},
		{"customerportfolio", domain.RoleGM, domain.RoleDeptHead, domain.RoleWarehouse},
	} {
		e := eventstore.Recorded{Stream: aggregateStreams[tc.aggregate], EventData: eventstore.EventData{Metadata: eventstore.Metadata{ActorID: "other", ActorOrgUnitID: "ou-sales"}}}
		for _, c := range []struct {
			who  string
			as   domain.Actor
			want bool
		}{
			{"a company-wide reader", actor(tc.reader, "ou-x"), true},
			{"a manager of the unit", actor(tc.manager, "ou-sales"), true},
			{"a manager of another unit", actor(tc.manager, "ou-other"), false},
			{"a role that does not read it", actor(tc.outsider, "ou-sales"), false},
		} {
			if got := mayReceive(c.as, e); got != c.want {
				t.Errorf("%s: %s (%s) told %v, want %v", tc.aggregate, c.who, c.as.Roles[0], got, c.want)
			}
		}
	}
}
