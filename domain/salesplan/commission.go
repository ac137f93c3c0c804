package salesplan

import (
	"math/big"

	"github.com/opsledger/opsledger/domain"
)

// Commission returns the commission on one month's volume under p: the
// rate of the highest tier whose From the volume reaches, applied to the
// whole volume and truncated to the fen (a fraction of a fen is never
// paid). A volume below the first tier, zero or negative earns nothing.
func Commission(amount domain.Money, p Regulation) domain.Money {
	var rate domain.Percent
	for _, t := range p.CommissionTiers {
		if amount.Minor >= t.From.Minor {
			rate = t.Rate
		}
	}
	if amount.Minor <= 0 {
		rate = 0
	}
	return share(amount.Minor, rate, amount)
}

// ManagerOverride returns the manager's override (§5.15, not enforced yet):
// p.OverrideRate of the total commission of the staff the manager manages
// if and only if the department met its target for the period, else
// nothing; truncated to the fen. All commissions are expected in one
// currency (the first one's); amounts in another currency are left out,
// since a commission statement is kept in one currency.
func ManagerOverride(managedCommissions []domain.Money, departmentMetTarget bool, p Regulation) domain.Money {
	cur := domain.Fen(0)
	if len(managedCommissions) > 0 {
		cur = managedCommissions[0]
	}
	if !departmentMetTarget {
		return share(0, 0, cur)
	}
	total := new(big.Int)
	for _, c := range managedCommissions {
		if currencyOf(c) == currencyOf(cur) {
			total.Add(total, big.NewInt(c.Minor))
		}
	}
	return shareBig(total, p.OverrideRate, cur)
}

// share returns minor × rate, truncated toward zero, in cur's currency.
func share(minor int64, rate domain.Percent, cur domain.Money) domain.Money {
	return shareBig(big.NewInt(minor), rate, cur)
}

func shareBig(minor *big.Int, rate domain.Percent, cur domain.Money) domain.Money {
	v := new(big.Int).Mul(minor, big.NewInt(int64(rate)))
	v.Quo(v, big.NewInt(10000))
	return domain.Money{Minor: v.Int64(), Currency: currencyOf(cur)}
}

// currencyOf returns m's currency, the default one when m names none.
func currencyOf(m domain.Money) string {
	if m.Currency == "" {
		return domain.DefaultCurrency
	}
	return m.Currency
}
