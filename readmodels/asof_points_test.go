package readmodels_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/receivables"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// pointsProbe is a versions table of three aggregates, on both axes:
//
//	a1 [t0, t1)  a2 [t1, ∞)            a: superseded at t1
//	b1 [t1, t1)  b2 [t1, t2)           b: b1 empty (superseded as recorded)
//	c1 [t2, ∞)
//
// The effective axis is the recorded one shifted a day back (a
// retroactive filing).
var pointsProbe = struct{ t0, t1, t2 time.Time }{
	t0: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
	t1: time.Date(2026, 3, 1, 9, 0, 0, 1000, time.UTC), // a microsecond later
	t2: time.Date(2026, 6, 30, 23, 59, 59, 999999000, time.UTC),
}

// asOfIDs answers an as-of read of the probe through AsOfCondition with
// sequential scans off, so the rows come from the point GiSTs, and says
// whether the plan read one of them.
func asOfIDs(t *testing.T, tx pgx.Tx, asOf, validAt time.Time) (ids []string, byPoint bool) {
	t.Helper()
	var w tables.Where
	sql := "SELECT id FROM probe_versions WHERE " + tables.AsOfCondition(&w, "", asOf, validAt) + " ORDER BY id"
	rows, err := tx.Query(context.Background(), sql, w.Args...)
	if err != nil {
		t.Fatalf("as-of read: %v\n%s", err, sql)
	}
	ids, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("as-of read: %v", err)
	}
	var plan string
	if err := tx.QueryRow(context.Background(), "EXPLAIN (FORMAT JSON) "+sql, w.Args...).Scan(&plan); err != nil {
		t.Fatalf("explain: %v", err)
	}
	return ids, strings.Contains(plan, "probe_versions_sysp") || strings.Contains(plan, "probe_versions_validp")
}

// TestAsOfCondition_readsThePointIndexesExactlyAtEveryBound checks that
// an as-of read answered from the GiSTs of the ranges' points finds a
// version at its lower bound, not at its upper one, never in an empty
// range, and in an open one at any later time, on either axis and both.
func TestAsOfCondition_readsThePointIndexesExactlyAtEveryBound(t *testing.T) {
	pool, _ := projectiontest.Pool(t)
	ctx := context.Background()
	p := pointsProbe
	day := 24 * time.Hour
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	// given the probe's versions and the indexes every versions table has
	setup := []string{`CREATE TEMP TABLE probe_versions (id text, sys_period tstzrange, valid_period tstzrange)`,
		tables.VersionsIndexes("probe"), "SET LOCAL enable_seqscan = off"}
	for _, s := range setup {
		if _, err := tx.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	for _, v := range []struct {
		id       string
		from, to time.Time
	}{{"a1", p.t0, p.t1}, {"a2", p.t1, time.Time{}}, {"b1", p.t1, p.t1}, {"b2", p.t1, p.t2}, {"c1", p.t2, time.Time{}}} {
		upper := &v.to
		if v.to.IsZero() {
			upper = nil
		}
		_, err := tx.Exec(ctx, "INSERT INTO probe_versions VALUES ($1, tstzrange($2, $3), tstzrange($4, $5))",
			v.id, v.from, upper, v.from.Add(-day), shifted(upper, -day))
		if err != nil {
			t.Fatalf("insert %s: %v", v.id, err)
		}
	}
	micro := time.Microsecond
	cases := []struct {
		name          string
		asOf, validAt time.Time
		want          []string
	}{
		{"before the first version", p.t0.Add(-micro), time.Time{}, nil},
		{"at a lower bound", p.t0, time.Time{}, []string{"a1"}},
		{"at an upper bound and an empty range's instant", p.t1, time.Time{}, []string{"a2", "b2"}},
		{"a microsecond before an upper bound", p.t2.Add(-micro), time.Time{}, []string{"a2", "b2"}},
		{"at the last upper bound", p.t2, time.Time{}, []string{"a2", "c1"}},
		{"years later, open ranges only", p.t2.AddDate(30, 0, 0), time.Time{}, []string{"a2", "c1"}},
		{"effective axis at a lower bound", time.Time{}, p.t0.Add(-day), []string{"a1"}},
		{"effective axis at an upper bound", time.Time{}, p.t2.Add(-day), []string{"a2", "c1"}},
		{"both axes", p.t1, p.t0.Add(-day), []string{"a1"}},
		{"both axes, recorded before effective", p.t1, p.t2, []string{"a2", "b2"}},
	}
	for _, c := range cases {
		// when the probe is read as of the case's times
		got, byPoint := asOfIDs(t, tx, c.asOf, c.validAt)
		// then exactly the versions of then come back, through a point GiST
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: as-of read = %v, want %v", c.name, got, c.want)
		}
		if !byPoint {
			t.Errorf("%s: the plan reads no point GiST", c.name)
		}
	}
}

func shifted(t *time.Time, d time.Duration) *time.Time {
	if t == nil {
		return nil
	}
	s := t.Add(d)
	return &s
}

// TestReceivablesAsOf_oneContractIsReadByItsKeyAlone checks that the
// as-of receivables of one contract come through the versions' primary
// key without the point GiST, whose estimate (a fixed thousandth of the
// rows) would have the planner scan every version of then beside the
// key, while the as-of receivables of all contracts still read the GiST.
func TestReceivablesAsOf_oneContractIsReadByItsKeyAlone(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	if err := projections.Ensure(ctx, pool, ns, receivables.New()); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	q, last := tracedQueries(t, pool, ns)
	at := queries.Bitemporal{AsOf: time.Now().Add(-time.Hour)}
	for _, c := range []struct {
		name     string
		contract string
		byPoint  bool
	}{{"one contract", "k1", false}, {"every contract", "", true}} {
		// when the receivables are read as of an hour ago
		if _, err := q.receivables.Receivables(ctx, queries.ReceivableFilter{ContractID: c.contract, Now: time.Now(), At: at},
			queries.PageRequest{Limit: 50}); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		// then the plan reads the point GiST only when no key narrows it
		sql, args := last.get()
		plan := planWith(t, pool, "enable_seqscan = off", sql, args)
		if got := strings.Contains(plan, "receivables_versions_sysp"); got != c.byPoint {
			t.Errorf("%s: plan reads the point GiST = %v, want %v\n%s", c.name, got, c.byPoint, plan)
		}
		if !c.byPoint && !strings.Contains(plan, "receivables_versions_pkey") {
			t.Errorf("%s: plan does not read the primary key\n%s", c.name, plan)
		}
	}
}
