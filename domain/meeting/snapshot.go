package meeting

import "encoding/json"

// StateSchema versions the state a snapshot of a meeting holds (see
// package snapshots): bump it whenever a field of Meeting changes, or what
// Evolve makes of an event.
const StateSchema = 1

// MarshalSnapshot encodes the whole state.
func (m Meeting) MarshalSnapshot() ([]byte, error) { return json.Marshal(m) }

// UnmarshalSnapshot decodes what MarshalSnapshot encoded.
func UnmarshalSnapshot(b []byte) (Meeting, error) {
	var m Meeting
	err := json.Unmarshal(b, &m)
	return m, err
}
