package salesplan

import "github.com/opsledger/opsledger/domain"

// Validate refuses a negative tolerance, an override rate outside 0–100%,
// and commission tiers that do not ascend or pay a negative rate.
func (p Regulation) Validate() error {
	switch {
	case p.SumTolerance.Minor < 0:
		return domain.InvalidField("sum_tolerance", "must not be negative")
	case p.OverrideRate < 0 || p.OverrideRate > 10000:
		return domain.InvalidField("override_rate", "must be between 0.00 and 100.00")
	}
	for i, t := range p.CommissionTiers {
		switch {
		case t.Rate < 0 || t.Rate > 10000:
			return domain.InvalidField("commission_tiers", "a rate must be between 0.00 and 100.00")
		case t.From.Minor < 0:
			return domain.InvalidField("commission_tiers", "a tier must start at a non-negative volume")
		case i > 0 && t.From.Minor <= p.CommissionTiers[i-1].From.Minor:
			return domain.InvalidField("commission_tiers", "tiers must ascend by their starting volume")
		}
	}
	return nil
}
