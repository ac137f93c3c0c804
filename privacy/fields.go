package privacy

import "slices"

// The erased marker (rule P1-erasure): an erased string field reads as
// Erased, an erased key person's personal data as {"name":"[erased]"}, an
// erased amount as null, and the body lists the erased fields by name in
// ErasedFieldsKey.
const (
	Erased          = "[erased]"
	ErasedFieldsKey = "erased_fields"
	// subjectKey names the subject in a stored body whose personal
	// fields are encrypted; reads remove it.
	subjectKey = "pii_subject"
	// cipherPrefix starts the JSON string that replaces an encrypted
	// field's value: "pii:" and the base64 of the nonce and ciphertext.
	cipherPrefix = "pii:"
)

var (
	erasedString   = []byte(`"` + Erased + `"`)
	erasedPersonal = []byte(`{"name":"` + Erased + `"}`)
	erasedAmount   = []byte(`null`)
	// erasedChange is a primary contact field's change in a profile
	// update once erased.
	erasedChange = []byte(`{"old":"` + Erased + `","new":"` + Erased + `"}`)
)

// field is one personal field of an event type: its JSON member and what
// it reads as once erased (a value the event's Go type still decodes, so
// commands and projections go on folding the stream).
type field struct {
	name      string
	tombstone []byte
}

// eventFields are the personal fields of one event type and how to find
// their subject in the body.
type eventFields struct {
	kind    SubjectKind
	subject func(body []byte, members []member) (string, bool)
	fields  []field
}

// registry lists every event type with personal fields (rule
// P1-erasure). An event type absent from it is stored and read untouched.
var registry = map[string]eventFields{
	"customer.registered":            {kind: KindContact, subject: primaryContactOf, fields: []field{{"primary_contact", erasedString}, {"phone", erasedString}}},
	"customer.profile_updated":       {kind: KindContact, subject: primaryContactOf, fields: []field{{"primary_contact", erasedChange}, {"phone", erasedChange}}},
	"customer.key_contact_added":     {kind: KindContact, subject: contactOf, fields: []field{{"personal", erasedPersonal}}},
	"customer.key_contact_updated":   {kind: KindContact, subject: contactOf, fields: []field{{"personal", erasedPersonal}}},
	"employee.qualification_checked": {kind: KindEmployee, subject: employeeOf, fields: []field{{"candidate_name", erasedString}, {"notes", erasedString}}},
	"employee.hired":                 {kind: KindEmployee, subject: employeeOf, fields: []field{{"name", erasedString}}},
	"employee.base_salary_approved":  {kind: KindEmployee, subject: employeeOf, fields: []field{{"amount", erasedAmount}}},
	"employee.base_salary_set":       {kind: KindEmployee, subject: employeeOf, fields: []field{{"amount", erasedAmount}}},
	"employee.final_pay_settled":     {kind: KindEmployee, subject: employeeOf, fields: []field{{"amount", erasedAmount}}},
}

func contactOf(body []byte, members []member) (string, bool) {
	c, ok1 := stringMember(body, members, "customer_id")
	k, ok2 := stringMember(body, members, "contact_id")
	if !ok1 || !ok2 || c == "" || k == "" {
		return "", false
	}
	return ContactSubject(c, k), true
}

// primaryContactOf is the subject of the primary contact given at the
// customer's registration: its name and phone (rule P1-erasure).
func primaryContactOf(body []byte, members []member) (string, bool) {
	c, ok := stringMember(body, members, "customer_id")
	if !ok || c == "" {
		return "", false
	}
	return ContactSubject(c, PrimaryContactID), true
}

func employeeOf(body []byte, members []member) (string, bool) {
	e, ok := stringMember(body, members, "employee_id")
	if !ok || e == "" {
		return "", false
	}
	return EmployeeSubject(e), true
}

func stringMember(body []byte, members []member, name string) (string, bool) {
	m, ok := find(body, members, name)
	if !ok {
		return "", false
	}
	return m.stringValue(body)
}

// HasPersonalFields reports whether events of eventType carry personal
// fields (and so are encrypted when stored).
func HasPersonalFields(eventType string) bool {
	_, ok := registry[eventType]
	return ok
}

// PersonalEventTypes lists the event types with personal fields of the
// subjects of kind, for read models that scrub them.
func PersonalEventTypes(kind SubjectKind) []string {
	var out []string
	for t, f := range registry {
		if f.kind == kind {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// PersonalFields lists the personal fields of eventType and the JSON each
// reads as once erased (for documents and read models that scrub).
func PersonalFields(eventType string) map[string]string {
	f, ok := registry[eventType]
	if !ok {
		return nil
	}
	out := make(map[string]string, len(f.fields))
	for _, fl := range f.fields {
		out[fl.name] = string(fl.tombstone)
	}
	return out
}
