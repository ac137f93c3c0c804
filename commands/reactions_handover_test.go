package commands_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

func TestReaction_RouteComplaintAtReceipt(t *testing.T) {
	received := complaint.Received{ComplaintID: "cp-1", CustomerID: "c-2", Channel: complaint.ChannelPhone, Content: "pump leaks",
		Contact: "王经理", ReceivedBy: "cs-1", ReceivedAt: contractNow}
	tests := []struct {
		name      string
		customer  string // the complaining customer
		given     []domain.Event
		wantRoute int
		wantErr   error
	}{
		{name: "a complaint received without a department is routed to the customer's department at once (§3.7-routing)", customer: "c-2",
			given: []domain.Event{received}, wantRoute: 1},
		{name: "a complaint routed with its receipt is left where it is", customer: "c-2", wantRoute: 1, given: []domain.Event{received,
			complaint.Routed{ComplaintID: "cp-1", DepartmentID: "QUALITY", RoutedBy: "cs-1", RoutedAt: contractNow, WithReceipt: true}}},
		{name: "a customer whose file names no department cannot be routed automatically", customer: "c-1",
			given: []domain.Event{received}, wantErr: commands.ErrNoDepartmentToRoute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newContractWorld(t)
			w.codec.Register(complaint.Events()...)
			w.seed(customer.Stream("c-2"), customer.Registered{CustomerID: "c-2", Number: "C-002", Name: "Hangzhou Valves", OrgUnitID: "EAST-SALES", RegisteredAt: contractNow})
			w.seed(complaint.Stream("cp-1"), tt.given...)
			e := received
			e.CustomerID = tt.customer
			cause := commands.Cause{EventID: "ev-received", CorrelationID: "corr-1"}

			var err error
			for range 3 { // the same message delivered three times
				_, err = w.h.Reactions.RouteComplaintAtReceipt(context.Background(), cause, e)
			}

			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("RouteComplaintAtReceipt() error = %v, want %v", err, tt.wantErr)
			}
			if n := countIn(t, w.store, complaint.Stream("cp-1"), "complaint.routed"); n != tt.wantRoute {
				t.Errorf("routings = %d, want %d", n, tt.wantRoute)
			}
		})
	}
}

func TestReaction_OpenHandoverTasksOnDeparture(t *testing.T) {
	w := newContractWorld(t)
	w.codec.Register(employee.Events()...)
	w.seed(employee.Stream("e-1"), employee.Hired{EmployeeID: "e-1", Name: "王磊", Role: domain.RoleSalesRep, OrgUnitID: "EAST-SALES", HiredAt: contractNow})
	w.seed(employee.PortfolioStream("e-1"), employee.CustomerAssigned{EmployeeID: "e-1", CustomerID: "c-2"},
		employee.CustomerAssigned{EmployeeID: "e-1", CustomerID: "c-1"}, employee.PortfolioFrozen{EmployeeID: "e-1", Reason: "resigned", FrozenAt: contractNow})
	started := employee.DepartureInitiated{EmployeeID: "e-1", Type: employee.DepartureResign, Reason: "moving", InitiatedAt: contractNow}
	cause := commands.Cause{EventID: "ev-departure", CorrelationID: "corr-1"}

	for range 3 { // the same message delivered three times
		if _, err := w.h.Reactions.OpenHandoverTasksOnDeparture(context.Background(), cause, started); err != nil {
			t.Fatalf("OpenHandoverTasksOnDeparture() error = %v", err)
		}
	}

	recs, _ := w.store.ReadStream(context.Background(), employee.PortfolioStream("e-1"), eventstore.ReadStreamOptions{})
	if n := countIn(t, w.store, employee.PortfolioStream("e-1"), "employee.handover_tasks_opened"); n != 1 {
		t.Fatalf("handover task lists = %d, want 1 (E11-handover)", n)
	}
	e, _ := w.codec.Decode(recs[len(recs)-1].Type, recs[len(recs)-1].SchemaVersion, recs[len(recs)-1].Data)
	opened := e.(employee.HandoverTasksOpened)
	if diff := cmp.Diff([]string{"c-1", "c-2"}, opened.CustomerIDs); diff != "" || opened.OrgUnitID != "EAST-SALES" ||
		recs[len(recs)-1].Metadata.CausationID != "ev-departure" {
		t.Errorf("handover tasks %+v (%s) with %+v; want c-1 and c-2 for EAST-SALES's head, caused by the departure", opened, diff, recs[len(recs)-1].Metadata)
	}
}
