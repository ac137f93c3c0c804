package commands_test

import (
	"context"
	"errors"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/order"
)

// A department head approves or returns only contracts drafted in their
// own unit, and a head token without an org unit gets no department-scoped
// power at all.
func TestContractReviewByDeptHead_departmentScope(t *testing.T) {
	actions := []struct {
		name  string
		event string // the event the head's step records
		run   func(w *contractWorld, m commands.Meta) error
	}{
		{name: "approve", event: "contract.dept_head_approved", run: func(w *contractWorld, m commands.Meta) error {
			_, err := w.h.Contracts.ApproveContractByDeptHead(context.Background(), m, commands.ApproveContractByDeptHead{ContractID: "k-1"})
			return err
		}},
		{name: "return", event: "contract.returned", run: func(w *contractWorld, m commands.Meta) error {
			_, err := w.h.Contracts.RejectContractByDeptHead(context.Background(), m, commands.RejectContractByDeptHead{ContractID: "k-1", Comment: "prices missing"})
			return err
		}},
	}
	heads := []struct {
		name    string
		meta    commands.Meta
		wantErr error
	}{
		{name: "the head of the drafter's unit", meta: contractHead},
		{name: "another unit's head is refused", meta: contractMeta("head-9", "ou-other", domain.RoleDeptHead), wantErr: domain.ErrForbidden},
		{name: "a head without an org unit is refused", meta: contractMeta("head-9", "", domain.RoleDeptHead), wantErr: domain.ErrForbidden},
	}
	for _, act := range actions {
		for _, tt := range heads {
			t.Run(act.name+"/"+tt.name, func(t *testing.T) {
				// given a contract drafted and submitted in ou-sales
				w := newContractWorld(t)
				ctx := context.Background()
				w.must(w.h.Contracts.DraftContract(ctx, contractRep, contractDraft))
				w.must(w.h.Contracts.SubmitContract(ctx, contractRep, commands.SubmitContract{ContractID: "k-1", DocumentHash: contractHash}))

				// when a department head approves or returns it
				err := act.run(w, tt.meta)

				// then only the drafter's unit's head succeeds, and only
				// their step is recorded
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("%s error = %v, want %v", act.name, err, tt.wantErr)
				}
				wantEvents := 1
				if tt.wantErr != nil {
					wantEvents = 0
				}
				if n := w.count(act.event); n != wantEvents {
					t.Errorf("%s events = %d, want %d", act.event, n, wantEvents)
				}
			})
		}
	}
}

