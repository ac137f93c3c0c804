package contract

import (
	"fmt"

	"github.com/opsledger/opsledger/domain"
)

// Validate refuses a signer list that is empty or names something that is
// not a role: a contract nobody may sign could never be concluded.
func (p Regulation) Validate() error {
	if len(p.SignerRoles) == 0 {
		return domain.InvalidField("signer_roles", "needs at least one role")
	}
	for _, r := range p.SignerRoles {
		if !r.Valid() {
			return domain.InvalidField("signer_roles", fmt.Sprintf("%q is not a role", r))
		}
	}
	return nil
}
