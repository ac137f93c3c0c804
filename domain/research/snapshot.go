package research

import "encoding/json"

// StateSchema versions the state a snapshot of a project holds (see
// package snapshots): bump it whenever a field of Project changes, or what
// Evolve makes of an event.
const StateSchema = 1

// MarshalSnapshot encodes the whole state.
func (p Project) MarshalSnapshot() ([]byte, error) { return json.Marshal(p) }

// UnmarshalSnapshot decodes what MarshalSnapshot encoded.
func UnmarshalSnapshot(b []byte) (Project, error) {
	var p Project
	err := json.Unmarshal(b, &p)
	return p, err
}
