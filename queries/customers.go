package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
)

// ErrCustomerNotFound is returned for a customer file that does not exist.
var ErrCustomerNotFound = domain.NotFound("customer not found")

// CustomerView is a customer file as managers list it. Stale (C4) is
// computed for the now the query was given: the file was neither reviewed
// nor updated (registered, profile, key contacts, classification) in that
// calendar month; abandoned files are never stale.
type CustomerView struct {
	CustomerID            string     `db:"customer_id" json:"customer_id"`
	Number                string     `db:"number" json:"number"`
	Name                  string     `db:"name" json:"name"`
	Address               string     `db:"address" json:"address"`
	PrimaryContact        string     `db:"primary_contact" json:"primary_contact"`
	Phone                 string     `db:"phone" json:"phone"`
	Source                string     `db:"source" json:"source"`
	Stage                 string     `db:"stage" json:"stage"`
	OwnerRepID            string     `db:"owner_rep_id" json:"owner_rep_id"`
	OrgUnitID             string     `db:"org_unit_id" json:"org_unit_id"`
	Region                string     `db:"region" json:"region"`
	Industry              string     `db:"industry" json:"industry,omitempty"`
	Scale                 string     `db:"scale" json:"scale,omitempty"`
	ValueTier             string     `db:"value_tier" json:"value_tier,omitempty"`
	PurchaseFrequencyBand string     `db:"purchase_frequency_band" json:"purchase_frequency_band,omitempty"`
	SchemeVersion         string     `db:"scheme_version" json:"scheme_version,omitempty"`
	RelationshipDepth     string     `db:"relationship_depth" json:"relationship_depth,omitempty"`
	Visits                int        `db:"visits" json:"visits"`
	LastReviewedMonth     string     `db:"last_reviewed_month" json:"last_reviewed_month,omitempty"`
	LastUpdatedMonth      string     `db:"last_updated_month" json:"last_updated_month"`
	LastContactAt         *time.Time `db:"last_contact_at" json:"last_contact_at,omitempty"`
	NextAppointmentAt     *time.Time `db:"next_appointment_at" json:"next_appointment_at,omitempty"`
	RegisteredAt          time.Time  `db:"registered_at" json:"registered_at"`
	Stale                 bool       `db:"stale" json:"stale"`
	Version               int64      `db:"version" json:"version"`
	UpdatedAt             time.Time  `db:"updated_at" json:"updated_at"`
}

// CustomerFilter selects customer files. Empty fields select everything;
// Now (required for a correct stale flag) is the query's clock.
type CustomerFilter struct {
	Stage      customer.Stage
	OwnerRepID string
	OrgUnitID  string
	Region     string
	StaleOnly  bool
	Now        time.Time
	// Sort is number (default), name, -updated_at or registered_at.
	Sort string
	// At, when set, lists the rows as they stood then (row versions).
	At Bitemporal
}

// KeyContactView is a current key person of a customer. Personal is
// present only when the caller may see personal data.
type KeyContactView struct {
	ContactID string                 `json:"contact_id"`
	RoleInOrg string                 `json:"role_in_org"`
	Personal  *customer.PersonalData `json:"personal,omitempty"`
	AddedAt   time.Time              `json:"added_at"`
	Version   int64                  `json:"version"`
	UpdatedAt time.Time              `json:"updated_at"`
}

// ContactLogEntry is one logged contact with a customer.
type ContactLogEntry struct {
	Seq               int64      `db:"seq" json:"seq"`
	EmployeeID        string     `db:"employee_id" json:"employee_id"`
	ContactID         string     `db:"contact_id" json:"contact_id"`
	Channel           string     `db:"channel" json:"channel"`
	Topic             string     `db:"topic" json:"topic"`
	Outcome           string     `db:"outcome" json:"outcome"`
	NextAppointmentAt *time.Time `db:"next_appointment_at" json:"next_appointment_at,omitempty"`
	At                time.Time  `db:"at" json:"at"`
}
