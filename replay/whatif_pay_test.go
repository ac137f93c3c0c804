package replay_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/projections"
	paymodel "github.com/opsledger/opsledger/readmodels/pay"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/replay"
)

// proposedTiers is the tier table sales leadership proposes (version
// "proposed" of the sales-plan regulation): 0.12% from 8,000.00, 0.18%
// from 100,000.00, 0.25% from 500,000.00. The version in force is the
// default: 0.10% from 10,000.00, 0.15% from 110,000.00, 0.20% from
// 510,000.00, 0.25% from 1,000,000.00.
var proposedTiers = []salesplan.CommissionTier{
	{From: domain.Yuan(8_000), Rate: 12}, {From: domain.Yuan(100_000), Rate: 18}, {From: domain.Yuan(500_000), Rate: 25},
}

// generousPay is version "generous" of the pay regulation: an allowance of
// 80.00 and a top-performer award of 120.00.
func generousPay() pay.Regulation {
	r := pay.DefaultRegulation()
	r.Allowance, r.TopPerformerAward = domain.Yuan(80), domain.Yuan(120)
	return r
}

// payCatalogue is the stored catalogue (defaults only: the test's log
// adopts no version) with the proposed versions beside it.
type payCatalogue struct {
	replay.Catalogue
	proposed map[string]any
}

func (c payCatalogue) Parameters(name, version string) (any, error) {
	if p, ok := c.proposed[name+"@"+version]; ok {
		return p, nil
	}
	return c.Catalogue.Parameters(name, version)
}

// boundaryCommission is one rep's November volume at or one fen below a
// tier boundary of either table, with the commission hand-computed under
// each (rate × whole volume, truncated to the fen).
type boundaryCommission struct {
	collected         int64 // fen
	inForce, proposed int64 // fen
}

var boundaries = []boundaryCommission{
	{799_999, 0, 0},                 // 7,999.99: below both first tiers
	{800_000, 0, 960},               // 8,000.00: proposed 0.12% = 9.60
	{999_999, 0, 1_199},             // 9,999.99: proposed 11.9999988 → 11.99
	{1_000_000, 1_000, 1_200},       // 10,000.00: 0.10% = 10.00; 0.12% = 12.00
	{9_999_999, 9_999, 11_999},      // 99,999.99: 99.99999 → 99.99; 119.999988 → 119.99
	{10_000_000, 10_000, 18_000},    // 100,000.00: 100.00; proposed 0.18% = 180.00
	{10_999_999, 10_999, 19_799},    // 109,999.99: 109.99999 → 109.99; 197.999982 → 197.99
	{11_000_000, 16_500, 19_800},    // 110,000.00: 0.15% = 165.00; 198.00
	{49_999_999, 74_999, 89_999},    // 499,999.99: 749.999985 → 749.99; 899.999982 → 899.99
	{50_000_000, 75_000, 125_000},   // 500,000.00: 750.00; proposed 0.25% = 1,250.00
	{50_999_999, 76_499, 127_499},   // 509,999.99: 764.999985 → 764.99; 1,274.9999750 → 1,274.99
	{51_000_000, 102_000, 127_500},  // 510,000.00: 0.20% = 1,020.00; 1,275.00
	{99_999_999, 199_999, 249_999},  // 999,999.99: 1,999.99998 → 1,999.99; 2,499.999975 → 2,499.99
	{100_000_000, 250_000, 250_000}, // 1,000,000.00: 0.25% under both
}

func repOf(b boundaryCommission) string { return fmt.Sprintf("rep-%d", b.collected) }

