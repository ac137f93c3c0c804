package salesplan

import "github.com/opsledger/opsledger/domain"

// Regulation holds the versioned parameters of sales targets and commission.
type Regulation struct {
	// SumTolerance is how far (in minor units of the plan's currency) the
	// children of a target may sum from it: a decomposition is accepted
	// when |Σ children − parent| ≤ SumTolerance (D, default 0: exact).
	SumTolerance domain.Money
	// OverrideRate is the manager override: the share of the managed
	// staff's total commission a manager earns when the department met its
	// target (S, 5% = 500).
	OverrideRate domain.Percent
	// CommissionTiers are the monthly-volume commission tiers, ascending
	// by From (S, partial figures; see DefaultRegulation).
	CommissionTiers []CommissionTier
}

// CommissionTier pays Rate on the whole monthly volume when the volume is
// at least From and below the next tier's From.
type CommissionTier struct {
	From domain.Money   `json:"from"`
	Rate domain.Percent `json:"rate"`
}

// DefaultRegulation returns these figures (§5.14-decomposition, §5.15):
//
//   - exact decomposition (tolerance 0, D);
//   - manager override 5% (S);
//   - commission on monthly volume 1–10万 0.1%, 11–50万 0.15%, 51–99万 0.2%,
//     top tier 0.25% (S, partial). The seed's brackets leave gaps and lost the
//     top threshold; we fill them (D) by letting each tier run from its lower
//     bound up to the next tier's lower bound: [1万, 11万) 0.10%,
//     [11万, 51万) 0.15%, [51万, 100万) 0.20%, ≥ 100万 0.25% (a tier the
//     seed states loosely: "probably ≥100万"). Below 1万 the seed lists no rate: no commission.
//     The rate applies to the whole volume ("业务量×%"), not marginally.
//     The seed comes from a loan-brokerage template, so these are example
//     figures to be replaced by a published regulation version.
func DefaultRegulation() Regulation {
	return Regulation{
		SumTolerance: domain.Fen(0),
		OverrideRate: 500,
		CommissionTiers: []CommissionTier{
			{From: domain.Yuan(10_000), Rate: 10},
			{From: domain.Yuan(110_000), Rate: 15},
			{From: domain.Yuan(510_000), Rate: 20},
			{From: domain.Yuan(1_000_000), Rate: 25},
		},
	}
}
