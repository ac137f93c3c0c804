package commands

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// SetPolicy installs the effective-dated versions of one policy (margin
// tiers, probation, fine schedule …) under name. Until it is called, the
// aggregate's default applies.
func SetPolicy[P any](h *Handler, name string, versions *domain.Versions[P]) {
	h.policies[name] = versions
}

// policyAt returns the parameters of policy name in force at t and the
// version id to record, falling back to def (the spec's recommended
// default, recorded as "default").
func policyAt[P any](h *Handler, name string, t time.Time, def func() P) (P, string) {
	if vs, ok := h.policies[name].(*domain.Versions[P]); ok {
		if p, v, ok := vs.At(t); ok {
			return p, v.ID
		}
	}
	return def(), name + "/default"
}
