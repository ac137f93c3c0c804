package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/queries"
)

// kpiWork is the set of KPI requests one round asks.
type kpiWork struct {
	requests []kpiCall
}

type kpiCall struct {
	name string
	req  queries.KPIRequest
}

// label names the query: the KPI, its grouping, period and scope.
func (c kpiCall) label() string {
	scope := c.req.Scope.Kind
	if c.req.Scope.OrgUnit != "" {
		scope += ":" + c.req.Scope.OrgUnit
	}
	return fmt.Sprintf("%s by %s %s %s", c.name, c.req.GroupBy, c.req.Period.Label, scope)
}

// kpiWorkload builds the requests: every KPI, every grouping it takes,
// the month, quarter and year of the history's last fact, in the
// company's scope; and each KPI over the month in the scope of the
// busiest rep and of their department. "Today" is the last fact's time,
// so the figures of the state now are those of a live company.
func kpiWorkload(ctx context.Context, a *app.App) (kpiWork, error) {
	ns := a.Config.ReadNamespace
	var last time.Time
	var rep, unit string
	err := a.Pool.QueryRow(ctx, fmt.Sprintf(`SELECT f.at, f.employee_id, coalesce(e.org_unit_id, '') FROM %[1]s.kpi_facts f
		LEFT JOIN %[1]s.employees e USING (employee_id) WHERE f.fact = 'check_in' ORDER BY f.at DESC LIMIT 1`, ns)).Scan(&last, &rep, &unit)
	if err != nil {
		return kpiWork{}, fmt.Errorf("the history's last check-in: %w", err)
	}
	month := queries.KPIMonthOf(last)
	quarter, _ := queries.ParseKPIPeriod(fmt.Sprintf("%d-Q%d", month.Start.Year(), (int(month.Start.Month())-1)/3+1))
	year, _ := queries.ParseKPIPeriod(fmt.Sprint(month.Start.Year()))
	var w kpiWork
	for _, k := range queries.KPICatalogue {
		for _, g := range k.Groupings {
			for _, p := range []queries.KPIPeriod{month, quarter, year} {
				w.add(k.Name, queries.KPIRequest{Period: p, GroupBy: g, Scope: queries.KPIScope{Kind: queries.ScopeAll}, Now: last})
			}
		}
		w.add(k.Name, queries.KPIRequest{Period: month, Scope: queries.KPIScope{Kind: queries.ScopeOwn, Person: rep}, Now: last})
		w.add(k.Name, queries.KPIRequest{Period: month, Scope: queries.KPIScope{Kind: queries.ScopeDepartment, OrgUnit: unit}, Now: last})
	}
	fmt.Printf("kpi: %d requests a round, month %s, rep %s of %s\n", len(w.requests), month.Label, rep, unit)
	return w, nil
}

func (w *kpiWork) add(name string, r queries.KPIRequest) {
	w.requests = append(w.requests, kpiCall{name, r})
}

// run asks every request rounds times, one at a time, after one
// unmeasured round that warms the caches.
func (w kpiWork) run(ctx context.Context, a *app.App, rounds int) (byKPI, byQuery kpiSamples, err error) {
	byKPI, byQuery = kpiSamples{}, kpiSamples{}
	for round := -1; round < rounds; round++ {
		for _, c := range w.requests {
			start := time.Now()
			if _, err := a.Queries.KPI(ctx, c.name, c.req); err != nil {
				return nil, nil, fmt.Errorf("%s %+v: %w", c.name, c.req, err)
			}
			if round >= 0 {
				d := time.Since(start)
				byKPI[c.name] = append(byKPI[c.name], d)
				byQuery[c.label()] = append(byQuery[c.label()], d)
			}
		}
	}
	return byKPI, byQuery, nil
}

// writeAnswers asks every request once more and writes its label and
// answer as a JSON line, in the workload's order: two binaries run with
// --reuse on one history must write the same file, byte for byte, when a
// change of the KPIs' SQL keeps their answers.
func (w kpiWork) writeAnswers(ctx context.Context, a *app.App, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() //nolint:errcheck // closed below on success; this one only ends a failed write
	enc := json.NewEncoder(f)
	for _, c := range w.requests {
		rep, err := a.Queries.KPI(ctx, c.name, c.req)
		if err != nil {
			return fmt.Errorf("%s %+v: %w", c.name, c.req, err)
		}
		if err := enc.Encode(struct {
			Query  string            `json:"query"`
			Answer queries.KPIReport `json:"answer"`
		}{c.label(), rep}); err != nil {
			return err
		}
	}
	return f.Close()
}
