package replay_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/targets"
	"github.com/opsledger/opsledger/replay"
)

// Given the pay world with a sales plan allocating November targets and
// signed contracts, when it is replayed with the sales-against-target and
// pay read models plainly and under the proposed sales-plan version, then
// sales_targets and sales_actuals are the same row for row (none of their
// figures comes from a regulation parameter: docs/REPLAY.md), only pay
// gains its what-if figures, and a what-if naming no read model replays
// pay alone.
func TestReplay_whatIfUnderTheSalesPlanRegulationLeavesSalesAgainstTarget(t *testing.T) {
	d := payWorld(t)
	planAndSales(t, d.Store)
	d.Projections = append(d.Projections, targets.New())
	models := []string{"pay", "targets"}
	plain := buildModels(t, d, models, nil)
	proposed := buildModels(t, d, models, []replay.Override{{Name: "salesplan", Version: "proposed"}})

	for _, table := range []string{"sales_targets", "sales_actuals"} {
		t.Run(table+" is the same under the proposed version", func(t *testing.T) {
			var rows, differing int
			err := d.Pool.QueryRow(context.Background(), fmt.Sprintf(`
				SELECT (SELECT count(*) FROM %[1]s.%[3]s),
					(SELECT count(*) FROM ((TABLE %[1]s.%[3]s EXCEPT TABLE %[2]s.%[3]s) UNION ALL
						(TABLE %[2]s.%[3]s EXCEPT TABLE %[1]s.%[3]s)) x)`, plain, proposed, table)).Scan(&rows, &differing)
			if err != nil || rows == 0 || differing != 0 {
				t.Errorf("rows, differing = %d, %d (%v); want rows and none differing", rows, differing, err)
			}
		})
	}
	t.Run("only pay gains what-if figures", func(t *testing.T) {
		if got := readWhatIf(t, d, proposed)["rep-n"].commission; !got.Valid || got.Int64 != 18_000 {
			t.Errorf("rep-n commission = %+v, want 18000", got)
		}
	})
	t.Run("without --models the what-if replays pay alone", func(t *testing.T) {
		schema := buildModels(t, d, nil, []replay.Override{{Name: "salesplan", Version: "proposed"}})
		var n int
		err := d.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'sales_%'`, schema).Scan(&n)
		if err != nil || n != 0 {
			t.Errorf("sales tables in %s = %d (%v), want none", schema, n, err)
		}
	})
}

// planAndSales appends a sales plan for UNIT-n with November targets and
// signs the NORTH rep's contract of the pay world.
func planAndSales(t *testing.T, store eventstore.Store) {
	t.Helper()
	codec := eventstore.NewCodec(slices.Concat(salesplan.Events(), contract.Events())...)
	readmodeltest.Append(t, store, codec, salesplan.Stream("plan-n"),
		readmodeltest.PlanDrafted("plan-n", "UNIT-n", "North", 1_200_000),
		salesplan.Reviewed{PlanID: "plan-n", Passed: true}, salesplan.Approved{PlanID: "plan-n"},
		salesplan.Decomposed{PlanID: "plan-n", Targets: 2},
		readmodeltest.Alloc("plan-n", "2026-11", salesplan.LevelOrgUnit, "UNIT-n", "", 100_000),
		readmodeltest.Alloc("plan-n", "2026-11", salesplan.LevelPerson, "rep-n", "", 100_000),
		salesplan.Activated{PlanID: "plan-n"})
	readmodeltest.Append(t, store, codec, contract.Stream("k-rep-n-signed"),
		contract.Drafted{ContractID: "k-rep-n-signed", CustomerID: "c-signed", DrafterID: "rep-n", DrafterOrgUnitID: "UNIT-n"},
		contract.Signed{ContractID: "k-rep-n-signed", CustomerID: "c-signed", Value: domain.Yuan(120_000), SignerID: "head-n",
			SignedAt: time.Date(2026, 11, 3, 4, 0, 0, 0, time.UTC)})
	// PostgreSQL shows an event to readers of $all once no older
	// transaction can still commit before it: wait until the signature is
	// there, so that every replay below reads the whole log.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		signed, err := store.ReadAll(context.Background(), eventstore.Start, 1,
			eventstore.Filter{EventTypes: []string{contract.Signed{}.EventType()}})
		switch {
		case err != nil:
			t.Fatal(err)
		case len(signed) == 1:
			return
		case time.Now().After(deadline):
			t.Fatal("the signature is still not in $all a minute after its append")
		}
	}
}

// buildModels replays models (none: as the request's default) under
// overrides into a fresh schema, dropped when the test ends.
func buildModels(t *testing.T, d replay.Deps, models []string, overrides []replay.Override) string {
	t.Helper()
	schema := "rpl_tgt_" + fmt.Sprint(time.Now().UnixNano()%1e12)
	_, err := replay.Build(context.Background(), d, replay.Request{AsOf: time.Now(), Schema: schema, Models: models, Regulations: overrides})
	if err != nil {
		t.Fatalf("Build %v under %v: %v", models, overrides, err)
	}
	t.Cleanup(func() { replay.Drop(context.Background(), d.Pool, schema) }) //nolint:errcheck // best effort
	return schema
}
