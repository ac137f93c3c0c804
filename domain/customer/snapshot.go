package customer

import "encoding/json"

// StateSchema versions the state a snapshot of a customer file (or of a
// number claim) holds (see package snapshots): bump it whenever a field
// of Customer or NumberClaim changes, or what Evolve makes of an event,
// so a snapshot written by older code is ignored and the stream folded
// again.
const StateSchema = 1

// customerSnapshot is Customer with its unexported fields spelled out.
type customerSnapshot struct {
	Customer  Customer                   `json:"customer"` // the exported fields
	Profile   map[string]string          `json:"profile"`
	Contacts  map[string]contactSnapshot `json:"contacts"`
	CarePlans map[string]bool            `json:"care_plans"`
	FollowUps map[string]bool            `json:"follow_ups"`
	Surveys   map[string]int             `json:"surveys"`
	Inquiries map[string]bool            `json:"inquiries"`
}

type contactSnapshot struct {
	Role     ContactRole  `json:"role"`
	Personal PersonalData `json:"personal"`
	Removed  bool         `json:"removed"`
}

// MarshalSnapshot encodes the whole state, unexported fields included.
func (c Customer) MarshalSnapshot() ([]byte, error) {
	s := customerSnapshot{Customer: c, Profile: c.profile, CarePlans: c.carePlans, FollowUps: c.followUps,
		Surveys: c.surveys, Inquiries: c.inquiries}
	if c.contacts != nil {
		s.Contacts = make(map[string]contactSnapshot, len(c.contacts))
		for id, k := range c.contacts {
			s.Contacts[id] = contactSnapshot{Role: k.role, Personal: k.personal, Removed: k.removed}
		}
	}
	return json.Marshal(s)
}

// UnmarshalSnapshot decodes what MarshalSnapshot encoded.
func UnmarshalSnapshot(b []byte) (Customer, error) {
	var s customerSnapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return Customer{}, err
	}
	c := s.Customer
	c.profile, c.carePlans, c.followUps, c.surveys, c.inquiries = s.Profile, s.CarePlans, s.FollowUps, s.Surveys, s.Inquiries
	if s.Contacts != nil {
		c.contacts = make(map[string]contact, len(s.Contacts))
		for id, k := range s.Contacts {
			c.contacts[id] = contact{role: k.Role, personal: k.Personal, removed: k.Removed}
		}
	}
	return c, nil
}
