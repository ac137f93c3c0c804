package pay

import (
	"slices"

	"github.com/opsledger/opsledger/domain"
)

// Regulation holds the versioned pay parameters besides the commission
// tiers (which the sales-plan regulation holds): the monthly allowance of
// sales staff and the monthly top-performer award.
type Regulation struct {
	// Allowance is the monthly allowance of sales staff (S: 50 元,
	// "业务人员享受公司各项补助共50元").
	Allowance domain.Money
	// AllowanceRoles are the roles the allowance is paid to (D: the sales
	// roles the seed calls 业务人员).
	AllowanceRoles []domain.Role
	// TopPerformerAward is the 绩冠奖 paid to the month's highest results
	// (S: at least 50 元).
	TopPerformerAward domain.Money
}

// DefaultRegulation holds the figures of the seed: 50 元 allowance for
// sales reps, assistants and team supervisors, 50 元 top-performer award.
func DefaultRegulation() Regulation {
	return Regulation{
		Allowance:         domain.Yuan(50),
		AllowanceRoles:    []domain.Role{domain.RoleSalesRep, domain.RoleSalesAssistant, domain.RoleTeamSupervisor},
		TopPerformerAward: domain.Yuan(50),
	}
}

// Validate refuses negative amounts, an award below the seed's 50 元
// floor and unknown roles.
func (p Regulation) Validate() error {
	switch {
	case p.Allowance.IsNegative():
		return domain.InvalidField("allowance", "must not be negative")
	case p.TopPerformerAward.Cmp(domain.Yuan(50)) < 0:
		return domain.InvalidField("top_performer_award", "is at least 50.00 (绩冠奖 ≥ 50 元)")
	}
	for _, r := range p.AllowanceRoles {
		if !r.Valid() {
			return domain.InvalidField("allowance_roles", "names a role that does not exist: "+string(r))
		}
	}
	return nil
}

// allowanceFor is the month's allowance of someone holding role.
func (p Regulation) allowanceFor(role domain.Role) domain.Money {
	if slices.Contains(p.AllowanceRoles, role) {
		return p.Allowance
	}
	return domain.Money{Currency: p.Allowance.Currency}
}
