package customer

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// PrimaryContactID names the contact person given at registration in the
// contact log, so contacts with them need no key-contact entry.
const PrimaryContactID = "primary"

// ContactRole is a key person's role in the customer's organisation.
type ContactRole string

// The roles of the key persons a complete customer file records (C3).
const (
	ContactHead               ContactRole = "HEAD"
	ContactContact            ContactRole = "CONTACT"
	ContactTechnicalEvaluator ContactRole = "TECHNICAL_EVALUATOR"
	ContactFinancialReviewer  ContactRole = "FINANCIAL_REVIEWER"
	ContactUser               ContactRole = "USER"
	ContactOtherInfluencer    ContactRole = "OTHER_INFLUENCER"
)

// Valid reports whether r is one of the key-person roles.
func (r ContactRole) Valid() bool {
	switch r {
	case ContactHead, ContactContact, ContactTechnicalEvaluator, ContactFinancialReviewer, ContactUser, ContactOtherInfluencer:
		return true
	}
	return false
}

// PersonalData is what the file holds about a key person as a natural
// person. Every field is personal data (PIPL): events carry it in this
// sub-struct so that access control and erasure can find it in one place.
type PersonalData struct {
	Name            string `json:"name"`
	Gender          string `json:"gender,omitempty"`
	ContactDetails  string `json:"contact_details,omitempty"`
	AgeBracket      string `json:"age_bracket,omitempty"`
	NativePlace     string `json:"native_place,omitempty"`
	SocialRelations string `json:"social_relations,omitempty"`
	Ability         string `json:"ability,omitempty"`
	Background      string `json:"background,omitempty"`
	Personality     string `json:"personality,omitempty"`
}

// KeyContact is a key person as entered on the file.
type KeyContact struct {
	ContactID string
	RoleInOrg ContactRole
	Personal  PersonalData
}

func (k KeyContact) validate() error {
	if err := required("contact_id", k.ContactID); err != nil {
		return err
	}
	if k.ContactID == PrimaryContactID {
		return domain.InvalidField("contact_id", "is reserved for the primary contact")
	}
	if !k.RoleInOrg.Valid() {
		return domain.InvalidField("role_in_org", "is required: HEAD, CONTACT, TECHNICAL_EVALUATOR, FINANCIAL_REVIEWER, USER or OTHER_INFLUENCER")
	}
	return required("personal.name", k.Personal.Name)
}

// AddKeyContact adds a key person. It refuses a missing or unknown role in
// the customer's organisation, a missing name, an id already in use, and a
// sales rep who does not own the customer.
func (c Customer) AddKeyContact(k KeyContact, actorID string, role domain.Role, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(k.texts()...); err != nil {
		return nil, err
	}
	if err := c.ownerCheck(actorID, role); err != nil {
		return nil, err
	}
	if err := k.validate(); err != nil {
		return nil, err
	}
	if _, ok := c.contacts[k.ContactID]; ok {
		return nil, ErrContactExists
	}
	return []domain.Event{KeyContactAdded{CustomerID: c.ID, ContactID: k.ContactID, RoleInOrg: k.RoleInOrg, Personal: k.Personal, AddedBy: actorID, AddedAt: at}}, nil
}

// UpdateKeyContact replaces a key person's role and personal data; an
// update that changes nothing records nothing. It refuses what
// AddKeyContact refuses, and an unknown or removed contact.
func (c Customer) UpdateKeyContact(k KeyContact, actorID string, role domain.Role, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(k.texts()...); err != nil {
		return nil, err
	}
	if err := c.ownerCheck(actorID, role); err != nil {
		return nil, err
	}
	if err := k.validate(); err != nil {
		return nil, err
	}
	old, ok := c.contacts[k.ContactID]
	if !ok || old.removed {
		return nil, ErrContactNotFound
	}
	if old.role == k.RoleInOrg && old.personal == k.Personal {
		return nil, nil
	}
	return []domain.Event{KeyContactUpdated{CustomerID: c.ID, ContactID: k.ContactID, RoleInOrg: k.RoleInOrg, Personal: k.Personal, UpdatedBy: actorID, UpdatedAt: at}}, nil
}

// RemoveKeyContact takes a key person off the file; removing a removed
// contact records nothing. It refuses an unknown contact and a missing
// reason.
func (c Customer) RemoveKeyContact(contactID, reason, actorID string, role domain.Role, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("contact_id", contactID), domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if err := c.ownerCheck(actorID, role); err != nil {
		return nil, err
	}
	old, ok := c.contacts[contactID]
	if !ok {
		return nil, ErrContactNotFound
	}
	if old.removed {
		return nil, nil
	}
	if err := required("reason", reason); err != nil {
		return nil, err
	}
	return []domain.Event{KeyContactRemoved{CustomerID: c.ID, ContactID: contactID, Reason: reason, RemovedBy: actorID, RemovedAt: at}}, nil
}

// ContactEntry is one entry of the contact log.
type ContactEntry struct {
	ContactID         string
	Channel           string
	Topic             string
	Outcome           string
	NextAppointmentAt time.Time // zero: none made
}

// LogContact records a contact between employeeID and a contact person of
// the customer. It refuses an unknown customer, a contact person who is
// not on the file (a key contact or PrimaryContactID), and a missing
// outcome.
func (c Customer) LogContact(e ContactEntry, employeeID string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("contact_id", e.ContactID), domain.Text("channel", e.Channel), domain.Text("topic", e.Topic), domain.Text("outcome", e.Outcome)); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	if !c.HasContact(e.ContactID) {
		return nil, ErrContactNotFound
	}
	if err := required("outcome", e.Outcome); err != nil {
		return nil, err
	}
	return []domain.Event{ContactLogged{
		CustomerID: c.ID, EmployeeID: employeeID, ContactID: e.ContactID, Channel: e.Channel,
		Topic: e.Topic, Outcome: e.Outcome, NextAppointmentAt: e.NextAppointmentAt, At: at,
	}}, nil
}
