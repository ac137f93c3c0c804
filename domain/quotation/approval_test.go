package quotation_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
)

// pending is a submitted final quote priced 100.00 at the given cost.
func pending(cost int64) []domain.Event {
	return with(drafted(quotation.TypeWrittenFinal, cost), quotation.ApprovalRequested{QuotationID: "q-1"})
}

// retroPending is a final quote the rep issued under their own authority.
func retroPending(cost int64) []domain.Event {
	return with(drafted(quotation.TypeWrittenFinal, cost), quotation.IssuedUnderRepAuthority{QuotationID: "q-1", RetroApprovalPending: true})
}

func TestQuotation_Approve(t *testing.T) {
	type tc struct {
		name     string
		given    []domain.Event
		role     domain.Role
		want     []domain.Event
		wantErr  error
		wantRule string
	}
	approved := func(role domain.Role, margin domain.Percent, tier quotation.Tier, retro bool) []domain.Event {
		return []domain.Event{quotation.Approved{
			QuotationID: "q-1", ApproverID: "boss-1", ApproverRole: role, Comment: "ok", Margin: margin,
			Tier: tier, RegulationVersion: ver, Retro: retro, ApprovedAt: t1,
		}}
	}
	// The boundaries of K7 against each approver role.
	boundaries := []struct {
		cost   int64
		margin domain.Percent
		tier   quotation.Tier
		okFor  []domain.Role
	}{
		{5000, 5000, quotation.TierRep, []domain.Role{domain.RoleDeptHead, domain.RoleGMOffice, domain.RoleGM}},
		{5001, 4999, quotation.TierDeptHead, []domain.Role{domain.RoleDeptHead, domain.RoleGMOffice, domain.RoleGM}},
		{7000, 3000, quotation.TierDeptHead, []domain.Role{domain.RoleDeptHead, domain.RoleGMOffice, domain.RoleGM}},
		{7001, 2999, quotation.TierGMOffice, []domain.Role{domain.RoleGMOffice, domain.RoleGM}},
		{8000, 2000, quotation.TierGMOffice, []domain.Role{domain.RoleGMOffice, domain.RoleGM}},
		{8001, 1999, quotation.TierGM, []domain.Role{domain.RoleGM}},
	}
	var tests []tc
	for _, b := range boundaries {
		for _, role := range []domain.Role{domain.RoleDeptHead, domain.RoleGMOffice, domain.RoleGM, domain.RoleSalesRep} {
			c := tc{name: fmt.Sprintf("%s margin approved by %s", b.margin, role), given: pending(b.cost), role: role}
			if containsRole(b.okFor, role) {
				c.want = approved(role, b.margin, b.tier, false)
			} else {
				c.name = fmt.Sprintf("%s margin refused to %s", b.margin, role)
				c.wantErr, c.wantRule = domain.ErrRejected, "K7"
			}
			tests = append(tests, c)
		}
	}
	tests = append(tests,
		tc{name: "retro approval of a quote issued under rep authority", given: retroPending(4000), role: domain.RoleDeptHead, want: approved(domain.RoleDeptHead, 6000, quotation.TierRep, true)},
		tc{name: "approving an approved quote records nothing", given: with(pending(6000), quotation.Approved{QuotationID: "q-1"}), role: domain.RoleGM},
		tc{name: "approving after the retro approval records nothing", given: with(retroPending(4000), quotation.Approved{QuotationID: "q-1", Retro: true}), role: domain.RoleGM},
		tc{name: "a draft that was not submitted cannot be approved", given: drafted(quotation.TypeWrittenFinal, 6000), role: domain.RoleGM, wantErr: quotation.ErrNotPending},
		tc{name: "an issued oral quote awaits no approval", given: with(drafted(quotation.TypeOral, 6000), quotation.Issued{QuotationID: "q-1"}), role: domain.RoleGM, wantErr: quotation.ErrNotPending},
		tc{name: "unknown quotation", role: domain.RoleGM, wantErr: quotation.ErrNotFound},
	)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := q.Approve("boss-1", tt.role, "ok", reg, ver, t1)

			if !errors.Is(err, tt.wantErr) || ruleOf(err) != tt.wantRule {
				t.Fatalf("Approve() error = %v (rule %q), want %v (rule %q)", err, ruleOf(err), tt.wantErr, tt.wantRule)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Approve() events mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("the drafter cannot approve their own quote", func(t *testing.T) {
		q := domain.Fold(quotation.Quotation.Evolve, pending(6000)...)
		if _, err := q.Approve("rep-1", domain.RoleGM, "", reg, ver, t1); !errors.Is(err, quotation.ErrSelfApproval) {
			t.Errorf("Approve() by the drafter error = %v, want ErrSelfApproval", err)
		}
	})
}

func containsRole(roles []domain.Role, r domain.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

func TestQuotation_Reject(t *testing.T) {
	rejected := func(margin domain.Percent, tier quotation.Tier, retro bool) []domain.Event {
		return []domain.Event{quotation.Rejected{
			QuotationID: "q-1", ApproverID: "boss-1", ApproverRole: domain.RoleGM, Reason: "too cheap",
			Margin: margin, Tier: tier, RegulationVersion: ver, Retro: retro, RejectedAt: t1,
		}}
	}
	tests := []struct {
		name       string
		given      []domain.Event
		role       domain.Role
		reason     string
		want       []domain.Event
		wantErr    error
		wantStatus quotation.Status
	}{
		{name: "a pending quote returns to draft", given: pending(8500), role: domain.RoleGM, reason: "too cheap", want: rejected(1500, quotation.TierGM, false), wantStatus: quotation.StatusDraft},
		{name: "a refused retro approval marks the issued quote", given: retroPending(4000), role: domain.RoleGM, reason: "too cheap", want: rejected(6000, quotation.TierRep, true), wantStatus: quotation.StatusIssued},
		{name: "a reason is required", given: pending(8500), role: domain.RoleGM, wantErr: domain.ErrInvalid},
		{name: "a department head cannot refuse a GM-tier quote", given: pending(8500), role: domain.RoleDeptHead, reason: "x", wantErr: domain.ErrRejected},
		{name: "an approved quote awaits no decision", given: with(pending(6000), quotation.Approved{QuotationID: "q-1"}), role: domain.RoleGM, reason: "x", wantErr: quotation.ErrNotPending},
		{name: "unknown quotation", role: domain.RoleGM, reason: "x", wantErr: quotation.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := q.Reject("boss-1", tt.role, tt.reason, reg, ver, t1)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Reject() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Reject() events mismatch (-want +got):\n%s", diff)
			}
			if after := domain.Fold(quotation.Quotation.Evolve, with(tt.given, got...)...); err == nil && after.Status != tt.wantStatus {
				t.Errorf("status after Reject() = %s, want %s", after.Status, tt.wantStatus)
			}
		})
	}
}

