package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/contracts"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Schemas of the history benchmark; every schema starting with "hist_"
// is dropped on each run.
const (
	histEvents  = "hist_events"
	histRead    = "hist_read"
	histControl = "hist_control"
)

// runHistoryBench measures the audit's reads of the past:
//
//   - as-of state: one customer file of --events events (a registration
//     and contacts logged), read through the API handler in process
//     (authentication, the nearest row version, the events after it
//     through the command side's store, the read model's fold, JSON) at
//     a random recorded time in its history; figure history_asof_p99_ms.
//   - as-of list: --contracts contracts of --versions row versions each in
//     contracts_versions, listed by status as of a random time, a page of
//     50, through the read model's query; figure history_list_p99_ms.
//
// The log also holds --background events of the generated company
// history (the rebuild benchmark's generator), so the stream is read from
// a store that holds others. The versions are written by SQL in the shape
// the projection writes them (a rebuild of 1,000,000 contract events is
// the rebuild benchmark's job, not this one's).
func runHistoryBench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	url := fs.String("postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench?sslmode=disable", "database it may wipe (created if missing)")
	events := fs.Int("events", 1000, "events of the aggregate read as of a time")
	contractCount := fs.Int("contracts", 100000, "contracts in the as-of list")
	versions := fs.Int("versions", 10, "row versions per contract")
	samples := fs.Int("samples", 2000, "reads measured of each kind")
	background := fs.Int("background", 20000, "generated history events in the log besides the stream")
	jsonOut := fs.String("json", "", "write the figures as one JSON object to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openHistoryApp(ctx, *url)
	if err != nil {
		return err
	}
	defer a.Close()
	res := map[string]float64{}
	if *background > 0 {
		fmt.Fprintf(os.Stderr, "history: writing %d generated events\n", *background)
		if _, err := writeHistory(ctx, a.Store, *background, 1, 4); err != nil {
			return err
		}
	}
	if err := benchAsOfState(ctx, a, *events, *samples, res); err != nil {
		return err
	}
	if err := benchAsOfList(ctx, a, *contractCount, *versions, *samples, res); err != nil {
		return err
	}
	printHistoryBench(res)
	return writeRebuildJSON(*jsonOut, res)
}

func openHistoryApp(ctx context.Context, url string) (*app.App, error) {
	if err := wipeSchemas(ctx, url, "hist_"); err != nil {
		return nil, err
	}
	return app.Open(ctx, app.Config{PostgresURL: url, EventSchema: histEvents, ReadNamespace: histRead,
		ControlSchema: histControl, JWTSecret: []byte("opsbench-history-secret-0123456789abcdef")})
}

// benchAsOfState writes one customer stream of n events, lets the read
// models catch up (the file's row versions are the snapshots an as-of
// read starts from), then reads it over the API handler, in process, as
// of random instants of its history.
func benchAsOfState(ctx context.Context, a *app.App, n, samples int, res map[string]float64) error {
	id := "bench-asof"
	first, last, err := appendCustomerHistory(ctx, a.Store, a.Codec, customer.Stream(id), n)
	if err != nil {
		return err
	}
	if err := waitForVersion(ctx, a, id, n); err != nil {
		return err
	}
	gm := domain.Actor{EmployeeID: "gm-bench", Roles: []domain.Role{domain.RoleGM}, OrgUnitID: "ou-hq"}
	if err := a.HireStaff(ctx, gm); err != nil {
		return err
	}
	token, err := a.JWT.Issue(gm, time.Hour)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "history: %d as-of reads of a %d-event stream\n", samples, n)
	span := last.Sub(first)
	lat := make([]time.Duration, 0, samples)
	for i := range samples {
		// the last quarter of the history: the versions most events fold
		at := last.Add(-span * time.Duration(i%250) / 1000)
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/customers/"+id+"?as_of="+at.UTC().Format(time.RFC3339Nano), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		start := time.Now()
		a.API.ServeHTTP(rec, req)
		lat = append(lat, time.Since(start))
		if rec.Code != http.StatusOK {
			return fmt.Errorf("as-of read: %d %s", rec.Code, rec.Body)
		}
	}
	res["history_asof_events"] = float64(n)
	res["history_asof_p50_ms"], res["history_asof_p99_ms"] = latencyMS(lat, 0.50), latencyMS(lat, 0.99)
	return nil
}

