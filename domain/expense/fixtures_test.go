package expense_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/expense"
)

// t0 is 2026-11-10 09:00 in the company's calendar (UTC+8).
var (
	t0     = time.Date(2026, 11, 10, 1, 0, 0, 0, time.UTC)
	policy = expense.DefaultPolicy()

	claimant = domain.Actor{EmployeeID: "rep-1", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "sales-east"}
	head     = domain.Actor{EmployeeID: "head-1", Roles: []domain.Role{domain.RoleDeptHead}, OrgUnitID: "sales-east"}
	deputy   = domain.Actor{EmployeeID: "deputy-1", Roles: []domain.Role{domain.RoleDeputyHead}, OrgUnitID: "sales-east"}
	otherHd  = domain.Actor{EmployeeID: "head-2", Roles: []domain.Role{domain.RoleDeptHead}, OrgUnitID: "sales-west"}
	gm       = domain.Actor{EmployeeID: "gm-1", Roles: []domain.Role{domain.RoleGM}, OrgUnitID: "ou-gm"}
	finance  = domain.Actor{EmployeeID: "fin-1", Roles: []domain.Role{domain.RoleFinance}, OrgUnitID: "ou-finance"}

	phone = expense.Item{Kind: expense.KindPhone, Amount: domain.Fen(8_000), IncurredOn: "2026-11-09", VoucherRef: "INV-1"}
	taxi  = expense.Item{Kind: expense.KindTransport, Amount: domain.Fen(12_050), IncurredOn: "2026-11-10", VoucherRef: "INV-2"}
	cards = expense.Item{Kind: expense.KindBusinessCards, Amount: domain.Yuan(150), IncurredOn: "2026-11-10", VoucherRef: "INV-3"}

	drafted   = expense.Drafted{ClaimID: "x-1", ClaimantID: "rep-1", OrgUnitID: "sales-east", Purpose: "visits to Ningbo Pumps", Items: []expense.Item{phone, taxi}, DraftedAt: t0}
	submitted = expense.Submitted{ClaimID: "x-1", Total: domain.Fen(20_050), SubmittedBy: "rep-1", SubmittedAt: t0}
	byHead    = expense.Signed{ClaimID: "x-1", SignerID: "head-1", SignerRole: domain.RoleDeptHead, Manager: true, SignedAt: t0}
	byOther   = expense.Signed{ClaimID: "x-1", SignerID: "head-2", SignerRole: domain.RoleDeptHead, SignedAt: t0}
	byGM      = expense.Signed{ClaimID: "x-1", SignerID: "gm-1", SignerRole: domain.RoleGM, Manager: true, Complete: true, SignedAt: t0}
	approved  = expense.FinanceApproved{ClaimID: "x-1", ApproverID: "fin-1", Amount: domain.Fen(20_050), ApprovedAt: t0}

	signedClaim = []domain.Event{drafted, submitted, byHead, byGM}
)

// decideCase is one given/when/then case of a decision.
type decideCase struct {
	name    string
	given   []domain.Event
	want    []domain.Event
	wantErr error
}

// check folds each case's given events, runs decide and compares.
func check(t *testing.T, cases []decideCase, decide func(expense.Claim) ([]domain.Event, error)) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(expense.Claim.Evolve, tt.given...)
			got, err := decide(c)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
				if len(got) != 0 {
					t.Fatalf("refused decision recorded %v", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("events (-want +got):\n%s", diff)
			}
		})
	}
}

func priorApproved(amount domain.Money, day string) expense.PriorApproved {
	return expense.PriorApproved{ClaimID: "x-1", ApproverID: "gm-1", ApproverRole: domain.RoleGM, Amount: amount, Day: day, ApprovedAt: t0}
}

func draftOf(items ...expense.Item) expense.Drafted {
	d := drafted
	d.Items = items
	return d
}
