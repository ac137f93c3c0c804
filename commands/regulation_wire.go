package commands

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/salesplan"
)

// How the parameters of the regulations whose Go types are not their
// written form are written in a version: snake_case fields, amounts and
// percentages as decimal strings, durations as "72h", offsets as "+08:00".

// classificationWire writes a scheme with every dimension a list: an
// empty one (any value) is [], never null.
func classificationWire(s customer.ClassificationScheme) customer.ClassificationScheme {
	return customer.ClassificationScheme{Industries: listOf(s.Industries), Scales: listOf(s.Scales),
		ValueTiers: listOf(s.ValueTiers), FrequencyBands: listOf(s.FrequencyBands)}
}

// listOf is list, or an empty list for nil, so no parameter is null.
func listOf[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// formatDuration writes d as time.ParseDuration reads it, without the
// zero minutes and seconds Duration.String adds ("168h", not "168h0m0s").
func formatDuration(d time.Duration) string {
	s := strings.TrimSuffix(d.String(), "m0s")
	if s != d.String() {
		s += "m"
	}
	if t := strings.TrimSuffix(s, "h0m"); t != s {
		s = t + "h"
	}
	return s
}

type contractParams struct {
	SignerRoles   []domain.Role       `json:"signer_roles"`
	DunningLadder dunningLadderParams `json:"dunning_ladder"`
}

// dunningLadderParams are the days past due each collection step waits
// for.
type dunningLadderParams struct {
	LetterAfterDays      int `json:"letter_after_days"`
	VisitAfterDays       int `json:"visit_after_days"`
	LegalActionAfterDays int `json:"legal_action_after_days"`
}

func contractWire(p contract.Regulation) contractParams {
	l := p.Dunning
	return contractParams{SignerRoles: listOf(p.SignerRoles), DunningLadder: dunningLadderParams{LetterAfterDays: l.LetterAfterDays,
		VisitAfterDays: l.VisitAfterDays, LegalActionAfterDays: l.LegalActionAfterDays}}
}

func (w contractParams) regulation() (contract.Regulation, error) {
	l := w.DunningLadder
	p := contract.Regulation{SignerRoles: w.SignerRoles, Dunning: contract.DunningLadder{LetterAfterDays: l.LetterAfterDays,
		VisitAfterDays: l.VisitAfterDays, LegalActionAfterDays: l.LegalActionAfterDays}}
	return p, p.Validate()
}

type complaintParams struct {
	RouteWithin       string `json:"route_within"`
	FirstUpdateWithin string `json:"first_update_within"`
	UpdateInterval    string `json:"update_interval"`
	CloseWithin       string `json:"close_within"`
}

func complaintWire(p complaint.Regulation) complaintParams {
	return complaintParams{RouteWithin: formatDuration(p.RouteWithin), FirstUpdateWithin: formatDuration(p.FirstUpdateWithin),
		UpdateInterval: formatDuration(p.UpdateInterval), CloseWithin: formatDuration(p.CloseWithin)}
}

func (w complaintParams) regulation() (complaint.Regulation, error) {
	var p complaint.Regulation
	for _, d := range []struct {
		field, value string
		into         *time.Duration
	}{
		{"route_within", w.RouteWithin, &p.RouteWithin}, {"first_update_within", w.FirstUpdateWithin, &p.FirstUpdateWithin},
		{"update_interval", w.UpdateInterval, &p.UpdateInterval}, {"close_within", w.CloseWithin, &p.CloseWithin},
	} {
		v, err := parseDuration(d.field, d.value)
		if err != nil {
			return p, err
		}
		*d.into = v
	}
	return p, p.Validate()
}

type salesPlanParams struct {
	SumTolerance    string                `json:"sum_tolerance"`
	OverrideRate    domain.Percent        `json:"override_rate"`
	CommissionTiers []commissionTierParam `json:"commission_tiers"`
}

type commissionTierParam struct {
	From string         `json:"from"`
	Rate domain.Percent `json:"rate"`
}

func salesPlanWire(p salesplan.Regulation) salesPlanParams {
	w := salesPlanParams{SumTolerance: p.SumTolerance.Decimal(), OverrideRate: p.OverrideRate, CommissionTiers: []commissionTierParam{}}
	for _, t := range p.CommissionTiers {
		w.CommissionTiers = append(w.CommissionTiers, commissionTierParam{From: t.From.Decimal(), Rate: t.Rate})
	}
	return w
}

func (w salesPlanParams) regulation() (salesplan.Regulation, error) {
	tolerance, err := parseAmount("sum_tolerance", w.SumTolerance)
	if err != nil {
		return salesplan.Regulation{}, err
	}
	p := salesplan.Regulation{SumTolerance: tolerance, OverrideRate: w.OverrideRate}
	for i, t := range w.CommissionTiers {
		from, err := parseAmount(fmt.Sprintf("commission_tiers[%d].from", i), t.From)
		if err != nil {
			return p, err
		}
		p.CommissionTiers = append(p.CommissionTiers, salesplan.CommissionTier{From: from, Rate: t.Rate})
	}
	return p, p.Validate()
}

type employeeParams struct {
	ProbationMonths        int           `json:"probation_months"`
	EarlyConversion        bool          `json:"early_conversion"`
	LeniencyMonths         int           `json:"leniency_months"`
	CheckInSlots           []string      `json:"check_in_slots"`
	UTCOffset              string        `json:"utc_offset"`
	AutoResignOnNoResults  bool          `json:"auto_resign_on_no_results"`
	NoResultMonths         int           `json:"no_result_months"`
	SalesRoles             []domain.Role `json:"sales_roles"`
	Fines                  []fineParam   `json:"fines"`
	Rewards                []string      `json:"rewards"`
	Penalties              []string      `json:"penalties"`
	PenaltiesNeedingHRorGM []string      `json:"penalties_needing_hr_or_gm"`
}

type fineParam struct {
	Code    string `json:"code"`
	Amount  string `json:"amount"`
	RuleRef string `json:"rule_ref"`
}

func employeeWire(p employee.Regulation) employeeParams {
	w := employeeParams{
		ProbationMonths: p.ProbationMonths, EarlyConversion: p.EarlyConversion, LeniencyMonths: p.LeniencyMonths,
		CheckInSlots: listOf(p.CheckInSlots), UTCOffset: formatOffset(p.UTCOffset), AutoResignOnNoResults: p.AutoResignOnNoResults,
		NoResultMonths: p.NoResultMonths, SalesRoles: listOf(p.SalesRoles), Fines: []fineParam{}, Rewards: listOf(p.Rewards),
		Penalties: listOf(p.Penalties), PenaltiesNeedingHRorGM: listOf(p.PenaltiesNeedingHRorGM),
	}
	for _, f := range p.Fines {
		w.Fines = append(w.Fines, fineParam{Code: f.Code, Amount: f.Amount.Decimal(), RuleRef: f.RuleRef})
	}
	return w
}

func (w employeeParams) regulation() (employee.Regulation, error) {
	offset, err := parseOffset(w.UTCOffset)
	if err != nil {
		return employee.Regulation{}, err
	}
	p := employee.Regulation{
		ProbationMonths: w.ProbationMonths, EarlyConversion: w.EarlyConversion, LeniencyMonths: w.LeniencyMonths,
		CheckInSlots: w.CheckInSlots, UTCOffset: offset, AutoResignOnNoResults: w.AutoResignOnNoResults,
		NoResultMonths: w.NoResultMonths, SalesRoles: w.SalesRoles, Rewards: w.Rewards,
		Penalties: w.Penalties, PenaltiesNeedingHRorGM: w.PenaltiesNeedingHRorGM,
	}
	for i, f := range w.Fines {
		amount, err := parseAmount(fmt.Sprintf("fines[%d].amount", i), f.Amount)
		if err != nil {
			return p, err
		}
		p.Fines = append(p.Fines, employee.FineItem{Code: f.Code, Amount: amount, RuleRef: f.RuleRef})
	}
	return p, p.Validate()
}

// formatOffset writes an offset from UTC as "+08:00".
func formatOffset(d time.Duration) string {
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("", int(d/time.Second))).Format("-07:00")
}

// parseOffset reads an offset from UTC written as "+08:00".
func parseOffset(s string) (time.Duration, error) {
	t, err := time.Parse("-07:00", s)
	if err != nil {
		return 0, domain.InvalidField("parameters.utc_offset", `must be an offset such as "+08:00"`)
	}
	_, seconds := t.Zone()
	return time.Duration(seconds) * time.Second, nil
}
