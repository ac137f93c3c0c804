package salesplan

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/opsledger/opsledger/domain"
)

// Level is whose target an allocation is.
type Level string

// The allocation levels: the plan's org unit as a whole (its quarterly and
// monthly targets), a sales team, and one salesperson within a team.
const (
	LevelOrgUnit Level = "ORG_UNIT"
	LevelTeam    Level = "TEAM"
	LevelPerson  Level = "PERSON"
)

// Allocation is one target: an amount for one assignee in one period, with
// its concrete requirements and appraisal indicators (§5.14-decomposition).
// AssigneeID is the org unit (ORG_UNIT, may be left empty), the team id
// (TEAM) or the employee id (PERSON); TeamID names a person's team.
type Allocation struct {
	Period     Period       `json:"period"`
	Level      Level        `json:"level"`
	AssigneeID string       `json:"assignee_id"`
	TeamID     string       `json:"team_id,omitempty"`
	Amount     domain.Money `json:"amount"`
	Indicators []string     `json:"indicators,omitempty"`
}

// key identifies a target: one per assignee and period.
type key struct {
	period Period
	level  Level
	id     string
}

func (a Allocation) key() key { return key{a.Period, a.Level, a.AssigneeID} }

func (a Allocation) label() string {
	return fmt.Sprintf("%s %s %s", a.Period, a.Level, a.AssigneeID)
}

func (a Allocation) equal(b Allocation) bool {
	return a.key() == b.key() && a.TeamID == b.TeamID && a.Amount.Equal(b.Amount) &&
		slices.Equal(a.Indicators, b.Indicators)
}

// targets is a plan's allocations by key. It is copied on change, so
// earlier states never see later changes.
type targets map[key]Allocation

func (t targets) with(as ...Allocation) targets {
	out := maps.Clone(t)
	if out == nil {
		out = targets{}
	}
	for _, a := range as {
		out[a.key()] = a
	}
	return out
}

func (t targets) sorted() []Allocation {
	out := slices.Collect(maps.Values(t))
	slices.SortFunc(out, func(a, b Allocation) int {
		if c := strings.Compare(string(a.Period), string(b.Period)); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.Level), string(b.Level)); c != 0 {
			return c
		}
		return strings.Compare(a.AssigneeID, b.AssigneeID)
	})
	return out
}

func (t targets) equal(o targets) bool {
	return maps.EqualFunc(t, o, Allocation.equal)
}

// collect validates allocations against the plan and indexes them,
// refusing two targets for one assignee and period.
func (sp SalesPlan) collect(as []Allocation) (targets, error) {
	if len(as) == 0 {
		return nil, domain.InvalidField("targets", "required")
	}
	t := targets{}
	for _, a := range as {
		a, err := sp.normalize(a)
		if err != nil {
			return nil, err
		}
		if _, dup := t[a.key()]; dup {
			return nil, domain.InvalidField("targets", "two targets for "+a.label())
		}
		t[a.key()] = a
	}
	return t, nil
}

// normalize checks one allocation and fills the org unit's id.
func (sp SalesPlan) normalize(a Allocation) (Allocation, error) {
	year, _, kind := a.Period.Parse()
	switch {
	case kind == KindInvalid || year != sp.Details.Year:
		return a, domain.InvalidField("period", fmt.Sprintf("%q is not a year, quarter or month of %d", a.Period, sp.Details.Year))
	case a.Level == LevelOrgUnit && kind == KindYear:
		return a, domain.InvalidField("period", "the org unit's annual target is the plan's target")
	case a.Amount.IsNegative() || currencyOf(a.Amount) != currencyOf(sp.Details.Target):
		return a, domain.InvalidField("amount", "must be zero or positive, in the plan's currency")
	}
	a.Amount.Currency = currencyOf(a.Amount)
	switch a.Level {
	case LevelOrgUnit:
		if a.AssigneeID != "" && a.AssigneeID != sp.Details.OrgUnitID {
			return a, domain.InvalidField("assignee_id", "an ORG_UNIT target is the plan's own org unit")
		}
		a.AssigneeID, a.TeamID = sp.Details.OrgUnitID, ""
	case LevelTeam:
		a.TeamID = ""
		return a, required("assignee_id", a.AssigneeID)
	case LevelPerson:
		if err := required("assignee_id", a.AssigneeID); err != nil {
			return a, err
		}
		return a, required("team_id", a.TeamID)
	default:
		return a, domain.InvalidField("level", "must be ORG_UNIT, TEAM or PERSON")
	}
	return a, nil
}
