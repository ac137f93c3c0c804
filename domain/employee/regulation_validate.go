package employee

import (
	"fmt"
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Validate refuses an employee regulation the decisions could not apply:
// a probation or leniency out of range, no check-in slot, an offset no
// time zone has, a no-results rule without its months or roles, a fine
// without a positive amount, a ladder with gaps or repeats, or a penalty
// needing HR or the GM that the ladder does not have.
func (p Regulation) Validate() error {
	switch {
	case p.ProbationMonths < 0 || p.ProbationMonths > 12:
		return domain.InvalidField("probation_months", "must be between 0 and 12")
	case p.LeniencyMonths < 0 || p.LeniencyMonths > 12:
		return domain.InvalidField("leniency_months", "must be between 0 and 12")
	case p.UTCOffset%time.Minute != 0 || p.UTCOffset < -12*time.Hour || p.UTCOffset > 14*time.Hour:
		return domain.InvalidField("utc_offset", "must be a whole-minute offset between -12:00 and +14:00")
	case p.AutoResignOnNoResults && (p.NoResultMonths < 1 || len(p.SalesRoles) == 0):
		return domain.InvalidField("no_result_months", "the auto-resignation rule needs at least 1 month and one sales role")
	}
	if err := distinctCodes("check_in_slots", p.CheckInSlots, true); err != nil {
		return err
	}
	for _, r := range p.SalesRoles {
		if !r.Valid() {
			return domain.InvalidField("sales_roles", fmt.Sprintf("%q is not a role", r))
		}
	}
	if err := p.validateFines(); err != nil {
		return err
	}
	for field, list := range map[string][]string{"rewards": p.Rewards, "penalties": p.Penalties, "penalties_needing_hr_or_gm": p.PenaltiesNeedingHRorGM} {
		if err := distinctCodes(field, list, field != "penalties_needing_hr_or_gm"); err != nil {
			return err
		}
	}
	for _, code := range p.PenaltiesNeedingHRorGM {
		if !slices.Contains(p.Penalties, code) {
			return domain.InvalidField("penalties_needing_hr_or_gm", fmt.Sprintf("%q is not on the penalty ladder", code))
		}
	}
	return nil
}

func (p Regulation) validateFines() error {
	codes := make([]string, len(p.Fines))
	for i, f := range p.Fines {
		if f.Amount.Minor <= 0 || f.Amount.Currency != domain.DefaultCurrency {
			return domain.InvalidField("fines", fmt.Sprintf("the fine %q needs a positive amount in %s", f.Code, domain.DefaultCurrency))
		}
		codes[i] = f.Code
	}
	return distinctCodes("fines", codes, false)
}

// distinctCodes refuses an empty, over-long or repeated code in list, and
// an empty list when one is needed.
func distinctCodes(field string, list []string, needed bool) error {
	if needed && len(list) == 0 {
		return domain.InvalidField(field, "needs at least one entry")
	}
	seen := make(map[string]bool, len(list))
	for _, c := range list {
		if err := domain.CheckText(field, c, domain.TextCode); err != nil {
			return err
		}
		if c == "" || seen[c] {
			return domain.InvalidField(field, fmt.Sprintf("entries must be non-empty and distinct (%q)", c))
		}
		seen[c] = true
	}
	return nil
}