// payWorld is a log of one November: the EAST reps of boundaries; in
// NORTH head-n and rep-n, who collects 100,000.00, with head-n's issued
// statement recording that NORTH met its target; in SOUTH head-s and
// rep-s, who collects 100,000.00, without a statement.
func payWorld(t *testing.T) replay.Deps {
	t.Helper()
	ctx := context.Background()
	store := pgtest.Store(t)
	codec := eventstore.NewCodec(slices.Concat(contract.Events(), employee.Events(), pay.Events())...)
	nov := func(d int) time.Time { return time.Date(2026, 11, d, 4, 0, 0, 0, time.UTC) }
	hire := func(id string, role domain.Role, unit string) {
		readmodeltest.Append(t, store, codec, employee.Stream(id),
			employee.Hired{EmployeeID: id, Name: id, Role: role, OrgUnitID: unit, ProbationMonths: 3, HiredAt: nov(1)})
	}
	collect := func(rep, unit string, fen int64) {
		id := "k-" + rep
		readmodeltest.Append(t, store, codec, contract.Stream(id),
			contract.Drafted{ContractID: id, CustomerID: "c-" + id, DrafterID: rep, DrafterRole: domain.RoleSalesRep, DrafterOrgUnitID: unit, DraftedAt: nov(2)},
			contract.PaymentReceived{ContractID: id, InstalmentID: "i-1", Amount: domain.Fen(fen), ReceivedAt: nov(15)})
	}
	for _, b := range boundaries {
		hire(repOf(b), domain.RoleSalesRep, "EAST")
		collect(repOf(b), "EAST", b.collected)
	}
	for _, unit := range []string{"n", "s"} {
		hire("head-"+unit, domain.RoleDeptHead, "UNIT-"+unit)
		hire("rep-"+unit, domain.RoleSalesRep, "UNIT-"+unit)
		collect("rep-"+unit, "UNIT-"+unit, 10_000_000)
	}
	month, _ := pay.ParseMonth("2026-11")
	readmodeltest.Append(t, store, codec, pay.Stream("head-n", month), pay.StatementIssued{
		EmployeeID: "head-n", Month: "2026-11", Role: domain.RoleDeptHead, DepartmentMetTarget: true, ManagedStaff: 1,
		RegulationVersions: []string{"salesplan/default", "pay/default"}, IssuedBy: "finance", IssuedAt: nov(30)})
	stored, err := replay.LoadCatalogue(ctx, store, codec)
	if err != nil {
		t.Fatal(err)
	}
	proposed := salesplan.DefaultRegulation()
	proposed.CommissionTiers = proposedTiers
	return replay.Deps{Pool: replayPool(t), Store: store, Projections: []projections.Projection{paymodel.New()},
		Catalogue: payCatalogue{Catalogue: stored, proposed: map[string]any{"salesplan@proposed": proposed, "pay@generous": generousPay()}}}
}

// buildPay replays the pay read model under regulation into a fresh
// schema, dropped when the test ends.
func buildPay(t *testing.T, d replay.Deps, regulation replay.Override) string {
	t.Helper()
	schema := "rpl_pay_" + fmt.Sprint(time.Now().UnixNano()%1e12)
	res, err := replay.Build(context.Background(), d, replay.Request{AsOf: time.Now(), Schema: schema, Regulations: []replay.Override{regulation}})
	if err != nil {
		t.Fatalf("Build under %s: %v", regulation, err)
	}
	if len(res.Models) != 1 || res.Models[0] != "pay" {
		t.Errorf("models = %v, want [pay]", res.Models)
	}
	t.Cleanup(func() { replay.Drop(context.Background(), d.Pool, schema) }) //nolint:errcheck // best effort
	return schema
}

// whatIfRow is one employee's November in a pay_whatif table.
type whatIfRow struct {
	commission, override, allowance, award sql.NullInt64
}

