package pay_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/salesplan"
)

var rules = pay.Rules{Commission: salesplan.DefaultRegulation(), CommissionVersion: "salesplan/default", Pay: pay.DefaultRegulation(), PayVersion: "pay/default"}

func yuanFen(y, fen int64) domain.Money { return domain.Fen(y*100 + fen) }

// §3.4-commission: the rate of the highest tier the month's collected
// volume reaches, on the whole volume, truncated to the fen; every tier
// boundary and the fen below it.
func TestCommission_tierBoundaries(t *testing.T) {
	tests := []struct {
		name      string
		collected domain.Money
		want      domain.Money
	}{
		{"nothing collected earns nothing", domain.Yuan(0), domain.Yuan(0)},
		{"9,999.99 is below the first tier", yuanFen(9_999, 99), domain.Yuan(0)},
		{"exactly 1万 earns 0.10%", domain.Yuan(10_000), domain.Yuan(10)},
		{"109,999.99 is still 0.10%", yuanFen(109_999, 99), yuanFen(109, 99)},
		{"exactly 11万 earns 0.15%", domain.Yuan(110_000), domain.Yuan(165)},
		{"509,999.99 is still 0.15%", yuanFen(509_999, 99), yuanFen(764, 99)},
		{"exactly 51万 earns 0.20%", domain.Yuan(510_000), domain.Yuan(1_020)},
		{"999,999.99 is still 0.20%", yuanFen(999_999, 99), yuanFen(1_999, 99)},
		{"exactly 100万 earns 0.25%", domain.Yuan(1_000_000), domain.Yuan(2_500)},
		{"a fraction of a fen is never paid", domain.Fen(1_000_001), domain.Fen(1_000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pay.Commission(tt.collected, rules); !got.Equal(tt.want) {
				t.Errorf("Commission(%s) = %s, want %s", tt.collected, got, tt.want)
			}
		})
	}
}

// §3.4-override: 5% of the managed staff's total commission if and only
// if the department met its target.
func TestOverride(t *testing.T) {
	staff := []domain.Money{domain.Yuan(110_000), domain.Yuan(1_000_000), domain.Yuan(5_000)} // 165 + 2,500 + 0 commission
	tests := []struct {
		name string
		met  bool
		want domain.Money
	}{
		{"the department met its target: 5% of 2,665.00", true, yuanFen(133, 25)},
		{"the department missed its target: nothing", false, domain.Yuan(0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pay.Override(staff, tt.met, rules); !got.Equal(tt.want) {
				t.Errorf("Override() = %s, want %s", got, tt.want)
			}
		})
	}
}

// §3.4-statement: base + commission + override + allowance + award +
// bonus + rewards − fines; a what-if under other rules changes only what
// the rules decide.
func TestCompute(t *testing.T) {
	rep := pay.Facts{Role: domain.RoleSalesRep, Collected: domain.Yuan(510_000), TopPerformer: true, BaseSalary: domain.Yuan(3_000),
		Bonus: domain.Yuan(200), Rewards: domain.Yuan(100), Fines: domain.Yuan(20)}
	got, err := pay.Compute(rep, rules)
	if err != nil {
		t.Fatal(err)
	}
	want := pay.Figures{BaseSalary: domain.Yuan(3_000), Collected: domain.Yuan(510_000), Commission: domain.Yuan(1_020), Override: domain.Yuan(0),
		Allowance: domain.Yuan(50), TopPerformer: domain.Yuan(50), Bonus: domain.Yuan(200), Rewards: domain.Yuan(100), Fines: domain.Yuan(20),
		Net: domain.Yuan(3_000 + 1_020 + 50 + 50 + 200 + 100 - 20)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Compute(rep) (-want +got):\n%s", diff)
	}

	t.Run("a finance clerk gets no sales allowance and no award unless top", func(t *testing.T) {
		got, _ := pay.Compute(pay.Facts{Role: domain.RoleFinance, BaseSalary: domain.Yuan(4_000)}, rules)
		if !got.Allowance.IsZero() || !got.TopPerformer.IsZero() || !got.Net.Equal(domain.Yuan(4_000)) {
			t.Errorf("Compute(finance) = %+v, want only the base salary", got)
		}
	})
	t.Run("under a what-if version paying 1% from the first yuan the same facts earn 5,100.00", func(t *testing.T) {
		other := rules
		other.Commission.CommissionTiers = []salesplan.CommissionTier{{From: domain.Yuan(1), Rate: 100}}
		other.CommissionVersion = "salesplan/what-if"
		got, _ := pay.Compute(rep, other)
		if !got.Commission.Equal(domain.Yuan(5_100)) || !got.Allowance.Equal(domain.Yuan(50)) {
			t.Errorf("Compute under the what-if = %+v, want commission 5,100.00 and the same allowance", got)
		}
	})
}

