package pay_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/queries"
	paymodel "github.com/opsledger/opsledger/readmodels/pay"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/tables"
)

var rules = pay.Rules{Commission: salesplan.DefaultRegulation(), CommissionVersion: "salesplan/default", Pay: pay.DefaultRegulation(), PayVersion: "pay/default"}

// november is a day of November in the company's calendar (UTC+8).
func november(d, hour int) time.Time { return time.Date(2026, 11, d, hour, 0, 0, 0, time.UTC) }

func hired(id string, role domain.Role, unit string) employee.Hired {
	return employee.Hired{EmployeeID: id, Name: id, Role: role, OrgUnitID: unit, ProbationMonths: 3, HiredAt: november(1, 0)}
}

func drafted(id, rep, unit string) contract.Drafted {
	return contract.Drafted{ContractID: id, CustomerID: "c-" + id, DrafterID: rep, DrafterRole: domain.RoleSalesRep, DrafterOrgUnitID: unit, DraftedAt: november(1, 0)}
}

func paid(id string, yuan int64, at time.Time) contract.PaymentReceived {
	return contract.PaymentReceived{ContractID: id, InstalmentID: "i-1", Amount: domain.Yuan(yuan), ReceivedAt: at}
}

// payFixture: in EAST, rep-1 collects 110,000.00 in November (one payment
// on 30 November at 23:00 company time, i.e. 15:00 UTC) and is fined
// 20.00; rep-2 collects 9,999.00, and 50,000.00 that lands on 1 December
// company time (16:00 UTC on 30 November); head-1 heads EAST; rep-3 in
// SOUTH collects nothing.
func payFixture(t *testing.T) readmodeltest.Fixture[*paymodel.Queries] {
	codec := eventstore.NewCodec(slices.Concat(contract.Events(), employee.Events(), pay.Events())...)
	return readmodeltest.NewFixture(t, memory.New(), codec, paymodel.New(), paymodel.NewQueries, func(add func(string, ...domain.Event)) {
		add(employee.Stream("rep-1"), hired("rep-1", domain.RoleSalesRep, "EAST"),
			employee.Fined{EmployeeID: "rep-1", FineID: "f-1", Item: "SLOPPY_REPORT", Amount: domain.Yuan(20), FinedAt: november(10, 2)})
		add(employee.Stream("rep-2"), hired("rep-2", domain.RoleSalesRep, "EAST"))
		add(employee.Stream("head-1"), hired("head-1", domain.RoleDeptHead, "EAST"))
		add(employee.Stream("rep-3"), hired("rep-3", domain.RoleSalesRep, "SOUTH"))
		add(contract.Stream("k-1"), drafted("k-1", "rep-1", "EAST"), paid("k-1", 100_000, november(5, 2)), paid("k-1", 10_000, november(30, 15)))
		add(contract.Stream("k-2"), drafted("k-2", "rep-2", "EAST"), paid("k-2", 9_999, november(6, 2)), paid("k-2", 50_000, november(30, 16)))
	})
}

func TestPay_MonthlyResults(t *testing.T) {
	f := payFixture(t)
	ctx := context.Background()
	nov, _ := pay.ParseMonth("2026-11")
	dec, _ := pay.ParseMonth("2026-12")
	tests := []struct {
		name     string
		employee string
		month    pay.Month
		want     queries.MinorUnits
	}{
		{"a payment at 23:00 on the month's last day counts in that month", "rep-1", nov, queries.MinorUnits(domain.Yuan(110_000).Minor)},
		{"a payment at 00:00 on the next month's first day counts in the next", "rep-2", dec, queries.MinorUnits(domain.Yuan(50_000).Minor)},
		{"the month before it has only its own payments", "rep-2", nov, queries.MinorUnits(domain.Yuan(9_999).Minor)},
		{"a month without payments has zero results", "rep-3", nov, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.Q.MonthlyResults(ctx, tt.employee, tt.month)
			if err != nil || got.Collected != tt.want || got.Month != tt.month.String() {
				t.Errorf("MonthlyResults(%s, %s) = %+v, %v; want %d", tt.employee, tt.month, got, err, tt.want)
			}
		})
	}
	f.RebuildMatches(t)
}

