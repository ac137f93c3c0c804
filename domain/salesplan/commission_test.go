package salesplan_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
)

func TestCommission(t *testing.T) {
	tests := []struct {
		name   string
		volume string
		want   string
	}{
		{"nothing below 1万", "9999.99", "0.00"},
		{"0.10% from 1万", "10000.00", "10.00"},
		{"0.10% fills the gap between 10万 and 11万", "109999.99", "109.99"},
		{"0.15% from 11万", "110000.00", "165.00"},
		{"0.15% up to just below 51万", "509999.99", "764.99"},
		{"0.20% from 51万", "510000.00", "1020.00"},
		{"0.20% up to just below 100万", "999999.99", "1999.99"},
		{"0.25% from 100万", "1000000.00", "2500.00"},
		{"zero volume", "0", "0.00"},
		{"negative volume (returns) earns nothing", "-50000", "0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := domain.ParseMoney(tt.volume, "")
			if err != nil {
				t.Fatal(err)
			}
			if got := salesplan.Commission(v, salesplan.DefaultRegulation()); got.Decimal() != tt.want || got.Currency != "CNY" {
				t.Errorf("Commission(%s) = %s, want CNY %s", tt.volume, got, tt.want)
			}
		})
	}
}

func TestCommission_RegulationVersion(t *testing.T) {
	p := salesplan.DefaultRegulation()
	p.CommissionTiers = []salesplan.CommissionTier{{From: domain.Yuan(0), Rate: 100}}
	if got := salesplan.Commission(domain.Yuan(500), p); !got.Equal(domain.Yuan(5)) {
		t.Errorf("Commission(500) under a 1%% flat regulation = %s, want CNY 5.00", got)
	}
}

func TestManagerOverride(t *testing.T) {
	staff := []domain.Money{domain.Yuan(1000), domain.Fen(50_050)}
	tests := []struct {
		name  string
		comms []domain.Money
		met   bool
		want  domain.Money
	}{
		{"5% of the managed staff's commission when the target is met", staff, true, domain.Fen(7502)},
		{"nothing when the department missed its target", staff, false, domain.Fen(0)},
		{"nothing to override", nil, true, domain.Fen(0)},
		{"fractions of a fen are not paid", []domain.Money{domain.Fen(19)}, true, domain.Fen(0)},
		{"the first fen of override needs 20 fen of commission", []domain.Money{domain.Fen(20)}, true, domain.Fen(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := salesplan.ManagerOverride(tt.comms, tt.met, salesplan.DefaultRegulation())
			if !got.Equal(tt.want) {
				t.Errorf("ManagerOverride(%v, %v) = %s, want %s", tt.comms, tt.met, got, tt.want)
			}
		})
	}
}
