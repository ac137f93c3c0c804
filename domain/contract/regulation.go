package contract

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// RegulationName is the name of the contract regulation; the version recorded
// when none is in force is "contract/default".
const RegulationName = "contract"

// Regulation holds the contract rules the regulations leave configurable.
type Regulation struct {
	// SignerRoles may sign contracts and amendments (K3). The seeds say
	// "经理" (a manager); K3 makes the set a regulation version.
	SignerRoles []domain.Role
	// Dunning is the dunning ladder: how long an instalment must be
	// overdue before each collection step may be taken (K10).
	Dunning DunningLadder
}

// DunningLadder is how many days past its due date an instalment must be
// before a dunning letter, an on-site visit and legal action may be taken
// (K10, D: the seeds ask collection to follow up "promptly" and give no
// figure). Zero days: as soon as the instalment is overdue.
type DunningLadder struct {
	LetterAfterDays      int
	VisitAfterDays       int
	LegalActionAfterDays int
}

// DefaultDunningLadder is the recommended default (D): every step may be
// taken as soon as the instalment is overdue, in order.
func DefaultDunningLadder() DunningLadder { return DunningLadder{} }

// waitFor is how long past the due date step s may be taken.
func (l DunningLadder) waitFor(s DunningStep) time.Duration {
	days := map[DunningStep]int{DunningLetter: l.LetterAfterDays, DunningVisit: l.VisitAfterDays, DunningLegalAction: l.LegalActionAfterDays}[s]
	return time.Duration(days) * 24 * time.Hour
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
