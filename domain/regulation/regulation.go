// Package regulation is the catalogue of regulation versions: one stream
// per regulation (the margin tiers, the employee rules, the complaint
// timers …), each adoption of a new effective-dated version of its
// parameters an event with its reason and approver (rule
// §2.5-regulation-adoption in docs/RULES.md). What the parameters mean is
// each aggregate's business: this package keeps them as the canonical JSON
// the command layer checked against the aggregate's parameter type, and
// decides only when a version may take effect and who may adopt it.
package regulation

import (
	"encoding/json"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Stream is the stream of the regulation named name.
func Stream(name string) string { return "regulation-" + name }

// DefaultVersion is the short version name of the recommended parameters
// that apply while no version was adopted; the version recorded is
// "<name>/default".
const DefaultVersion = "default"

// VersionID is the version recorded in an event's envelope for version
// of regulation name ("quotation/2026-07").
func VersionID(name, version string) string { return name + "/" + version }

// AdopterRoles may adopt a regulation version (D): the company's
// leadership publishes regulations and the GM runs daily operations under
// them.
var AdopterRoles = []domain.Role{domain.RoleLeadership, domain.RoleGM}

// Regulation is the state of one regulation's catalogue: the versions
// adopted so far, in effective order.
type Regulation struct {
	Name     string
	Versions []Version
}

// Version is one adopted version of a regulation's parameters.
type Version struct {
	Version       string          `json:"version"`
	EffectiveFrom time.Time       `json:"effective_from"`
	Parameters    json.RawMessage `json:"parameters"`
	Reason        string          `json:"reason"`
	ApprovedBy    string          `json:"approved_by"`
	ApproverRole  domain.Role     `json:"approver_role"`
	Retroactive   bool            `json:"retroactive"`
	AdoptedAt     time.Time       `json:"adopted_at"`
}

// Latest is the version that takes effect last, if any was adopted.
func (r Regulation) Latest() (Version, bool) {
	if len(r.Versions) == 0 {
		return Version{}, false
	}
	return r.Versions[len(r.Versions)-1], true
}

// Evolve applies a recorded event to the state.
func (r Regulation) Evolve(e domain.Event) Regulation {
	if ev, ok := e.(VersionAdopted); ok {
		r.Name = ev.Name
		r.Versions = append(append([]Version(nil), r.Versions...), ev.version())
	}
	return r
}
