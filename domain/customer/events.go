package customer

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// NumberClaimed is recorded on the number's own stream (NumberStream) when
// a registration takes a customer number; a second claim of the number
// conflicts, which is how C1's uniqueness holds across customers.
type NumberClaimed struct {
	Number     string    `json:"number"`
	CustomerID string    `json:"customer_id"`
	ClaimedBy  string    `json:"claimed_by"`
	ClaimedAt  time.Time `json:"claimed_at"`
}

// NumberReleased is recorded on the number's stream when a registration
// that claimed it did not open the file after all: the compensation of a
// store that cannot append the claim and the file atomically (see
// eventstore.AppendStreams). The number may be claimed again.
type NumberReleased struct {
	Number     string    `json:"number"`
	CustomerID string    `json:"customer_id"`
	ReleasedAt time.Time `json:"released_at"`
}

// Registered is recorded when a customer file is opened for a target
// customer with its number and basic data (C1, C2).
type Registered struct {
	CustomerID     string    `json:"customer_id"`
	Number         string    `json:"number"`
	Name           string    `json:"name"`
	Address        string    `json:"address"`
	PrimaryContact string    `json:"primary_contact"`
	Phone          string    `json:"phone"`
	Source         Source    `json:"source"`
	OwnerRepID     string    `json:"owner_rep_id"`
	OrgUnitID      string    `json:"org_unit_id"`
	Region         string    `json:"region"`
	RegisteredBy   string    `json:"registered_by"`
	RegisteredAt   time.Time `json:"registered_at"`
}

// FieldChange is one profile field's value before and after a change.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// ProfileUpdated is recorded when fields of the customer file change; it
// lists each changed field with its old and new value and the reason (C3).
type ProfileUpdated struct {
	CustomerID string        `json:"customer_id"`
	Changes    []FieldChange `json:"changes"`
	Reason     string        `json:"reason"`
	UpdatedBy  string        `json:"updated_by"`
	UpdatedAt  time.Time     `json:"updated_at"`
}

// KeyContactAdded is recorded when a key person of the customer's
// organisation is added to the file. Personal holds personal data.
type KeyContactAdded struct {
	CustomerID string       `json:"customer_id"`
	ContactID  string       `json:"contact_id"`
	RoleInOrg  ContactRole  `json:"role_in_org"`
	Personal   PersonalData `json:"personal"`
	AddedBy    string       `json:"added_by"`
	AddedAt    time.Time    `json:"added_at"`
}

// KeyContactUpdated is recorded when a key person's role or personal data
// change; it carries the complete new values.
type KeyContactUpdated struct {
	CustomerID string       `json:"customer_id"`
	ContactID  string       `json:"contact_id"`
	RoleInOrg  ContactRole  `json:"role_in_org"`
	Personal   PersonalData `json:"personal"`
	UpdatedBy  string       `json:"updated_by"`
	UpdatedAt  time.Time    `json:"updated_at"`
}

// KeyContactRemoved is recorded when a key person no longer belongs on the
// file. Earlier events keep the person (C13); erasure of the personal data
// is a separate concern.
type KeyContactRemoved struct {
	CustomerID string    `json:"customer_id"`
	ContactID  string    `json:"contact_id"`
	Reason     string    `json:"reason"`
	RemovedBy  string    `json:"removed_by"`
	RemovedAt  time.Time `json:"removed_at"`
}

// PersonalSubject names the natural person whose data the event carries,
// for access control and erasure (C7: sensitive personal data).
func (e KeyContactAdded) PersonalSubject() string { return e.ContactID }

// PersonalSubject names the natural person whose data the event carries.
func (e KeyContactUpdated) PersonalSubject() string { return e.ContactID }

// ContactLogged is recorded for each contact with the customer: when, which
// employee, which contact person, what about, the outcome and the next
// appointment if one was made.
type ContactLogged struct {
	CustomerID        string    `json:"customer_id"`
	EmployeeID        string    `json:"employee_id"`
	ContactID         string    `json:"contact_id"`
	Channel           string    `json:"channel"`
	Topic             string    `json:"topic"`
	Outcome           string    `json:"outcome"`
	NextAppointmentAt time.Time `json:"next_appointment_at,omitzero"`
	At                time.Time `json:"at"`
}

// Events lists every event of the customer aggregate, for the codec.
func Events() []domain.Event {
	return []domain.Event{
		NumberClaimed{}, NumberReleased{}, Registered{}, ProfileUpdated{},
		KeyContactAdded{}, KeyContactUpdated{}, KeyContactRemoved{}, ContactLogged{},
		Visited{}, NegotiationStarted{}, BecameCooperating{}, Parked{}, Abandoned{},
		Reactivated{}, BecameDormant{}, Classified{}, RelationshipDepthRecorded{},
		Reassigned{}, FileReviewed{}, FileReviewMissed{},
		CarePlanned{}, CareDelivered{}, FollowUpVisitScheduled{}, FollowUpVisitCompleted{},
		FeedbackRecorded{}, SatisfactionRecorded{}, InquiryReceived{}, InquiryAnswered{},
	}
}

func (NumberClaimed) EventType() string     { return "customer.number_claimed" }
func (NumberReleased) EventType() string    { return "customer.number_released" }
func (Registered) EventType() string        { return "customer.registered" }
func (ProfileUpdated) EventType() string    { return "customer.profile_updated" }
func (KeyContactAdded) EventType() string   { return "customer.key_contact_added" }
func (KeyContactUpdated) EventType() string { return "customer.key_contact_updated" }
func (KeyContactRemoved) EventType() string { return "customer.key_contact_removed" }
func (ContactLogged) EventType() string     { return "customer.contact_logged" }
