package employee

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Regulation holds the employee rules the seeds leave to configuration (E3,
// E4, §2.5-regulation-version). It is versioned and effective-dated by the command
// layer (domain.RegulationVersions[Regulation]); events record the version applied.
type Regulation struct {
	// ProbationMonths is the probation length (E3: the seeds say 3,
	// 1 or leave it blank; default 3).
	ProbationMonths int
	// EarlyConversion lets the GM confirm regular status before probation
	// ends when the assessment says the configured target was met.
	EarlyConversion bool
	// LeniencyMonths is how long the GM may extend probation, once, for a
	// rep who is very responsible but less able (E4).
	LeniencyMonths int
	// CheckInSlots are the daily check-in slots (morning/noon/evening, or
	// morning/evening in another template).
	CheckInSlots []string
	// UTCOffset is the company's offset from UTC; it decides which
	// calendar day a check-in belongs to (China: +8h, no DST).
	UTCOffset time.Duration
	// AutoResignOnNoResults switches E6 (from the loan-brokerage template):
	// NoResultMonths consecutive months with zero results raise an
	// auto-resignation case for employees holding one of SalesRoles.
	AutoResignOnNoResults bool
	NoResultMonths        int
	SalesRoles            []domain.Role
	// Fines is the fine schedule; only its items can be fined.
	Fines []FineItem
	// Rewards is the reward catalogue; only its types can be awarded.
	Rewards []string
	// Penalties is the penalty ladder, mildest first.
	Penalties []string
	// PenaltiesNeedingHRorGM may be decided only by HR or the GM (D).
	PenaltiesNeedingHRorGM []string
}

// FineItem is one line of the fine schedule.
type FineItem struct {
	Code    string       `json:"code"`
	Amount  domain.Money `json:"amount"`
	RuleRef string       `json:"rule_ref"`
}

// Fine items the seeds state with an amount (E12, E13).
const (
	FineSloppyReport     = "SLOPPY_REPORT"
	FinePhoneUnreachable = "PHONE_UNREACHABLE"
	// FineMissingReport fines a report not filed by its due time, when a
	// regulation version's schedule lists it (E12-missing-fine); the
	// default schedule does not.
	FineMissingReport = "MISSING_REPORT"
)

// Penalty types of the default ladder that later rules refer to.
const (
	PenaltyDemotion  = "DEMOTION"
	PenaltyDismissal = "DISMISSAL"
)

// DefaultRegulation returns the recommended defaults (D).
func DefaultRegulation() Regulation {
	return Regulation{
		ProbationMonths:       3,
		EarlyConversion:       true,
		LeniencyMonths:        1,
		CheckInSlots:          []string{"MORNING", "NOON", "EVENING"},
		UTCOffset:             8 * time.Hour,
		AutoResignOnNoResults: true,
		NoResultMonths:        2,
		SalesRoles:            []domain.Role{domain.RoleSalesRep},
		Fines: []FineItem{
			{Code: FineSloppyReport, Amount: domain.Yuan(20), RuleRef: "E12"},
			{Code: FinePhoneUnreachable, Amount: domain.Yuan(20), RuleRef: "E13"},
		},
		Rewards: []string{
			"EXCELLENT_EMPLOYEE", "OUTSTANDING_CONTRIBUTION", "PAY_RISE", "PROMOTION", "BONUS",
			"COMMENDATION_LETTER", "HONOUR_CERTIFICATE", "IMPROVEMENT_SUGGESTION",
			"QUALIFICATION_ACHIEVED", "TOP_PERFORMER",
		},
		Penalties: []string{
			"VERBAL_WARNING", "WRITTEN_WARNING", "DEMERIT", "PUBLIC_CRITICISM",
			"YEAR_END_BONUS_DEDUCTION", "COMPENSATION", PenaltyDemotion, PenaltyDismissal,
		},
		PenaltiesNeedingHRorGM: []string{PenaltyDemotion, PenaltyDismissal},
	}
}

// fine returns the schedule item with code.
func (p Regulation) fine(code string) (FineItem, bool) {
	i := slices.IndexFunc(p.Fines, func(f FineItem) bool { return f.Code == code })
	if i < 0 {
		return FineItem{}, false
	}
	return p.Fines[i], true
}

// day is the company calendar day of t.
func (p Regulation) day(t time.Time) string {
	return t.In(p.Location()).Format(time.DateOnly)
}

// Location is the company's time zone: its days end at its midnight.
func (p Regulation) Location() *time.Location {
	return time.FixedZone("company", int(p.UTCOffset/time.Second))
}

// isSalesRole reports whether r is subject to the no-results rule (E6).
func (p Regulation) isSalesRole(r domain.Role) bool { return slices.Contains(p.SalesRoles, r) }
