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