func TestPay_Commissions(t *testing.T) {
	f := payFixture(t)
	nov, _ := pay.ParseMonth("2026-11")
	m, err := f.Q.LoadMonth(context.Background(), nov)
	if err != nil {
		t.Fatal(err)
	}
	met := func(string) bool { return true }
	got, err := m.Commissions(nov, "EAST", "", rules, met)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]queries.CommissionView{}
	for _, c := range got {
		byID[c.EmployeeID] = c
	}
	if len(got) != 3 {
		t.Fatalf("EAST commissions = %+v, want head-1, rep-1 and rep-2", got)
	}
	if c := byID["rep-1"]; c.Commission != queries.MinorUnits(domain.Yuan(165).Minor) || !c.TopPerformer || c.TopPerformerAward != queries.MinorUnits(domain.Yuan(50).Minor) {
		t.Errorf("rep-1 = %+v, want 165.00 commission (0.15%% of 11万) and the top-performer award", c)
	}
	if c := byID["rep-2"]; c.Commission != 0 || c.TopPerformer {
		t.Errorf("rep-2 = %+v, want no commission below 1万 and no award", c)
	}
	if c := byID["head-1"]; c.Override != queries.MinorUnits(domain.Fen(825).Minor) || !c.DepartmentMetTarget {
		t.Errorf("head-1 = %+v, want an override of 8.25 (5%% of 165.00)", c)
	}
	t.Run("recomputed under another regulation version, the same facts give that version's figures", func(t *testing.T) {
		whatIf := rules
		whatIf.Commission.CommissionTiers = []salesplan.CommissionTier{{From: domain.Yuan(1), Rate: 100}}
		whatIf.CommissionVersion = "salesplan/what-if"
		got, _ := m.Commissions(nov, "", "rep-2", whatIf, met)
		if len(got) != 1 || got[0].Commission != queries.MinorUnits(domain.Fen(9_999).Minor) || got[0].RegulationVersions[0] != "salesplan/what-if" {
			t.Errorf("rep-2 under the what-if = %+v, want 99.99 under salesplan/what-if", got)
		}
	})
	t.Run("a department that missed its target earns its head no override", func(t *testing.T) {
		got, _ := m.Commissions(nov, "", "head-1", rules, func(string) bool { return false })
		if len(got) != 1 || got[0].Override != 0 {
			t.Errorf("head-1 = %+v, want no override", got)
		}
	})
	t.Run("the month's facts carry the fines", func(t *testing.T) {
		facts, unit, ok := m.Facts("rep-1", met)
		if !ok || unit != "EAST" || !facts.Fines.Equal(domain.Yuan(20)) {
			t.Errorf("Facts(rep-1) = %+v in %s, want 20.00 of fines in EAST", facts, unit)
		}
	})
}

func TestPay_underRegulations(t *testing.T) {
	p := paymodel.New()
	t.Run("a what-if setting neither regulation leaves the read model as it is", func(t *testing.T) {
		got, err := p.UnderRegulations(tables.Regulations{"employee": employee.DefaultRegulation()})
		if err != nil || got != projections.Projection(p) {
			t.Errorf("UnderRegulations(employee) = %v, %v; want the read model itself", got, err)
		}
	})
	t.Run("a what-if setting the sales-plan regulation adds the table of its figures", func(t *testing.T) {
		got, err := p.UnderRegulations(tables.Regulations{paymodel.SalesPlanRegulation: salesplan.DefaultRegulation()})
		if err != nil || !slices.Contains(got.Tables(), paymodel.WhatIfTable) {
			t.Errorf("UnderRegulations(salesplan) tables = %v, %v; want %s among them", got.Tables(), err, paymodel.WhatIfTable)
		}
	})
}
