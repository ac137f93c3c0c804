package domain

import "errors"

// Error kinds. Every domain error wraps exactly one, so callers classify
// failures with errors.Is without knowing each specific error.
var (
	ErrNotFound  = errors.New("not found")     // no such aggregate or view
	ErrInvalid   = errors.New("invalid")       // input is malformed, whatever the state
	ErrRejected  = errors.New("rejected")      // a business rule refuses it in the current state
	ErrConflict  = errors.New("conflict")      // already exists, or a concurrent write won
	ErrForbidden = errors.New("not permitted") // the actor's role may not do this
	// ErrUnavailable: a store the request needs cannot be reached now (the
	// database is down, restarting or timing out); the same request may
	// succeed later. Store adapters wrap their outage errors with it.
	ErrUnavailable = errors.New("unavailable")
)

// NotFound, Invalid, Rejected, Conflict and Forbidden return an error with
// message msg that wraps the matching kind. Use them for package-level
// sentinels.
func NotFound(msg string) error  { return &kindError{msg, ErrNotFound} }
func Invalid(msg string) error   { return &kindError{msg, ErrInvalid} }
func Rejected(msg string) error  { return &kindError{msg, ErrRejected} }
func Conflict(msg string) error  { return &kindError{msg, ErrConflict} }
func Forbidden(msg string) error { return &kindError{msg, ErrForbidden} }

type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// FieldError is an Invalid error that names the offending input field, so
// the API can answer 422 with "which field, why".
type FieldError struct {
	Field  string
	Reason string
}

// InvalidField returns an Invalid error about one input field.
func InvalidField(field, reason string) error { return &FieldError{Field: field, Reason: reason} }

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }
func (e *FieldError) Unwrap() error { return ErrInvalid }

// RuleError is a Rejected error that names the business rule refusing the
// command (e.g. "K2" or "O2"), so auditors and clients see which rule applied.
type RuleError struct {
	Rule string
	Msg  string
}

// RuleViolation returns a Rejected error that names the rule it enforces.
func RuleViolation(rule, msg string) error { return &RuleError{Rule: rule, Msg: msg} }

func (e *RuleError) Error() string { return e.Msg }
func (e *RuleError) Unwrap() error { return ErrRejected }
