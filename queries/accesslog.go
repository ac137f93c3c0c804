package queries

import "time"

// The read-access log (SPEC §4.3 A6): every answer that shows someone's
// personal data (a customer file's contacts, an employee's record, a
// salary) records who read it, whose it was, which fields, through which
// endpoint and request, and when. Entries are only ever added.

// Subject kinds and the categories of personal data the log names.
const (
	SubjectCustomer = "customer"
	SubjectEmployee = "employee"

	// CategoryCustomerContact: the primary contact and phone of a file.
	CategoryCustomerContact = "customer_contact"
	// CategoryKeyContacts: key persons' personal fields.
	CategoryKeyContacts = "key_contacts"
	// CategoryEmployeeRecord: an employee's full record (appraisal
	// grades, rewards, penalties, fines, probation, departure).
	CategoryEmployeeRecord = "employee_record"
	// CategoryAppraisals: an employee's appraisal history.
	CategoryAppraisals = "appraisals"
	// CategoryConduct: an employee's rewards, penalties and fines.
	CategoryConduct = "conduct"
	// CategorySalary: an employee's base salary.
	CategorySalary = "salary"
)

// PersonalRead is one subject's personal data shown by an answer.
type PersonalRead struct {
	SubjectKind string
	SubjectID   string
	Category    string
	Fields      []string
	// OwnerID is who owned the subject when it was read (a customer
	// file's owning rep), so A6 can tell reads of files one does not own.
	OwnerID string
}

// AccessRecord is one entry of the read-access log.
type AccessRecord struct {
	ID          int64     `json:"id"`
	At          time.Time `json:"at"`
	ReaderID    string    `json:"reader_id"`
	ReaderRoles []string  `json:"reader_roles"`
	SubjectKind string    `json:"subject_kind"`
	SubjectID   string    `json:"subject_id"`
	Category    string    `json:"category"`
	Fields      []string  `json:"fields"`
	// Endpoint is the method and route ("GET /customers/{id}").
	Endpoint  string `json:"endpoint"`
	RequestID string `json:"request_id"`
	// SubjectOwnerID is the subject's owner at the read ("" for an
	// employee); ReaderIsOwner says whether the reader was that owner.
	SubjectOwnerID string `json:"subject_owner_id,omitempty"`
	ReaderIsOwner  bool   `json:"reader_is_owner"`
}

// AccessFilter selects log entries: of one subject (its id), by one
// reader, read in [From, To), and with NotOwner only reads of customer
// files by someone other than their owning rep. Empty fields select
// everything.
type AccessFilter struct {
	SubjectID string
	ReaderID  string
	From, To  time.Time
	NotOwner  bool
}

// AccessReaders may read the read-access log: the auditing roles. The
// GM, leadership and the board read the audit trail, but not who read
// whose personal data: they are among the readers the log watches.
var AccessReaders = AuditingRoles
