package regulation

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// RuleAdoption is the id of the rule Adopt enforces (docs/RULES.md).
const RuleAdoption = "§2.5-regulation-adoption"

// The bounds of an adoption's effective time. clockSkew forgives clocks
// that differ, as for a command's business date; retroactiveLimit is the
// furthest back a version may be backdated, the same year a late filing
// may reach.
const (
	clockSkew        = 5 * time.Minute
	retroactiveLimit = 366 * 24 * time.Hour
)

// versionName is what a version may be called: a short code that reads
// well after the regulation's name in every envelope ("quotation/2026-07").
var versionName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

// Adoption is what the adopter of a version states.
type Adoption struct {
	Name          string
	Version       string
	EffectiveFrom time.Time
	// Parameters are the parameter set, already checked against the
	// regulation's parameter type by the caller and in canonical form.
	Parameters json.RawMessage
	Reason     string
	// Retroactive must be set to adopt a version taking effect before now.
	Retroactive bool
}

// Adopt records VersionAdopted for a, adopted by approver acting under
// role at now. A version takes effect after every version already
// adopted, so the past of the catalogue is never rewritten and each
// version's range ends where the next one starts; it takes effect at or
// after now unless the adopter marks it retroactive, and then within the
// last 366 days (rule §2.5-regulation-adoption).
func (r Regulation) Adopt(a Adoption, approver string, role domain.Role, now time.Time) ([]domain.Event, error) {
	if err := checkAdoption(a); err != nil {
		return nil, err
	}
	for _, v := range r.Versions {
		if v.Version == a.Version {
			return nil, domain.Conflict(fmt.Sprintf("regulation %s already has a version %s", a.Name, a.Version))
		}
	}
	if latest, ok := r.Latest(); ok && !a.EffectiveFrom.After(latest.EffectiveFrom) {
		return nil, domain.RuleViolation(RuleAdoption, fmt.Sprintf(
			"a new version of %s must take effect after the latest one (%s from %s); the past of a regulation is not rewritten",
			a.Name, latest.Version, latest.EffectiveFrom.Format(time.RFC3339)))
	}
	if err := checkEffectiveTime(a, now); err != nil {
		return nil, err
	}
	return []domain.Event{VersionAdopted{
		Name: a.Name, Version: a.Version, EffectiveFrom: a.EffectiveFrom, Parameters: a.Parameters,
		Reason: a.Reason, ApprovedBy: approver, ApproverRole: role, Retroactive: a.Retroactive, AdoptedAt: now,
	}}, nil
}

func checkAdoption(a Adoption) error {
	switch {
	case a.Name == "":
		return domain.InvalidField("name", "is required")
	case !versionName.MatchString(a.Version):
		return domain.InvalidField("version", "must be 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit")
	case a.Version == DefaultVersion:
		return domain.InvalidField("version", `"default" names the recommended parameters and cannot be adopted`)
	case a.EffectiveFrom.IsZero():
		return domain.InvalidField("effective_from", "is required")
	case strings.TrimSpace(a.Reason) == "":
		return domain.InvalidField("reason", "is required: say why the regulation changes")
	case len(a.Parameters) == 0:
		return domain.InvalidField("parameters", "is required")
	}
	return domain.CheckText("reason", a.Reason, domain.TextNote)
}

// checkEffectiveTime keeps a version from taking effect in the past
// unless its adopter says it does, and then not beyond the limit.
func checkEffectiveTime(a Adoption, now time.Time) error {
	backdated := a.EffectiveFrom.Before(now.Add(-clockSkew))
	switch {
	case backdated && !a.Retroactive:
		return domain.RuleViolation(RuleAdoption, fmt.Sprintf(
			"version %s would take effect before it is adopted; set retroactive to backdate it on purpose", a.Version))
	case !backdated && a.Retroactive:
		return domain.InvalidField("retroactive", "is set, but the version does not take effect in the past")
	case a.EffectiveFrom.Before(now.Add(-retroactiveLimit)):
		return domain.InvalidField("effective_from", "a retroactive version must take effect within the last 366 days")
	}
	return nil
}