// waitForVersion runs the projections until the customer read model
// holds version n of customer id.
func waitForVersion(ctx context.Context, a *app.App, id string, n int) error {
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.RunProjections(runCtx) }()
	defer func() { stop(); <-done }()
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		var version int64
		err := a.Pool.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM "+histRead+".customers_versions WHERE customer_id = $1", id).Scan(&version)
		if err != nil {
			return err
		}
		if version >= int64(n) {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("the customer read model did not reach version %d in 5 minutes", n)
}

// appendCustomerHistory appends a registration and n-1 contacts logged to
// stream, 100 to an append, and returns when the first and last were
// recorded.
func appendCustomerHistory(ctx context.Context, store eventstore.Store, codec *eventstore.Codec, stream string, n int) (first, last time.Time, err error) {
	id := stream[len(customer.Stream("")):]
	at := time.Now().Add(-time.Duration(n) * time.Hour)
	var batch []eventstore.EventData
	for i := range n {
		var e domain.Event = customer.ContactLogged{CustomerID: id, EmployeeID: "rep-1", ContactID: "kc-1", Channel: "PHONE",
			Topic: fmt.Sprintf("follow-up %d", i), Outcome: "interested", At: at.Add(time.Duration(i) * time.Hour)}
		if i == 0 {
			e = customer.Registered{CustomerID: id, Number: "BENCH-1", Name: "Bench Valves", Address: "1 Bench Road",
				PrimaryContact: "Ms Lin", Phone: "+86 21 5555 0100", Source: customer.SourceReferral,
				OwnerRepID: "rep-1", OrgUnitID: "ou-sales", Region: "EAST", RegisteredAt: at}
		}
		d, err := codec.Encode(fmt.Sprintf("bench-asof-%d", i), e, eventstore.Metadata{ActorID: "rep-1", ActorRole: domain.RoleSalesRep, EffectiveAt: at})
		if err != nil {
			return first, last, err
		}
		batch = append(batch, d)
		if len(batch) == 100 || i == n-1 {
			if _, err := store.Append(ctx, stream, eventstore.Any, batch...); err != nil {
				return first, last, err
			}
			batch = batch[:0]
		}
	}
	recs, err := store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{})
	if err != nil || len(recs) == 0 {
		return first, last, fmt.Errorf("read back %s: %d events, %v", stream, len(recs), err)
	}
	return recs[0].RecordedAt, recs[len(recs)-1].RecordedAt, nil
}

// benchAsOfList fills contracts_versions with n contracts of v versions
// each, then lists APPROVED contracts as of random instants.
func benchAsOfList(ctx context.Context, a *app.App, n, v, samples int, res map[string]float64) error {
	fmt.Fprintf(os.Stderr, "history: writing %d contract versions\n", n*v)
	window, err := fillContractVersions(ctx, a, n, v)
	if err != nil {
		return err
	}
	q := contracts.NewQueries(tables.NewDB(a.Pool, histRead))
	fmt.Fprintf(os.Stderr, "history: %d as-of lists\n", samples)
	lat := make([]time.Duration, 0, samples)
	rows := 0
	for i := range samples {
		at := window.start.Add(window.length * time.Duration(i%997) / 997)
		start := time.Now()
		page, err := q.Contracts(ctx, queries.ContractFilter{Status: contract.StatusApproved, At: queries.Bitemporal{AsOf: at}},
			queries.PageRequest{Limit: 50})
		if err != nil {
			return err
		}
		lat = append(lat, time.Since(start))
		rows += len(page.Items)
	}
	res["history_list_contracts"], res["history_list_versions"] = float64(n), float64(n*v)
	res["history_list_rows_per_page"] = float64(rows) / float64(samples)
	res["history_list_p50_ms"], res["history_list_p99_ms"] = latencyMS(lat, 0.50), latencyMS(lat, 0.99)
	return nil
}

