package privacy

import (
	"strings"

	"github.com/opsledger/opsledger/domain"
)

// SubjectKind is the kind of person a data subject is.
type SubjectKind string

// The kinds of data subject whose personal fields are encrypted.
const (
	// KindContact is a key person of a customer's organisation: the
	// subject id is "contact:<customer id>:<contact id>".
	KindContact SubjectKind = "contact"
	// KindEmployee is an employee (or a candidate checked for hiring):
	// the subject id is "employee:<employee id>".
	KindEmployee SubjectKind = "employee"
)

// Subject is a parsed data-subject id.
type Subject struct {
	Kind SubjectKind
	// OwnerID is the aggregate the subject's data lives in: the customer
	// of a contact, the employee of an employee.
	OwnerID string
	// ContactID is a contact's id on its customer's file (empty for an
	// employee).
	ContactID string
}

// ErrUnknownSubject is returned for a subject id that names nobody: of no
// known form, or of a person the log does not hold.
var ErrUnknownSubject = domain.NotFound("no such data subject")

// PrimaryContactID is the contact id of the primary contact given at a
// customer's registration (customer.PrimaryContactID, which privacy does
// not import): "contact:<customer id>:primary" is that person.
const PrimaryContactID = "primary"

// ContactSubject is the subject id of a customer's key person.
func ContactSubject(customerID, contactID string) string {
	return string(KindContact) + ":" + customerID + ":" + contactID
}

// EmployeeSubject is the subject id of an employee.
func EmployeeSubject(employeeID string) string { return string(KindEmployee) + ":" + employeeID }

// ParseSubject parses a subject id. Customer ids hold no colon, so a
// contact's id may: everything after the customer id is the contact id.
func ParseSubject(id string) (Subject, error) {
	kind, rest, ok := strings.Cut(id, ":")
	if !ok || rest == "" {
		return Subject{}, ErrUnknownSubject
	}
	switch SubjectKind(kind) {
	case KindEmployee:
		return Subject{Kind: KindEmployee, OwnerID: rest}, nil
	case KindContact:
		customerID, contactID, ok := strings.Cut(rest, ":")
		if !ok || customerID == "" || contactID == "" {
			return Subject{}, ErrUnknownSubject
		}
		return Subject{Kind: KindContact, OwnerID: customerID, ContactID: contactID}, nil
	}
	return Subject{}, ErrUnknownSubject
}

// ID is the subject's id.
func (s Subject) ID() string {
	if s.Kind == KindContact {
		return ContactSubject(s.OwnerID, s.ContactID)
	}
	return EmployeeSubject(s.OwnerID)
}

// Stream is the stream of the subject's erasure: "subject-<id>".
func (s Subject) Stream() string { return SubjectStreamPrefix + s.ID() }

// SubjectStreamPrefix starts every subject's stream; a read model that
// scrubs erased data follows it (with the kind: "subject-employee:").
const SubjectStreamPrefix = "subject-"

// StreamPrefix is the prefix of the erasure streams of every subject of
// kind: a read model that scrubs one kind follows only that.
func StreamPrefix(kind SubjectKind) string { return SubjectStreamPrefix + string(kind) + ":" }

// DataStream is the stream of the aggregate that holds the subject's
// personal data: the customer's file or the employee's.
func (s Subject) DataStream() string {
	if s.Kind == KindContact {
		return "customer-" + s.OwnerID
	}
	return "employee-" + s.OwnerID
}
