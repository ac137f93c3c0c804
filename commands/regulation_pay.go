package commands

import (
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/pay"
)

// payParams are the pay regulation's parameters as written: amounts as
// decimal strings.
type payParams struct {
	Allowance         string        `json:"allowance"`
	AllowanceRoles    []domain.Role `json:"allowance_roles"`
	TopPerformerAward string        `json:"top_performer_award"`
}

func payWire(p pay.Regulation) payParams {
	roles := append([]domain.Role{}, p.AllowanceRoles...)
	return payParams{Allowance: p.Allowance.Decimal(), AllowanceRoles: roles, TopPerformerAward: p.TopPerformerAward.Decimal()}
}

func (w payParams) regulation() (pay.Regulation, error) {
	allowance, err := parseAmount("allowance", w.Allowance)
	if err != nil {
		return pay.Regulation{}, err
	}
	award, err := parseAmount("top_performer_award", w.TopPerformerAward)
	if err != nil {
		return pay.Regulation{}, err
	}
	p := pay.Regulation{Allowance: allowance, AllowanceRoles: append([]domain.Role{}, w.AllowanceRoles...), TopPerformerAward: award}
	return p, p.Validate()
}
