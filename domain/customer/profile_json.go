package customer

import (
	"encoding/json"
	"time"
)

// ValueChange is a contact field's value before and after a change, as a
// ProfileUpdated stores it.
type ValueChange struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// profileUpdatedJSON is how a ProfileUpdated is stored. The primary
// contact's name and phone (FieldPrimaryContact, FieldPhone) are that
// person's personal data, encrypted with their data key and erased with
// it (rule P1-erasure). Changes lists every
// changed field by name, in order; a contact field's entry has no values,
// which are in the member of the field's own name (primary_contact,
// phone), where the privacy registry finds them to encrypt them whole.
// Events stored before keep a contact field's values in its entry (and in
// clear): decoding reads both forms, so the schema version is unchanged.
type profileUpdatedJSON struct {
	CustomerID     string       `json:"customer_id"`
	Changes        []changeJSON `json:"changes"`
	PrimaryContact *ValueChange `json:"primary_contact,omitempty"`
	Phone          *ValueChange `json:"phone,omitempty"`
	Reason         string       `json:"reason"`
	UpdatedBy      string       `json:"updated_by"`
	UpdatedAt      time.Time    `json:"updated_at"`
}

type changeJSON struct {
	Field string  `json:"field"`
	Old   *string `json:"old,omitempty"`
	New   *string `json:"new,omitempty"`
}

// MarshalJSON stores the contact fields' values apart (profileUpdatedJSON).
func (e ProfileUpdated) MarshalJSON() ([]byte, error) {
	w := profileUpdatedJSON{CustomerID: e.CustomerID, Reason: e.Reason, UpdatedBy: e.UpdatedBy, UpdatedAt: e.UpdatedAt}
	if e.Changes != nil {
		w.Changes = make([]changeJSON, len(e.Changes))
	}
	for i, c := range e.Changes {
		w.Changes[i].Field = c.Field
		if v := w.contactMember(c.Field); v != nil {
			*v = &ValueChange{Old: c.Old, New: c.New}
			continue
		}
		w.Changes[i].Old, w.Changes[i].New = &c.Old, &c.New
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads both the stored form and the one of events stored
// before the contact fields were kept apart.
func (e *ProfileUpdated) UnmarshalJSON(b []byte) error {
	var w profileUpdatedJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = ProfileUpdated{CustomerID: w.CustomerID, Reason: w.Reason, UpdatedBy: w.UpdatedBy, UpdatedAt: w.UpdatedAt}
	if w.Changes != nil {
		e.Changes = make([]FieldChange, len(w.Changes))
	}
	for i, c := range w.Changes {
		ch := FieldChange{Field: c.Field}
		if c.Old != nil {
			ch.Old = *c.Old
		}
		if c.New != nil {
			ch.New = *c.New
		}
		if v := w.contactMember(c.Field); c.Old == nil && c.New == nil && v != nil && *v != nil {
			ch.Old, ch.New = (*v).Old, (*v).New
		}
		e.Changes[i] = ch
	}
	return nil
}

// contactMember is the member that holds the values of field, nil for a
// business field.
func (w *profileUpdatedJSON) contactMember(field string) **ValueChange {
	switch field {
	case FieldPrimaryContact:
		return &w.PrimaryContact
	case FieldPhone:
		return &w.Phone
	}
	return nil
}
