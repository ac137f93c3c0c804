package main

import (
	"encoding/json"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/quotation"
)

// The demo's history changes a regulation mid-year: in June the GM adopts
// stricter margin tiers in force from 1 July (55% / 45% / 25% instead of
// 50% / 30% / 20%), so the quotations of June and July with the same
// margin go to different approvers, and each records the version it was
// decided under ("quotation/default", "quotation/2026-07").
var (
	demoMarginsFrom    = time.Date(2026, 7, 1, 0, 0, 0, 0, cst)
	demoStricterMargin = quotation.Regulation{RepAuthority: 5500, DeptHead: 4500, GMOffice: 2500}
)

// regulations adopts the demo's regulation versions.
func (s *seeder) regulations() {
	params, err := json.Marshal(demoStricterMargin)
	if err != nil {
		s.err = err
		return
	}
	because(s, "原材料涨价，毛利审批权限自 7 月 1 日起上调 (raw material prices rose: margin authority tightened from 1 July)",
		"regulation:quotation:2026-07", "emp-gm", day(2026, 6, 10), s.h.Regulations.AdoptRegulationVersion,
		commands.AdoptRegulationVersion{Name: "quotation", Version: "2026-07", EffectiveFrom: demoMarginsFrom, Parameters: params})
}

// marginRegulationAt is the margin-authority regulation the demo's
// quotations are decided under at t.
func marginRegulationAt(t time.Time) quotation.Regulation {
	if t.Before(demoMarginsFrom) {
		return quotation.DefaultRegulation()
	}
	return demoStricterMargin
}
