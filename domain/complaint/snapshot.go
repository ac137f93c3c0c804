package complaint

import "encoding/json"

// StateSchema versions the state a snapshot of a complaint holds (see
// package snapshots): bump it whenever a field of Complaint changes, or
// what Evolve makes of an event, so a snapshot written by older code is
// ignored and the stream folded again.
const StateSchema = 1

type complaintSnapshot struct {
	Complaint  Complaint   `json:"complaint"` // the exported fields
	RootCauses []RootCause `json:"root_causes"`
	// NoRootCauses tells a nil set from an empty one.
	NoRootCauses bool `json:"no_root_causes,omitempty"`
}

// MarshalSnapshot encodes the whole state, unexported fields included.
func (c Complaint) MarshalSnapshot() ([]byte, error) {
	s := complaintSnapshot{Complaint: c, NoRootCauses: c.rootCauses == nil}
	for rc, ok := range c.rootCauses {
		if ok {
			s.RootCauses = append(s.RootCauses, rc)
		}
	}
	return json.Marshal(s)
}

// UnmarshalSnapshot decodes what MarshalSnapshot encoded.
func UnmarshalSnapshot(b []byte) (Complaint, error) {
	var s complaintSnapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return Complaint{}, err
	}
	c := s.Complaint
	if !s.NoRootCauses {
		c.rootCauses = make(map[RootCause]bool, len(s.RootCauses))
		for _, rc := range s.RootCauses {
			c.rootCauses[rc] = true
		}
	}
	return c, nil
}
