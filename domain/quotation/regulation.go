package quotation

import (
	"fmt"

	"github.com/opsledger/opsledger/domain"
)

// Regulation is the margin-authority regulation of K7: the gross-margin thresholds
// that decide who may approve a quotation. It is versioned and
// effective-dated (domain.RegulationVersions); events record the version applied.
type Regulation struct {
	// RepAuthority: at or above it the rep may issue on the spot, with
	// approval after the fact (5000 = 50.00%).
	RepAuthority domain.Percent `json:"rep_authority"`
	// DeptHead: at or above it (and below RepAuthority) a department head
	// approves (3000).
	DeptHead domain.Percent `json:"dept_head"`
	// GMOffice: at or above it (and below DeptHead) the GM office
	// approves (2000); below it the GM does.
	GMOffice domain.Percent `json:"gm_office"`
}

// DefaultRegulation holds the thresholds the regulation states: 50% / 30% / 20%.
func DefaultRegulation() Regulation {
	return Regulation{RepAuthority: 5000, DeptHead: 3000, GMOffice: 2000}
}

// Validate refuses thresholds that are not strictly descending.
func (p Regulation) Validate() error {
	if !(p.RepAuthority > p.DeptHead && p.DeptHead > p.GMOffice) {
		return domain.Invalid(fmt.Sprintf("margin thresholds must descend: %s > %s > %s", p.RepAuthority, p.DeptHead, p.GMOffice))
	}
	return nil
}

// Tier is the approval authority a margin falls under.
type Tier string

// The four tiers of K7.
const (
	TierRep      Tier = "REP"       // m ≥ 50%: rep issues, retro approval follows
	TierDeptHead Tier = "DEPT_HEAD" // 30% ≤ m < 50%
	TierGMOffice Tier = "GM_OFFICE" // 20% ≤ m < 30%
	TierGM       Tier = "GM"        // m < 20%
)

// Tier returns the tier of margin m. The comparison is exact (m is a
// fraction), so 49.995% is below 50.00%.
func (p Regulation) Tier(m domain.Ratio) Tier {
	switch {
	case m.AtLeast(p.RepAuthority):
		return TierRep
	case m.AtLeast(p.DeptHead):
		return TierDeptHead
	case m.AtLeast(p.GMOffice):
		return TierGMOffice
	}
	return TierGM
}

// ApproverRole is the lowest role that approves a quotation of tier t. For
// TierRep it is the department head, who records the after-the-fact
// approval of the rep's decision ("后走审批流程"; the seed names no
// approver, the rep's 业务经理 is the design decision).
func (t Tier) ApproverRole() domain.Role {
	switch t {
	case TierRep, TierDeptHead:
		return domain.RoleDeptHead
	case TierGMOffice:
		return domain.RoleGMOffice
	}
	return domain.RoleGM
}

// authority ranks the approver roles. A higher authority may approve a
// lower tier (the GM may approve anything, the GM office any margin of
// at least 20%, a department head any margin of at least 30%): the seed
// gives each tier its lowest approver, and nothing forbids escalation.
func authority(r domain.Role) int {
	switch r {
	case domain.RoleDeptHead:
		return 1
	case domain.RoleGMOffice:
		return 2
	case domain.RoleGM:
		return 3
	}
	return 0
}

// CanApprove reports whether role may approve a quotation of tier t.
func CanApprove(role domain.Role, t Tier) bool {
	return authority(role) > 0 && authority(role) >= authority(t.ApproverRole())
}