func TestRegulation_Validate(t *testing.T) {
	bad := pay.DefaultRegulation()
	bad.TopPerformerAward = yuanFen(49, 99)
	if err := bad.Validate(); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("an award of 49.99 validates: %v, want invalid (绩冠奖 ≥ 50 元)", err)
	}
	if err := pay.DefaultRegulation().Validate(); err != nil {
		t.Errorf("the default does not validate: %v", err)
	}
}

func TestStatement_Issue(t *testing.T) {
	month, _ := pay.ParseMonth("2026-11")
	cst := time.FixedZone("CST", 8*3600)
	end := month.End(cst)
	issue := func(change func(*pay.Issue)) pay.Issue {
		in := pay.Issue{EmployeeID: "e-1", Month: month, MonthEnd: end, IssuedBy: "fin-1", IssuedAt: end, EmployedInMonth: true,
			Facts: pay.Facts{Role: domain.RoleSalesRep, Collected: domain.Yuan(10_000), BaseSalary: domain.Yuan(3_000)}}
		if change != nil {
			change(&in)
		}
		return in
	}
	issued := pay.StatementIssued{EmployeeID: "e-1", Month: "2026-11", Role: domain.RoleSalesRep,
		Figures: pay.Figures{BaseSalary: domain.Yuan(3_000), Collected: domain.Yuan(10_000), Commission: domain.Yuan(10), Override: domain.Yuan(0),
			Allowance: domain.Yuan(50), TopPerformer: domain.Yuan(0), Net: domain.Yuan(3_060)},
		RegulationVersions: []string{"salesplan/default", "pay/default"}, IssuedBy: "fin-1", IssuedAt: end}
	tests := []struct {
		name    string
		given   []domain.Event
		in      pay.Issue
		want    []domain.Event
		wantErr error
	}{
		{name: "at the first instant after the month, the statement records its figures and regulation versions", in: issue(nil), want: []domain.Event{issued}},
		{name: "one second before the month ends it is refused", in: issue(func(i *pay.Issue) { i.IssuedAt = end.Add(-time.Second) }), wantErr: pay.ErrMonthOpen},
		{name: "a month's statement is issued once", given: []domain.Event{issued}, in: issue(nil), wantErr: pay.ErrAlreadyIssued},
		{name: "an employee not at work that month gets none", in: issue(func(i *pay.Issue) { i.EmployedInMonth = false }), wantErr: pay.ErrNotEmployed},
		{name: "a bonus names its settlement", in: issue(func(i *pay.Issue) { i.Facts.Bonus = domain.Yuan(100) }), wantErr: domain.ErrInvalid},
		{name: "a negative bonus is invalid", in: issue(func(i *pay.Issue) { i.Facts.Bonus = domain.Yuan(-1); i.BonusReference = "x" }), wantErr: domain.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := domain.Fold(pay.Statement.Evolve, tt.given...)
			got, err := s.Issue(tt.in, rules)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Issue() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Issue() (-want +got):\n%s", diff)
			}
		})
	}
}
