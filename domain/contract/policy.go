package contract

import "github.com/opsledger/opsledger/domain"

// PolicyName is the name of the contract regulation; the version recorded
// when none is in force is "contract/default".
const PolicyName = "contract"

// Policy holds the contract rules the regulations leave configurable.
type Policy struct {
	// SignerRoles may sign contracts and amendments (K3). The seeds say
	// "经理" (a manager); Appendix A asks for the set to be configurable.
	SignerRoles []domain.Role
}

// DefaultPolicy is the spec's recommended default: DEPT_HEAD, GM and
// BRANCH_MANAGER sign.
func DefaultPolicy() Policy { return Policy{SignerRoles: domain.ManagerRoles()} }

func (p Policy) signerRoles() []domain.Role {
	if len(p.SignerRoles) == 0 {
		return domain.ManagerRoles()
	}
	return p.SignerRoles
}
