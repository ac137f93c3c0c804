package employee

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// DepartureType says how an employment ends.
type DepartureType string

// Departure types.
const (
	DepartureResign           DepartureType = "RESIGN"
	DepartureDismiss          DepartureType = "DISMISS"
	DepartureAuto             DepartureType = "AUTO" // failed probation (E4)
	DepartureAutoResign       DepartureType = "AUTO_RESIGN"
	DepartureSummaryDismissal DepartureType = "SUMMARY_DISMISSAL"
)

// Violation is a violation that warrants summary dismissal without pay
// settlement (E9, E10).
type Violation string

// Violations the regulation punishes with dismissal and forfeited pay.
const (
	ViolationPartTimeJob       Violation = "PART_TIME_JOB"      // E9
	ViolationSeriousDisclosure Violation = "SERIOUS_DISCLOSURE" // E10
	ViolationSeriousSlacking   Violation = "SERIOUS_SLACKING"   // E10
)

// rule is the id of the rule (docs/RULES.md) that names v.
func (v Violation) rule() string {
	switch v {
	case ViolationPartTimeJob:
		return "E9"
	case ViolationSeriousDisclosure:
		return "E10"
	case ViolationSeriousSlacking:
		return "E10"
	}
	return ""
}

type departure struct {
	kind          DepartureType
	violation     Violation
	filesArchived bool
	payResolved   bool
}

// InitiateDeparture starts a resignation, dismissal or automatic
// resignation of a hired employee; basis optionally points to the record it
// rests on (a DismissalDue appraisal, a penalty). Summary dismissal goes
// through SummarilyDismiss. Initiating the same type again is a no-op.
func (s Employee) InitiateDeparture(t DepartureType, reason string, basis *RecordRef, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(basis.texts(), domain.Text("reason", reason))...); err != nil {
		return nil, err
	}
	if t != DepartureResign && t != DepartureDismiss && t != DepartureAutoResign {
		return nil, ErrBadDepartureType
	}
	if err := s.departable(t); err != nil || s.Status == StatusLeaving {
		return nil, err
	}
	if strings.TrimSpace(reason) == "" {
		return nil, ErrMissingField
	}
	if basis != nil && !s.exists(*basis) {
		return nil, ErrUnknownBasis
	}
	return []domain.Event{DepartureInitiated{EmployeeID: s.ID, Type: t, Reason: reason, Basis: basis, InitiatedAt: now}}, nil
}

// SummarilyDismiss dismisses an employee at once for a violation that
// forfeits pay: an outside part-time job (E9), serious disclosure or
// serious slacking (E10). Repeating it is a no-op.
func (s Employee) SummarilyDismiss(v Violation, reason string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("violation", string(v)), domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if v.rule() == "" {
		return nil, ErrBadViolation
	}
	if err := s.departable(DepartureSummaryDismissal); err != nil || s.Status == StatusLeaving {
		return nil, err
	}
	if strings.TrimSpace(reason) == "" {
		return nil, ErrMissingField
	}
	return []domain.Event{DepartureInitiated{
		EmployeeID: s.ID, Type: DepartureSummaryDismissal, Reason: reason, Violation: v, InitiatedAt: now,
	}}, nil
}

// departable is nil when a departure of type t may start, or is already
// under way with that type (a no-op for the caller).
func (s Employee) departable(t DepartureType) error {
	switch {
	case s.Status == StatusLeaving && s.departure.kind == t:
		return nil
	case s.Status == StatusLeaving:
		return ErrAlreadyLeaving
	case !s.hired():
		return s.activeError()
	}
	return nil
}

// ArchiveFiles records that company files and materials were handed back
// and archived (E11). Archiving again is a no-op.
func (s Employee) ArchiveFiles(items []string, archivedBy string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Texts("items", items)...); err != nil {
		return nil, err
	}
	if err := s.leavingCheck(); err != nil || s.departure.filesArchived {
		return nil, err
	}
	if len(items) == 0 {
		return nil, ErrMissingField
	}
	return []domain.Event{FilesArchived{EmployeeID: s.ID, Items: items, ArchivedBy: archivedBy, ArchivedAt: now}}, nil
}

// SettleFinalPay settles pay and benefits. It is refused after a summary
// dismissal for a violation that forfeits pay (E9, E10). Settling again is
// a no-op.
func (s Employee) SettleFinalPay(amount domain.Money, settledBy string, now time.Time) ([]domain.Event, error) {
	if err := s.leavingCheck(); err != nil || s.departure.payResolved {
		return nil, err
	}
	if s.departure.violation != "" {
		return nil, ErrPayForfeitRule
	}
	if amount.IsNegative() {
		return nil, ErrNegativeAmount
	}
	return []domain.Event{FinalPaySettled{EmployeeID: s.ID, Amount: amount, SettledBy: settledBy, SettledAt: now}}, nil
}

// ForfeitFinalPay withholds pay after a summary dismissal for one of the
// stated violations, and only then (E9). Forfeiting again is a no-op.
func (s Employee) ForfeitFinalPay(decidedBy string, now time.Time) ([]domain.Event, error) {
	if err := s.leavingCheck(); err != nil || s.departure.payResolved {
		return nil, err
	}
	v := s.departure.violation
	if v == "" {
		return nil, ErrNotForfeitable
	}
	return []domain.Event{FinalPayForfeited{EmployeeID: s.ID, Violation: v, RuleRef: v.rule(), DecidedBy: decidedBy, ForfeitedAt: now}}, nil
}

// CompleteDeparture ends the employment. It is refused until files are
// archived (E11) and pay is settled or forfeited. That the employee owns
// no customer any more is their portfolio's to decide (Portfolio.Close,
// E-departure), in the same atomic append. Completing again is a no-op.
func (s Employee) CompleteDeparture(now time.Time) ([]domain.Event, error) {
	if s.Status == StatusDeparted {
		return nil, nil
	}
	if err := s.leavingCheck(); err != nil {
		return nil, err
	}
	switch {
	case !s.departure.filesArchived:
		return nil, ErrFilesNotArchived
	case !s.departure.payResolved:
		return nil, ErrPayUnresolved
	}
	return []domain.Event{Departed{EmployeeID: s.ID, Type: s.departure.kind, DepartedAt: now}}, nil
}

func (s Employee) leavingCheck() error {
	switch s.Status {
	case StatusLeaving:
		return nil
	case StatusNone:
		return ErrNotFound
	case StatusDeparted:
		return ErrNotActive
	}
	return ErrNotLeaving
}
