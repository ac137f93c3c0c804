package customer

import (
	"slices"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Profile fields of the customer file (C2, C3). The first five are
// the basic data of C2, which a change may alter but never clear.
const (
	FieldName           = "name"
	FieldAddress        = "address"
	FieldPrimaryContact = "primary_contact"
	FieldPhone          = "phone"
	FieldRegion         = "region"
)

// basicFields are required by C2 and cannot be cleared.
var basicFields = []string{FieldName, FieldAddress, FieldPrimaryContact, FieldPhone}

// ProfileFields lists every field UpdateProfile accepts: identity, company
// profile, deeper profile, project information and commercial history.
// The customer number is the file's identity and never changes.
func ProfileFields() []string {
	return []string{
		FieldName, FieldAddress, FieldPrimaryContact, FieldPhone, FieldRegion,
		"economic_type", "registered_capital", "scale", "products", "rd_strength",
		"competitor_progress", "strengths_weaknesses",
		"business_characteristics", "industry_position", "financial_strength",
		"commercial_reputation", "cooperation_intention", "demand_capacity",
		"site_inspection", "charges", "customer_evaluation",
		"purchase_history", "needs_preferences",
	}
}

// UpdateProfile changes fields of the file. changes maps a field to its
// new value; fields whose value is unchanged are left out of the event,
// and a change that alters nothing records nothing. It refuses unknown
// fields, clearing basic data (C2), a missing reason (C3), a sales rep who
// does not own the customer, and an unknown customer.
func (c Customer) UpdateProfile(changes map[string]string, reason, actorID string, role domain.Role, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if err := c.ownerCheck(actorID, role); err != nil {
		return nil, err
	}
	if err := required("reason", reason); err != nil {
		return nil, err
	}
	var diff []FieldChange
	for _, f := range sortedKeys(changes) {
		v := strings.TrimSpace(changes[f])
		if !slices.Contains(ProfileFields(), f) {
			return nil, ErrUnknownField
		}
		if err := domain.CheckText(f, v, ProfileTextKind(f)); err != nil {
			return nil, err
		}
		if v == "" && slices.Contains(basicFields, f) {
			return nil, domain.InvalidField(f, "is basic customer data and cannot be cleared (C2)")
		}
		if old := c.profile[f]; old != v {
			diff = append(diff, FieldChange{Field: f, Old: old, New: v})
		}
	}
	if len(diff) == 0 {
		return nil, nil
	}
	return []domain.Event{ProfileUpdated{CustomerID: c.ID, Changes: diff, Reason: reason, UpdatedBy: actorID, UpdatedAt: at}}, nil
}

// ownerCheck refuses an unknown customer, and a sales rep acting on a
// customer someone else owns (confidentiality, C7).
func (c Customer) ownerCheck(actorID string, role domain.Role) error {
	if !c.Exists() {
		return ErrNotFound
	}
	if role == domain.RoleSalesRep && actorID != c.OwnerRepID {
		return ErrNotOwner
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ProfileTextKind is the kind of text a file field holds (§2.5-text): the
// address is an address, the phone a code, names and short labels names,
// and the deeper profile (products, strengths, history …) prose.
func ProfileTextKind(field string) domain.TextKind {
	switch field {
	case FieldAddress:
		return domain.TextAddress
	case FieldPhone:
		return domain.TextCode
	case "customer_id", "owner_rep_id", "org_unit_id", FieldName, FieldPrimaryContact, FieldRegion, "economic_type", "registered_capital", "scale":
		return domain.TextName
	}
	return domain.TextNote
}
