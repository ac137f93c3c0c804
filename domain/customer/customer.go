// Package customer is the Customer aggregate: the customer file (客户档案)
// a sales department builds and keeps up to date, with its pipeline stage
// (target → visiting → negotiating → cooperating), key contacts, contact
// log, visits, classification and the after-sales care recorded on it
// (C1–C13, see docs/RULES.md).
//
// Rules enforced here (ids of docs/RULES.md):
//
//	C1  a customer has a number under the uniform scheme (format checked
//	    here; uniqueness across customers is claimed by the command layer
//	    on the number's own stream, see NumberStream and NumberClaim)
//	C2  name, address, contact person and phone are required and cannot
//	    be cleared later
//	C3  every change is attributed and profile changes carry a reason
//	C4  the file is reviewed once per calendar month (LastReviewedMonth)
//	C9  COOPERATING only on a signed contract (MarkCooperating)
//	C12 a care plan needs the customer's value tier and purchase frequency
//	C13 nothing is deleted: removals and corrections are new events
//
// Relationship depth is informational and never blocks a command.
package customer

import (
	"maps"

	"github.com/opsledger/opsledger/domain"
)

// Stage is the customer's place in the external sales pipeline.
type Stage string

// The pipeline stages (C9, §2.1.4-abandon).
const (
	StageNone        Stage = ""
	StageTarget      Stage = "TARGET"
	StageVisiting    Stage = "VISITING"
	StageNegotiating Stage = "NEGOTIATING"
	StageCooperating Stage = "COOPERATING"
	StageParked      Stage = "PARKED"
	StageAbandoned   Stage = "ABANDONED"
	StageDormant     Stage = "DORMANT"
)

// Source is how the customer was found (C10).
type Source string

// The three ways of finding customers the regulations name.
const (
	SourceOnSite            Source = "ON_SITE"
	SourceInformationSearch Source = "INFORMATION_SEARCH"
	SourceReferral          Source = "REFERRAL"
)

// Valid reports whether s is one of the three sources.
func (s Source) Valid() bool {
	return s == SourceOnSite || s == SourceInformationSearch || s == SourceReferral
}

// Customer is the state of one customer file, as far as decisions need it.
type Customer struct {
	ID                string
	Number            string
	Name              string
	Stage             Stage
	OwnerRepID        string
	OrgUnitID         string
	Region            string
	LastReviewedMonth string // "2006-01" of the last monthly review (C4)
	Cooperated        bool   // a signed contract was ever recorded
	Visits            int
	Depth             Depth
	Classification    Classification

	profile   map[string]string  // current profile values, for before/after
	contacts  map[string]contact // key contacts by id
	carePlans map[string]bool    // planned care, by plan id
	followUps map[string]bool    // scheduled follow-up visits: completed?
	surveys   map[string]int     // recorded survey results: overall score
	inquiries map[string]bool    // received inquiries: answered?
}

type contact struct {
	role     ContactRole
	personal PersonalData
	removed  bool
}

// Stream is the event stream of customer id.
func Stream(id string) string { return "customer-" + id }

// Exists reports whether the customer was registered.
func (c Customer) Exists() bool { return c.Stage != StageNone }

// ProfileValue returns the current value of a profile field ("" if unset).
func (c Customer) ProfileValue(field string) string { return c.profile[field] }

// HasContact reports whether contactID names a current key contact or the
// primary contact given at registration.
func (c Customer) HasContact(contactID string) bool {
	if contactID == PrimaryContactID {
		return c.Exists()
	}
	k, ok := c.contacts[contactID]
	return ok && !k.removed
}

// Evolve applies one event to the state. It never fails: events are facts.
func (c Customer) Evolve(e domain.Event) Customer {
	switch e := e.(type) {
	case Registered:
		c = c.registered(e)
	case ProfileUpdated:
		c = c.profileUpdated(e)
	case KeyContactAdded:
		c.contacts = with(c.contacts, e.ContactID, contact{role: e.RoleInOrg, personal: e.Personal})
	case KeyContactUpdated:
		c.contacts = with(c.contacts, e.ContactID, contact{role: e.RoleInOrg, personal: e.Personal})
	case KeyContactRemoved:
		k := c.contacts[e.ContactID]
		k.removed = true
		c.contacts = with(c.contacts, e.ContactID, k)
	default:
		c = c.evolvePipeline(e)
	}
	return c
}

func (c Customer) registered(e Registered) Customer {
	c.ID, c.Number, c.Name, c.Stage = e.CustomerID, e.Number, e.Name, StageTarget
	c.OwnerRepID, c.OrgUnitID, c.Region = e.OwnerRepID, e.OrgUnitID, e.Region
	c.profile = map[string]string{
		FieldName: e.Name, FieldAddress: e.Address, FieldPrimaryContact: e.PrimaryContact,
		FieldPhone: e.Phone, FieldRegion: e.Region,
	}
	return c
}

func (c Customer) profileUpdated(e ProfileUpdated) Customer {
	c.profile = maps.Clone(c.profile)
	if c.profile == nil {
		c.profile = map[string]string{}
	}
	for _, ch := range e.Changes {
		c.profile[ch.Field] = ch.New
		switch ch.Field {
		case FieldName:
			c.Name = ch.New
		case FieldRegion:
			c.Region = ch.New
		}
	}
	return c
}

// with returns a copy of m with k set to v, so that Evolve never mutates a
// map another state value shares.
func with[V any](m map[string]V, k string, v V) map[string]V {
	m = maps.Clone(m)
	if m == nil {
		m = map[string]V{}
	}
	m[k] = v
	return m
}