// versionWindow is when the contracts' versions were recorded.
type versionWindow struct {
	start  time.Time
	length time.Duration
}

// contractLife is the statuses of a contract's versions, in order.
const contractLife = `ARRAY['DRAFT','REGISTERED','DEPT_APPROVED','LEGAL_CLEARED','APPROVED','SIGNED','IN_EXECUTION','IN_EXECUTION','COMPLETED','CLOSED']`

// fillContractVersions writes n contracts of v versions each: drafted
// over a year, a version every two days, each version's ranges closed by
// the next, the last open.
func fillContractVersions(ctx context.Context, a *app.App, n, v int) (versionWindow, error) {
	start := time.Now().Add(-400 * 24 * time.Hour).Truncate(time.Second)
	w := versionWindow{start: start, length: 365 * 24 * time.Hour}
	_, err := a.Pool.Exec(ctx, `INSERT INTO `+histRead+`.contracts_versions (contract_id, customer_id, status, value_minor, currency,
			deposit_required_minor, deposit_received_minor, quotation_id, price_linked, unauthorised_quotation, missing_recommended_clauses,
			drafter_id, drafter_org_unit_id, registration_no, signer_id, signer_role, open_issues, amendment_id, amendment_stage,
			termination_reason, drafted_at, version, updated_at, sys_period, valid_period)
		SELECT 'k' || c, 'c' || (c % 5000), (`+contractLife+`)[1 + (s - 1) % 10], 100000 + c, 'CNY', 0, 0, '', true, false, '[]',
			'rep-' || (c % 200), 'ou-' || (c % 10), '', '', '', 0, '', '', '', t0, s, t0 + (s - 1) * interval '2 days',
			tstzrange(t0 + (s - 1) * interval '2 days', CASE WHEN s < $3 THEN t0 + s * interval '2 days' END),
			tstzrange(t0 + (s - 1) * interval '2 days', CASE WHEN s < $3 THEN t0 + s * interval '2 days' END)
		FROM generate_series(1, $2::int) c, generate_series(1, $3::int) s,
			LATERAL (SELECT $1::timestamptz + (c::bigint * 31536000 / $2::int) * interval '1 second' AS t0) d`, start, n, v)
	if err != nil {
		return w, fmt.Errorf("fill contracts_versions: %w", err)
	}
	_, err = a.Pool.Exec(ctx, "ANALYZE")
	return w, err
}

// latencyMS is the q quantile of lat, in milliseconds.
func latencyMS(lat []time.Duration, q float64) float64 {
	if len(lat) == 0 {
		return 0
	}
	sorted := append([]time.Duration(nil), lat...)
	slices.Sort(sorted)
	return float64(sorted[min(len(sorted)-1, int(q*float64(len(sorted))))].Microseconds()) / 1000
}

func printHistoryBench(r map[string]float64) {
	fmt.Printf("%-44s %12s\n", "history", "")
	for _, row := range []struct{ label, key, f string }{
		{"as-of state: events in the stream", "history_asof_events", "%12.0f"},
		{"as-of state p50 (ms)", "history_asof_p50_ms", "%12.2f"},
		{"as-of state p99 (ms)", "history_asof_p99_ms", "%12.2f"},
		{"as-of list: contracts", "history_list_contracts", "%12.0f"},
		{"as-of list: row versions", "history_list_versions", "%12.0f"},
		{"as-of list: rows a page (at most 50)", "history_list_rows_per_page", "%12.1f"},
		{"as-of list p50 (ms)", "history_list_p50_ms", "%12.2f"},
		{"as-of list p99 (ms)", "history_list_p99_ms", "%12.2f"},
	} {
		fmt.Printf("%-44s "+row.f+"\n", row.label, r[row.key])
	}
}
