package customer

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Registration is the data a customer file is opened with (C1, C2
// RegisterTargetCustomer).
type Registration struct {
	CustomerID     string
	Number         string
	Name           string
	Address        string
	PrimaryContact string
	Phone          string
	Source         Source
	OwnerRepID     string
	OrgUnitID      string
	Region         string
}

// Register opens the file of a target customer. It refuses missing basic
// data (C2), a number outside the uniform scheme (C1), an unknown source,
// and a customer that is already registered. Uniqueness of the number
// across customers is not visible here: the caller claims it first
// (NumberClaim.Claim on NumberStream).
func (c Customer) Register(r Registration, by string, at time.Time) ([]domain.Event, error) {
	if c.Exists() {
		return nil, ErrAlreadyRegistered
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return []domain.Event{Registered{
		CustomerID: r.CustomerID, Number: r.Number, Name: strings.TrimSpace(r.Name),
		Address: strings.TrimSpace(r.Address), PrimaryContact: strings.TrimSpace(r.PrimaryContact),
		Phone: strings.TrimSpace(r.Phone), Source: r.Source, OwnerRepID: r.OwnerRepID,
		OrgUnitID: r.OrgUnitID, Region: r.Region, RegisteredBy: by, RegisteredAt: at,
	}}, nil
}

// Validate checks a registration without any state, so the command layer
// can refuse bad input before it claims the number.
func (r Registration) Validate() error { return r.validate() }

func (r Registration) validate() error {
	if err := required("customer_id", r.CustomerID); err != nil {
		return err
	}
	if !ValidNumber(r.Number) {
		return ErrBadNumber
	}
	for _, f := range []struct{ name, v string }{
		{FieldName, r.Name}, {FieldAddress, r.Address}, {FieldPrimaryContact, r.PrimaryContact},
		{FieldPhone, r.Phone}, {"owner_rep_id", r.OwnerRepID},
	} {
		if err := required(f.name, f.v); err != nil {
			return err
		}
	}
	if !r.Source.Valid() {
		return domain.InvalidField("source", "must be ON_SITE, INFORMATION_SEARCH or REFERRAL")
	}
	return r.checkText()
}

// checkText holds every text of the registration to its kind (§2.5-text):
// the file's fields are indexed by the read models, so a registration
// from any caller is bounded here.
func (r Registration) checkText() error {
	for _, f := range []struct{ name, v string }{
		{"customer_id", r.CustomerID}, {FieldName, r.Name}, {FieldAddress, r.Address}, {FieldPrimaryContact, r.PrimaryContact},
		{FieldPhone, r.Phone}, {"owner_rep_id", r.OwnerRepID}, {"org_unit_id", r.OrgUnitID}, {FieldRegion, r.Region},
	} {
		if err := domain.CheckText(f.name, f.v, ProfileTextKind(f.name)); err != nil {
			return err
		}
	}
	return nil
}

// ValidNumber reports whether number follows the uniform numbering scheme:
// 1–32 characters of A–Z, 0–9 and '-', not starting with '-'. The scheme's
// inner structure (branch prefix, year, sequence) is the numbering clerk's.
func ValidNumber(number string) bool {
	if number == "" || len(number) > 32 || number[0] == '-' {
		return false
	}
	for _, r := range number {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// NumberStream is the stream that holds the claim of a customer number.
// Appending its first event with expected version NoStream is what makes
// a number unique across customers (C1) on any store.
func NumberStream(number string) string { return "customernumber-" + number }

// NumberClaim is the state of a customer number's stream: which customer
// holds it.
type NumberClaim struct {
	Number     string
	CustomerID string
}

// Evolve applies an event of the number's stream.
func (n NumberClaim) Evolve(e domain.Event) NumberClaim {
	switch e := e.(type) {
	case NumberClaimed:
		n.Number, n.CustomerID = e.Number, e.CustomerID
	case NumberReleased:
		n.CustomerID = ""
	}
	return n
}

// Release gives the number back: it undoes this claim of customerID when
// the registration that made it failed after the claim was stored.
func (NumberClaim) Release(number, customerID string, at time.Time) []domain.Event {
	return []domain.Event{NumberReleased{Number: number, CustomerID: customerID, ReleasedAt: at}}
}

// Claim takes the number for customerID. Claiming it again for the same
// customer records nothing (a retried registration); a number held by
// another customer is ErrNumberTaken.
func (n NumberClaim) Claim(number, customerID, by string, at time.Time) ([]domain.Event, error) {
	if !ValidNumber(number) {
		return nil, ErrBadNumber
	}
	switch n.CustomerID {
	case "":
		return []domain.Event{NumberClaimed{Number: number, CustomerID: customerID, ClaimedBy: by, ClaimedAt: at}}, nil
	case customerID:
		return nil, nil
	}
	return nil, ErrNumberTaken
}

// required refuses an empty or blank value of field.
func required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return domain.InvalidField(field, "is required")
	}
	return nil
}
