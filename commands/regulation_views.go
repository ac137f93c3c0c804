package commands

import (
	"encoding/json"
	"time"

	regulations "github.com/opsledger/opsledger/domain/regulation"
)

// RegulationVersionView is one version of a regulation as the catalogue
// lists it: the recommended default (which applies until the first
// adopted version takes effect) or an adopted version, with the range of
// time it is in force.
type RegulationVersionView struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// VersionID is what the envelope of a decision under it records.
	VersionID string `json:"version_id"`
	// EffectiveFrom is absent for the default, which has no start.
	EffectiveFrom *time.Time `json:"effective_from,omitempty"`
	// EffectiveUntil is when the next version takes effect; absent while
	// none follows.
	EffectiveUntil *time.Time `json:"effective_until,omitempty"`
	// Parameters are the whole parameter set, as a version is adopted.
	Parameters   map[string]json.RawMessage `json:"parameters"`
	Default      bool                       `json:"default"`
	Reason       string                     `json:"reason,omitempty"`
	ApprovedBy   string                     `json:"approved_by,omitempty"`
	ApproverRole string                     `json:"approver_role,omitempty"`
	Retroactive  bool                       `json:"retroactive"`
	AdoptedAt    *time.Time                 `json:"adopted_at,omitempty"`
}

// RegulationSummary is one regulation of the catalogue with the version in
// force at the time asked about.
type RegulationSummary struct {
	Name    string                `json:"name"`
	InForce RegulationVersionView `json:"in_force"`
	// Versions is how many versions were adopted (the default not counted).
	Versions int `json:"versions"`
	// Next is the version scheduled to take effect after the one in
	// force, if any.
	Next *RegulationVersionView `json:"next,omitempty"`
}

// Catalogue lists every regulation with the version in force at t.
func (c *RegulationCatalogue) Catalogue(t time.Time) []RegulationSummary {
	out := make([]RegulationSummary, 0, len(c.kinds))
	for _, name := range c.Names() {
		versions, _ := c.Versions(name)
		s := RegulationSummary{Name: name, Versions: len(versions) - 1}
		for i, v := range versions {
			if v.EffectiveFrom == nil || !v.EffectiveFrom.After(t) {
				s.InForce, s.Next = v, nil
				if i+1 < len(versions) {
					s.Next = &versions[i+1]
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// Versions lists the versions of regulation name in effective order, the
// default first; ok is false for a name the catalogue does not have.
func (c *RegulationCatalogue) Versions(name string) ([]RegulationVersionView, bool) {
	kind, ok := c.kinds[name]
	if !ok {
		return nil, false
	}
	c.mu.RLock()
	adopted := c.adopted[name]
	c.mu.RUnlock()
	views := []RegulationVersionView{{Name: name, Version: regulations.DefaultVersion,
		VersionID: regulations.VersionID(name, regulations.DefaultVersion), Parameters: parameterFields(kind.defaults()), Default: true}}
	for _, v := range adopted {
		from, at := v.EffectiveFrom, v.AdoptedAt
		views[len(views)-1].EffectiveUntil = &from
		views = append(views, RegulationVersionView{Name: name, Version: v.Version, VersionID: regulations.VersionID(name, v.Version),
			EffectiveFrom: &from, Parameters: parameterFields(v.Parameters), Reason: v.Reason, ApprovedBy: v.ApprovedBy,
			ApproverRole: string(v.ApproverRole), Retroactive: v.Retroactive, AdoptedAt: &at})
	}
	return views, true
}

// parameterFields are the fields of a canonical parameter set (an object,
// as the catalogue checked when it was adopted).
func parameterFields(raw json.RawMessage) map[string]json.RawMessage {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return map[string]json.RawMessage{}
	}
	return fields
}
