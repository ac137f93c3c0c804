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
	return p.Dunning.Validate()
}

// Validate refuses a ladder with a negative wait or whose steps come due
// out of order: a step can never be taken before the one it follows.
func (l DunningLadder) Validate() error {
	switch {
	case l.LetterAfterDays < 0 || l.VisitAfterDays < 0 || l.LegalActionAfterDays < 0:
		return domain.InvalidField("dunning_ladder", "days past due may not be negative")
	case l.VisitAfterDays < l.LetterAfterDays || l.LegalActionAfterDays < l.VisitAfterDays:
		return domain.InvalidField("dunning_ladder", "each step comes due no sooner than the one before it (letter, visit, legal action)")
	}
	return nil
}
