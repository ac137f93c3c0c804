package domain

import "time"

// PolicyVersion names a versioned, effective-dated set of rule parameters
// (margin tiers, fine schedule, probation policy …). The regulations take
// effect on publication and override earlier ones, so every event records the
// version it was decided under (SPEC §0.3.5, §2.5.6).
type PolicyVersion struct {
	ID            string    `json:"id"`
	EffectiveFrom time.Time `json:"effective_from"`
}

// Versions is an effective-dated history of one policy's parameters.
type Versions[P any] struct {
	entries []versioned[P]
}

type versioned[P any] struct {
	version PolicyVersion
	params  P
}

// Add records params as in force from v.EffectiveFrom. Versions are kept in
// effective order whatever order they are added in.
func (vs *Versions[P]) Add(v PolicyVersion, params P) {
	e := versioned[P]{v, params}
	i := len(vs.entries)
	for i > 0 && vs.entries[i-1].version.EffectiveFrom.After(v.EffectiveFrom) {
		i--
	}
	vs.entries = append(vs.entries, e)
	copy(vs.entries[i+1:], vs.entries[i:])
	vs.entries[i] = e
}

// At returns the parameters in force at t and their version. ok is false
// when no version was in force yet.
func (vs *Versions[P]) At(t time.Time) (params P, v PolicyVersion, ok bool) {
	for i := len(vs.entries) - 1; i >= 0; i-- {
		if !vs.entries[i].version.EffectiveFrom.After(t) {
			return vs.entries[i].params, vs.entries[i].version, true
		}
	}
	return params, v, false
}
