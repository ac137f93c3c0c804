package commands_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var payNow = time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC) // 09:00 on 1 December in the company's calendar

// payWorld has rep-1 at work with a base salary of 3,000.00.
func payWorld(t *testing.T) *customerWorld {
	t.Helper()
	codec := commands.Codec()
	store := memory.New()
	w := &customerWorld{t: t, h: commands.New(store, codec, func() time.Time { return payNow }), store: store, codec: codec}
	w.seed(employee.Stream("rep-1"),
		employee.QualificationChecked{EmployeeID: "rep-1", CandidateName: "Wang Lei", Passed: true, CheckedBy: "hr-1", CheckedAt: payNow.AddDate(0, -6, 0)},
		employee.Hired{EmployeeID: "rep-1", Name: "Wang Lei", Role: domain.RoleSalesRep, OrgUnitID: "ou-sales", ProbationMonths: 3, HiredBy: "hr-1", HiredAt: payNow.AddDate(0, -6, 0)},
		employee.StartedWork{EmployeeID: "rep-1", StartedAt: payNow.AddDate(0, -6, 0), ProbationEndsOn: payNow.AddDate(0, -3, 0)},
		employee.BaseSalarySet{EmployeeID: "rep-1", Amount: domain.Yuan(3_000)},
	)
	return w
}

func TestIssuePayStatement(t *testing.T) {
	november, _ := pay.ParseMonth("2026-11")
	december, _ := pay.ParseMonth("2026-12")
	finance := quotationMeta("fin-1", domain.RoleFinance)
	statement := commands.IssuePayStatement{EmployeeID: "rep-1", Month: november,
		Facts: pay.Facts{Collected: domain.Yuan(110_000), TopPerformer: true, Fines: domain.Yuan(20)}}
	t.Run("finance issues November's statement from the month's facts, the employee file and the versions in force", func(t *testing.T) {
		w := payWorld(t)
		if _, err := w.h.Pay.IssuePayStatement(context.Background(), finance, statement); err != nil {
			t.Fatalf("IssuePayStatement() error = %v", err)
		}
		got, metas := w.read(pay.Stream("rep-1", november))
		issued, ok := got[0].(pay.StatementIssued)
		if !ok {
			t.Fatalf("events = %#v", got)
		}
		want := domain.Yuan(3_000 + 165 + 50 + 50 - 20)
		if issued.Role != domain.RoleSalesRep || !issued.Figures.BaseSalary.Equal(domain.Yuan(3_000)) || !issued.Figures.Commission.Equal(domain.Yuan(165)) || !issued.Figures.Net.Equal(want) {
			t.Errorf("statement = %+v, want base 3,000.00, commission 165.00, net %s", issued, want)
		}
		if !slices.Equal(issued.RegulationVersions, []string{"salesplan/default", "pay/default"}) || metas[0].RegulationVersion != "pay/default" {
			t.Errorf("versions = %v (envelope %q), want the defaults in force", issued.RegulationVersions, metas[0].RegulationVersion)
		}
	})
	t.Run("a version adopted for November applies to November's statement", func(t *testing.T) {
		w := payWorld(t)
		var tiers domain.RegulationVersions[salesplan.Regulation]
		r := salesplan.DefaultRegulation()
		r.CommissionTiers = []salesplan.CommissionTier{{From: domain.Yuan(1), Rate: 100}}
		tiers.Add(domain.RegulationVersion{ID: "salesplan/2026-11", EffectiveFrom: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}, r)
		w.h = commands.Rebuilt(w.h, commands.WithRegulations(commands.Regulations{SalesPlan: &tiers}))
		if _, err := w.h.Pay.IssuePayStatement(context.Background(), finance, statement); err != nil {
			t.Fatalf("IssuePayStatement() error = %v", err)
		}
		got, _ := w.read(pay.Stream("rep-1", november))
		if issued := got[0].(pay.StatementIssued); !issued.Figures.Commission.Equal(domain.Yuan(1_100)) || issued.RegulationVersions[0] != "salesplan/2026-11" {
			t.Errorf("statement = %+v, want 1%% commission under salesplan/2026-11", issued)
		}
	})
	tests := []struct {
		name    string
		meta    commands.Meta
		cmd     commands.IssuePayStatement
		wantErr error
	}{
		{name: "a sales rep issues no pay statement", meta: quoteRep, cmd: statement, wantErr: domain.ErrForbidden},
		{name: "a department head issues no pay statement", meta: quoteHead, cmd: statement, wantErr: domain.ErrForbidden},
		{name: "the month under way is not paid yet", meta: finance, cmd: commands.IssuePayStatement{EmployeeID: "rep-1", Month: december}, wantErr: pay.ErrMonthOpen},
		{name: "someone never hired is not paid", meta: finance, cmd: commands.IssuePayStatement{EmployeeID: "ghost", Month: november}, wantErr: pay.ErrNotEmployed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := payWorld(t)
			_, err := w.h.Pay.IssuePayStatement(context.Background(), tt.meta, tt.cmd)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("IssuePayStatement() error = %v, want %v", err, tt.wantErr)
			}
			if recs, _ := w.store.ReadStream(context.Background(), pay.Stream(tt.cmd.EmployeeID, tt.cmd.Month), eventstore.ReadStreamOptions{}); len(recs) != 0 {
				t.Errorf("a refused statement wrote %d events", len(recs))
			}
		})
	}
	t.Run("a month is issued once", func(t *testing.T) {
		w := payWorld(t)
		if _, err := w.h.Pay.IssuePayStatement(context.Background(), finance, statement); err != nil {
			t.Fatal(err)
		}
		if _, err := w.h.Pay.IssuePayStatement(context.Background(), finance, statement); !errors.Is(err, pay.ErrAlreadyIssued) {
			t.Errorf("second IssuePayStatement() error = %v, want ErrAlreadyIssued", err)
		}
	})
}