func readWhatIf(t *testing.T, d replay.Deps, schema string) map[string]whatIfRow {
	t.Helper()
	rows, err := d.Pool.Query(context.Background(), fmt.Sprintf(
		`SELECT employee_id, commission_minor, override_minor, allowance_minor, top_performer_minor FROM %s.pay_whatif WHERE month = '2026-11'`, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]whatIfRow{}
	for rows.Next() {
		var id string
		var r whatIfRow
		if err := rows.Scan(&id, &r.commission, &r.override, &r.allowance, &r.award); err != nil {
			t.Fatal(err)
		}
		got[id] = r
	}
	return got
}

func TestReplay_whatIfCommissionsUnderAnotherTierTable(t *testing.T) {
	d := payWorld(t)
	inForce := buildPay(t, d, replay.Override{Name: "salesplan", Version: "default"})
	proposed := buildPay(t, d, replay.Override{Name: "salesplan", Version: "proposed"})
	before, after := readWhatIf(t, d, inForce), readWhatIf(t, d, proposed)

	for _, b := range boundaries {
		t.Run(fmt.Sprintf("a volume of %d fen earns %d in force and %d proposed", b.collected, b.inForce, b.proposed), func(t *testing.T) {
			rep := repOf(b)
			if got := before[rep].commission; !got.Valid || got.Int64 != b.inForce {
				t.Errorf("in force: %s commission = %+v, want %d", rep, got, b.inForce)
			}
			if got := after[rep].commission; !got.Valid || got.Int64 != b.proposed {
				t.Errorf("proposed: %s commission = %+v, want %d", rep, got, b.proposed)
			}
		})
	}
	t.Run("a head whose department met its target earns 5% of the staff's commission under each table", func(t *testing.T) {
		// rep-n's 100,000.00: 100.00 in force → 5.00; 180.00 proposed → 9.00
		if before["head-n"].override.Int64 != 500 || after["head-n"].override.Int64 != 900 {
			t.Errorf("head-n override = %+v in force, %+v proposed; want 500 and 900", before["head-n"].override, after["head-n"].override)
		}
	})
	t.Run("a head without a statement saying the department met its target earns no override", func(t *testing.T) {
		if got := after["head-s"].override; !got.Valid || got.Int64 != 0 {
			t.Errorf("head-s override = %+v, want 0", got)
		}
	})
	t.Run("the pay regulation's figures are not recomputed under a sales-plan version: NULL", func(t *testing.T) {
		if r := after[repOf(boundaries[0])]; r.allowance.Valid || r.award.Valid {
			t.Errorf("allowance, award = %+v, %+v; want NULL", r.allowance, r.award)
		}
	})
	t.Run("one join compares the two", func(t *testing.T) {
		var changed, raised int
		err := d.Pool.QueryRow(context.Background(), fmt.Sprintf(`
			SELECT count(*) FILTER (WHERE w.commission_minor <> f.commission_minor),
				count(*) FILTER (WHERE w.commission_minor > f.commission_minor)
			FROM %s.pay_whatif w JOIN %s.pay_whatif f USING (employee_id, month)`, proposed, inForce)).Scan(&changed, &raised)
		// every boundary but 7,999.99 and 1,000,000.00, and rep-n and rep-s
		want := len(boundaries) - 2 + 2
		if err != nil || changed != want || raised != want {
			t.Errorf("changed, raised = %d, %d (%v); want %d each", changed, raised, err, want)
		}
	})
}

func TestReplay_whatIfPayUnderAnotherPayRegulation(t *testing.T) {
	d := payWorld(t)
	got := readWhatIf(t, d, buildPay(t, d, replay.Override{Name: "pay", Version: "generous"}))
	top := repOf(boundaries[len(boundaries)-1])
	tests := []struct {
		name, employee   string
		allowance, award int64
	}{
		{"a rep gets the version's allowance", repOf(boundaries[0]), 8_000, 0},
		{"the month's top performer gets its award too", top, 8_000, 12_000},
		{"a department head gets no allowance", "head-n", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := got[tt.employee]
			if r.allowance.Int64 != tt.allowance || r.award.Int64 != tt.award || !r.allowance.Valid || !r.award.Valid {
				t.Errorf("%s allowance, award = %+v, %+v; want %d, %d", tt.employee, r.allowance, r.award, tt.allowance, tt.award)
			}
			if r.commission.Valid || r.override.Valid {
				t.Errorf("%s commission, override = %+v, %+v; want NULL under a pay version", tt.employee, r.commission, r.override)
			}
		})
	}
}

func TestReplay_catalogueKnowsThePayRegulation(t *testing.T) {
	store := pgtest.Store(t)
	codec := eventstore.NewCodec(pay.Events()...)
	cat, err := replay.LoadCatalogue(context.Background(), store, codec)
	if err != nil {
		t.Fatal(err)
	}
	p, err := cat.Parameters("pay", "default")
	if r, ok := p.(pay.Regulation); err != nil || !ok || !r.Allowance.Equal(pay.DefaultRegulation().Allowance) {
		t.Errorf("Parameters(pay, default) = %#v, %v; want the default pay regulation", p, err)
	}
}