func TestQuotation_Issue(t *testing.T) {
	issued := []domain.Event{quotation.Issued{QuotationID: "q-1", Type: quotation.TypeWrittenFinal, Price: domain.Fen(10000), IssuedBy: "rep-1", IssuedAt: t1}}
	tests := []struct {
		name     string
		given    []domain.Event
		role     domain.Role
		want     []domain.Event
		wantErr  error
		wantRule string
	}{
		{
			name: "exactly 50.00% is issued at once under rep authority", given: drafted(quotation.TypeWrittenFinal, 5000), role: domain.RoleSalesRep,
			want: []domain.Event{quotation.IssuedUnderRepAuthority{
				QuotationID: "q-1", Type: quotation.TypeWrittenFinal, Price: domain.Fen(10000), Margin: 5000,
				RegulationVersion: ver, RetroApprovalPending: true, IssuedBy: "rep-1", IssuedAt: t1,
			}},
		},
		{name: "49.99% needs approval before issue", given: drafted(quotation.TypeWrittenFinal, 5001), role: domain.RoleSalesRep, wantErr: domain.ErrRejected, wantRule: "K7"},
		{name: "19.99% needs approval before issue", given: drafted(quotation.TypeWrittenSecond, 8001), role: domain.RoleSalesRep, wantErr: domain.ErrRejected, wantRule: "K7"},
		{name: "only a sales rep issues under rep authority", given: drafted(quotation.TypeWrittenFinal, 4000), role: domain.RoleSalesAssistant, wantErr: quotation.ErrRepAuthorityOnly, wantRule: "K7"},
		{name: "a pending quote cannot be issued", given: pending(8001), role: domain.RoleSalesRep, wantErr: quotation.ErrAwaitingApproval, wantRule: "K7"},
		{name: "an approved quote is issued", given: with(pending(8001), quotation.Approved{QuotationID: "q-1"}), role: domain.RoleSalesRep, want: issued},
		{
			name: "an oral quote is issued without approval whatever its margin", given: drafted(quotation.TypeOral, 9900), role: domain.RoleSalesAssistant,
			want: []domain.Event{quotation.Issued{QuotationID: "q-1", Type: quotation.TypeOral, Price: domain.Fen(10000), IssuedBy: "rep-1", IssuedAt: t1}},
		},
		{name: "issuing twice records nothing", given: with(pending(8001), quotation.Approved{QuotationID: "q-1"}, quotation.Issued{QuotationID: "q-1"}), role: domain.RoleSalesRep},
		{name: "an accepted quote is not issued again", given: with(retroPending(1000), quotation.AcceptedByCustomer{QuotationID: "q-1"}), role: domain.RoleSalesRep, wantErr: quotation.ErrWrongStatus},
		{name: "unknown quotation", role: domain.RoleSalesRep, wantErr: quotation.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := q.Issue("rep-1", tt.role, reg, ver, t1)

			if !errors.Is(err, tt.wantErr) || ruleOf(err) != tt.wantRule {
				t.Fatalf("Issue() error = %v (rule %q), want %v (rule %q)", err, ruleOf(err), tt.wantErr, tt.wantRule)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Issue() events mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
