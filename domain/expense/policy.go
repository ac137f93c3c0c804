package expense

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Policy says which claims need the company manager's approval in advance
// and cuts days in the company's calendar. The seed asks approval in
// advance of business expenses (§1.6) without saying which; which kinds
// and from which total are design parameters (§5.12-prior, D).
type Policy struct {
	// PriorApprovalKinds always need approval in advance.
	PriorApprovalKinds []Kind
	// PriorApprovalFrom is the total from which (inclusive) any claim
	// needs approval in advance.
	PriorApprovalFrom domain.Money
	// UTCOffset is the company's offset from UTC.
	UTCOffset time.Duration
}

// DefaultPolicy: business cards are ordered in advance, so they are
// approved in advance; any claim of 500 元 or more is too (D).
func DefaultPolicy() Policy {
	return Policy{PriorApprovalKinds: []Kind{KindBusinessCards}, PriorApprovalFrom: domain.Yuan(500), UTCOffset: 8 * time.Hour}
}

// RequiresPriorApproval reports whether a claim of items needs the
// company manager's approval in advance.
func (p Policy) RequiresPriorApproval(items []Item) bool {
	for _, it := range items {
		if slices.Contains(p.PriorApprovalKinds, it.Kind) {
			return true
		}
	}
	total, err := Total(items)
	return err == nil && total.Cmp(p.PriorApprovalFrom) >= 0
}

// Day is t's day in the company's calendar, "2006-01-02".
func (p Policy) Day(t time.Time) string {
	return t.In(time.FixedZone("company", int(p.UTCOffset/time.Second))).Format(time.DateOnly)
}

// The roles of the approval matrix (§1.6).
var (
	// PriorApprovers are the company manager (公司经理): the GM, a
	// deputy GM, a branch manager.
	PriorApprovers = []domain.Role{domain.RoleGM, domain.RoleDeputyGM, domain.RoleBranchManager}
	// Signers sign vouchers (经理): the department's managers and the
	// company's.
	Signers = []domain.Role{domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor,
		domain.RoleBranchManager, domain.RoleGM, domain.RoleDeputyGM}
	// unitManagers are the claimant's manager when they manage the
	// claimant's org unit; the GM and deputy GMs manage every unit's head.
	unitManagers = []domain.Role{domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor, domain.RoleBranchManager}
)

// isClaimantsManager reports whether a signer acting as role in
// orgUnitID is the claimant's manager.
func (c Claim) isClaimantsManager(role domain.Role, orgUnitID string) bool {
	if role == domain.RoleGM || role == domain.RoleDeputyGM {
		return true
	}
	return slices.Contains(unitManagers, role) && orgUnitID != "" && orgUnitID == c.OrgUnitID
}
