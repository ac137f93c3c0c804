package pay

import (
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
)

// Facts are what happened in one employee's month, as the records show
// it: nothing in them depends on a regulation.
type Facts struct {
	Role domain.Role
	// Collected is what the contracts the employee drafted collected in
	// the month (the business volume commission is paid on).
	Collected domain.Money
	// ManagedCollected is what each member of staff the employee manages
	// (as department head) collected; nil for anyone else.
	ManagedCollected []domain.Money
	// DepartmentMetTarget tells whether the managed department met its
	// target for the month (the override's condition).
	DepartmentMetTarget bool
	// TopPerformer is set for the month's highest collected volume.
	TopPerformer bool
	BaseSalary   domain.Money
	Bonus        domain.Money // bonuses settled in the month (project final acceptance)
	Rewards      domain.Money // rewards with an amount granted in the month
	Fines        domain.Money // fines decided in the month
}

// Figures are one month's pay.
type Figures struct {
	BaseSalary   domain.Money `json:"base_salary"`
	Collected    domain.Money `json:"collected"`
	Commission   domain.Money `json:"commission"`
	Override     domain.Money `json:"override"`
	Allowance    domain.Money `json:"allowance"`
	TopPerformer domain.Money `json:"top_performer_award"`
	Bonus        domain.Money `json:"bonus"`
	Rewards      domain.Money `json:"rewards"`
	Fines        domain.Money `json:"fines"`
	Net          domain.Money `json:"net"`
}

// Commission is the commission on one month's collected volume under r:
// the rate of the highest tier the volume reaches, on the whole volume,
// truncated to the fen (§3.4-commission).
func Commission(collected domain.Money, r Rules) domain.Money {
	return salesplan.Commission(collected, r.Commission)
}

// Override is a manager's override under r: the override rate of the
// managed staff's total commission when the department met its target,
// else nothing (§3.4-override).
func Override(managedCollected []domain.Money, metTarget bool, r Rules) domain.Money {
	commissions := make([]domain.Money, len(managedCollected))
	for i, c := range managedCollected {
		commissions[i] = Commission(c, r)
	}
	o := salesplan.ManagerOverride(commissions, metTarget, r.Commission)
	if len(commissions) == 0 {
		o.Currency = domain.DefaultCurrency
	}
	return o
}

// Compute is the month's pay from its facts under r: base salary,
// commission, override, allowance, top-performer award, bonus and
// rewards, less fines. It is the one place pay figures come from.
func Compute(f Facts, r Rules) (Figures, error) {
	g := Figures{
		BaseSalary: f.BaseSalary, Collected: f.Collected,
		Commission: Commission(f.Collected, r), Override: Override(f.ManagedCollected, f.DepartmentMetTarget, r),
		Allowance: r.Pay.allowanceFor(f.Role), TopPerformer: domain.Money{Currency: domain.DefaultCurrency},
		Bonus: f.Bonus, Rewards: f.Rewards, Fines: f.Fines,
	}
	if f.TopPerformer {
		g.TopPerformer = r.Pay.TopPerformerAward
	}
	net := domain.Money{Currency: domain.DefaultCurrency}
	var err error
	for _, m := range []domain.Money{g.BaseSalary, g.Commission, g.Override, g.Allowance, g.TopPerformer, g.Bonus, g.Rewards} {
		if net, err = net.Add(orZero(m)); err != nil {
			return g, ErrCurrency
		}
	}
	if net, err = net.Sub(orZero(g.Fines)); err != nil {
		return g, ErrCurrency
	}
	g.Net = net
	return g, nil
}

// orZero gives an unset amount the default currency.
func orZero(m domain.Money) domain.Money {
	if m.Currency == "" {
		m.Currency = domain.DefaultCurrency
	}
	return m
}
