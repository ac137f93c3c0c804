package salesplan

import "encoding/json"

// StateSchema versions the state a snapshot of a sales plan holds (see
// package snapshots): bump it whenever a field of SalesPlan changes, or
// what Evolve makes of an event, so a snapshot written by older code is
// ignored and the stream folded again.
const StateSchema = 1

type salesPlanSnapshot struct {
	Plan SalesPlan `json:"plan"` // the exported fields
	// Targets are the allocations; each one's key is its own
	// (Allocation.key), so the list rebuilds the map.
	Targets []Allocation `json:"targets"`
	// NoTargets tells a nil map from an empty one.
	NoTargets bool `json:"no_targets,omitempty"`
}

// MarshalSnapshot encodes the whole state, unexported fields included.
func (sp SalesPlan) MarshalSnapshot() ([]byte, error) {
	return json.Marshal(salesPlanSnapshot{Plan: sp, Targets: sp.targets.sorted(), NoTargets: sp.targets == nil})
}

// UnmarshalSnapshot decodes what MarshalSnapshot encoded.
func UnmarshalSnapshot(b []byte) (SalesPlan, error) {
	var s salesPlanSnapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return SalesPlan{}, err
	}
	sp := s.Plan
	if !s.NoTargets {
		sp.targets = targets{}.with(s.Targets...)
	}
	return sp, nil
}
