package commands_test

import (
	"context"
	"errors"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
)

// A department head approves only contracts drafted in their own unit, and a
// head token without an org unit gets no department-scoped power at all.
func TestApproveContractByDeptHead_departmentScope(t *testing.T) {
	tests := []struct {
		name    string
		meta    commands.Meta
		wantErr error
	}{
		{name: "the head of the drafter's unit approves", meta: contractHead},
		{name: "another unit's head is refused", meta: contractMeta("head-9", "ou-other", domain.RoleDeptHead), wantErr: domain.ErrForbidden},
		{name: "a head without an org unit is refused", meta: contractMeta("head-9", "", domain.RoleDeptHead), wantErr: domain.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// given a contract drafted and submitted in ou-sales
			w := newContractWorld(t)
			ctx := context.Background()
			w.must(w.h.Contracts.DraftContract(ctx, contractRep, contractDraft))
			w.must(w.h.Contracts.SubmitContract(ctx, contractRep, commands.SubmitContract{ContractID: "k-1", DocumentHash: contractHash}))

			// when a department head approves it
			_, err := w.h.Contracts.ApproveContractByDeptHead(ctx, tt.meta, commands.ApproveContractByDeptHead{ContractID: "k-1"})

			// then only the drafter's unit's head succeeds
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ApproveContractByDeptHead() error = %v, want %v", err, tt.wantErr)
			}
			wantEvents := 1
			if tt.wantErr != nil {
				wantEvents = 0
			}
			if n := w.count("contract.dept_head_approved"); n != wantEvents {
				t.Errorf("dept_head_approved events = %d, want %d", n, wantEvents)
			}
		})
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