// A department head reassigns only customers of their own org unit.
func TestReassignCustomer_departmentScope(t *testing.T) {
	tests := []struct {
		name    string
		meta    commands.Meta
		wantErr error
	}{
		{name: "the head of the customer's unit reassigns", meta: customerHead},
		{name: "another unit's head is refused", meta: headOf("head-9", "branch-sh"), wantErr: domain.ErrForbidden},
		{name: "a head without an org unit is refused", meta: headOf("head-9", ""), wantErr: domain.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// given customer c-1 of branch-nj, owned by rep-1
			w := registeredCustomerWorld(t)

			// when a department head hands it to rep-2
			_, err := w.h.Customers.ReassignCustomer(context.Background(), tt.meta, commands.ReassignCustomer{CustomerID: "c-1", ToRepID: "rep-2"})

			// then only the head of branch-nj succeeds
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ReassignCustomer() error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// headOf is a department head of org unit ou ("" for a token without one).
func headOf(id, ou string) commands.Meta {
	return commands.Meta{Actor: domain.Actor{EmployeeID: id, Roles: []domain.Role{domain.RoleDeptHead}, OrgUnitID: ou}, Reason: "test " + id}
}

// A department head signs leave, rewards, penalizes and fines only employees of their
// own org unit; HR, the GM and the admin office act company-wide.
func TestEmployeeDiscipline_departmentScope(t *testing.T) {
	commendation := employee.RewardGrant{RewardID: "r-1", Type: "COMMENDATION_LETTER", Reason: "a good quarter"}
	actions := []struct {
		name string
		do   func(*commands.Handler, commands.Meta) (commands.Result, error)
	}{
		{name: "SignLeave", do: func(h *commands.Handler, m commands.Meta) (commands.Result, error) {
			return h.Employees.SignLeave(context.Background(), m, commands.SignLeave{EmployeeID: "e-1", LeaveID: "l-1"})
		}},
		{name: "IssueReward", do: func(h *commands.Handler, m commands.Meta) (commands.Result, error) {
			return h.Employees.IssueReward(context.Background(), m, commands.IssueReward{EmployeeID: "e-1", Reward: commendation})
		}},
		{name: "IssuePenalty", do: func(h *commands.Handler, m commands.Meta) (commands.Result, error) {
			return h.Employees.IssuePenalty(context.Background(), m, commands.IssuePenalty{EmployeeID: "e-1",
				Penalty: employee.PenaltyDecision{PenaltyID: "p-1", Type: "VERBAL_WARNING", Reason: "late twice", RuleRef: "E12"}})
		}},
		{name: "IssueFine", do: func(h *commands.Handler, m commands.Meta) (commands.Result, error) {
			return h.Employees.IssueFine(context.Background(), m, commands.IssueFine{EmployeeID: "e-1", FineID: "f-1", Item: employee.FineSloppyReport, Reason: "no visits listed"})
		}},
	}
	actors := []struct {
		name    string
		meta    commands.Meta
		wantErr error
	}{
		{name: "the head of the employee's unit", meta: headOf("dh-1", "sales")},
		{name: "another unit's head", meta: headOf("dh-9", "service"), wantErr: domain.ErrForbidden},
		{name: "a head without an org unit", meta: headOf("dh-9", ""), wantErr: domain.ErrForbidden},
	}
	for _, a := range actions {
		for _, tt := range actors {
			t.Run(a.name+" by "+tt.name, func(t *testing.T) {
				// given e-1 of unit sales, regular, with leave l-1 requested
				w := newEmployeeWorld(t).regular()
				self := commands.Meta{Actor: domain.Actor{EmployeeID: "e-1", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "sales"}, Reason: "family"}
				w.ok(w.h.Employees.RequestLeave(context.Background(), self, commands.RequestLeave{EmployeeID: "e-1", LeaveID: "l-1",
					From: w.now.AddDate(0, 0, 7), To: w.now.AddDate(0, 0, 8), Reason: "family"}))
				before := len(w.records())

				// when a department head acts on e-1
				_, err := a.do(w.h, tt.meta)

				// then only the head of sales succeeds, and a refusal records nothing
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("%s() error = %v, want %v", a.name, err, tt.wantErr)
				}
				if tt.wantErr != nil && len(w.records()) != before {
					t.Errorf("%s() refused but the stream grew from %d to %d events", a.name, before, len(w.records()))
				}
			})
		}
	}
}

// A rep parks only a customer they own.
func TestParkCustomer_ownerOnly(t *testing.T) {
	tests := []struct {
		name    string
		meta    commands.Meta
		wantErr error
	}{
		{name: "the owning rep parks", meta: customerRep},
		{name: "a rep of another branch is refused", meta: commands.Meta{Actor: domain.Actor{EmployeeID: "rep-9",
			Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "branch-sh"}, Reason: "not interested"}, wantErr: domain.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// given customer c-1 of branch-nj, owned by rep-1
			w := registeredCustomerWorld(t)

			// when a rep parks it
			_, err := w.h.Customers.ParkCustomer(context.Background(), tt.meta, commands.ParkCustomer{CustomerID: "c-1"})

			// then only the owner succeeds
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParkCustomer() error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// A sales rep requests a return only on an order of a customer they own or
// of their own org unit.
func TestRequestReturnOrExchange_repServesTheCustomer(t *testing.T) {
	rep := func(id, ou string) commands.Meta {
		return commands.Meta{Actor: domain.Actor{EmployeeID: id, Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: ou}, Reason: "test " + id}
	}
	tests := []struct {
		name    string
		meta    commands.Meta
		wantErr error
	}{
		{name: "the owning rep", meta: rep("rep-1", "branch-nj")},
		{name: "a rep of the customer's branch", meta: rep("rep-2", "branch-nj")},
		{name: "a rep of another branch is refused", meta: rep("rep-9", "branch-sh"), wantErr: domain.ErrForbidden},
		{name: "a rep without an org unit who does not own the customer is refused", meta: rep("rep-9", ""), wantErr: domain.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// given a delivered order o-1 of customer c-2, owned by rep-1 of branch-nj
			w := newOrderWorld(t)
			w.seed(customer.Stream("c-2"), customer.Registered{CustomerID: "c-2", Number: "C-002", Name: "Jinling Valves",
				OwnerRepID: "rep-1", OrgUnitID: "branch-nj", RegisteredAt: orderNow})
			w.seed(order.Stream("o-1"),
				order.Created{OrderID: "o-1", ContractID: "k-1", CustomerID: "c-2", Total: domain.Yuan(10000), CreatedBy: "rep-1", CreatedAt: orderNow},
				order.Delivered{OrderID: "o-1", SignedBy: "Mr Wang", SignedAt: orderNow, DeliveryNoteNo: "DN-1", RecordedBy: "drv-1", DeliveredAt: orderNow})

			// when a rep requests a return on it
			_, err := w.h.Orders.RequestReturnOrExchange(context.Background(), tt.meta,
				commands.RequestReturnOrExchange{OrderID: "o-1", ReturnID: "r-1", Kind: order.KindReturn, Reason: "wrong valves"})

			// then only a rep who serves c-2 succeeds
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("RequestReturnOrExchange() error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}
