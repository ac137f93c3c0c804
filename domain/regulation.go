package domain

import (
	"sync"
	"time"
)

// RegulationVersion names one published version of a versioned,
// effective-dated set of rule parameters (margin tiers, fine schedule,
// probation terms …). A regulation takes effect on publication and
// overrides the earlier ones, so every event records the version it was
// decided under (§2.5-regulation-version, see docs/RULES.md).
type RegulationVersion struct {
	ID            string    `json:"id"`
	EffectiveFrom time.Time `json:"effective_from"`
}

// RegulationVersions is the effective-dated history of one regulation's
// parameters. It is safe for concurrent use: a version adopted while the
// process runs is added while commands read the one in force.
type RegulationVersions[P any] struct {
	mu      sync.RWMutex
	entries []versioned[P]
}

type versioned[P any] struct {
	version RegulationVersion
	params  P
}

// Add records params as in force from v.EffectiveFrom. Versions are kept in
// effective order whatever order they are added in. A version whose ID is
// already there is not added again (the same adoption seen twice, once
// from the command that made it and once from the log), and Add reports
// false.
func (vs *RegulationVersions[P]) Add(v RegulationVersion, params P) bool {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	for _, e := range vs.entries {
		if e.version.ID == v.ID {
			return false
		}
	}
	e := versioned[P]{v, params}
	i := len(vs.entries)
	for i > 0 && vs.entries[i-1].version.EffectiveFrom.After(v.EffectiveFrom) {
		i--
	}
	vs.entries = append(vs.entries, e)
	copy(vs.entries[i+1:], vs.entries[i:])
	vs.entries[i] = e
	return true
}

// At returns the parameters in force at t and their version. ok is false
// when no version was in force yet (and for a nil history).
func (vs *RegulationVersions[P]) At(t time.Time) (params P, v RegulationVersion, ok bool) {
	if vs == nil {
		return params, v, false
	}
	vs.mu.RLock()
	defer vs.mu.RUnlock()
	for i := len(vs.entries) - 1; i >= 0; i-- {
		if !vs.entries[i].version.EffectiveFrom.After(t) {
			return vs.entries[i].params, vs.entries[i].version, true
		}
	}
	return params, v, false
}
