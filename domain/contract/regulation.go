package contract

import "github.com/opsledger/opsledger/domain"

// RegulationName is the name of the contract regulation; the version recorded
// when none is in force is "contract/default".
const RegulationName = "contract"

// Regulation holds the contract rules the regulations leave configurable.
type Regulation struct {
	// SignerRoles may sign contracts and amendments (K3). The seeds say
	// "经理" (a manager); K3 makes the set a regulation version.
	SignerRoles []domain.Role
}

// DefaultRegulation is the recommended default (D): DEPT_HEAD, GM and
// BRANCH_MANAGER sign.
func DefaultRegulation() Regulation { return Regulation{SignerRoles: domain.ManagerRoles()} }

func (p Regulation) signerRoles() []domain.Role {
	if len(p.SignerRoles) == 0 {
		return domain.ManagerRoles()
	}
	return p.SignerRoles
}
