package api_test

import (
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// TestKPI_ListIsScopedByRole: GET /kpi lists the KPIs the caller's roles
// read, and refuses a caller who reads none.
func TestKPI_ListIsScopedByRole(t *testing.T) {
	env := apptest.New(t, nil)
	team := orderTeamOf(t, env)
	for _, tc := range []struct {
		who   string
		tok   string
		count int
	}{{"the GM", team.gm, 12}, {"a rep", team.rep, 12}, {"a department head", team.head, 12}, {"finance", team.finance, 1}} {
		var list queries.KPIList
		orderCall(t, env, http.MethodGet, "/kpi", tc.tok, nil, http.StatusOK).JSON(t, &list)
		if len(list.Items) != tc.count {
			t.Errorf("%s sees %d KPIs, want %d", tc.who, len(list.Items), tc.count)
		}
	}
	var list queries.KPIList
	orderCall(t, env, http.MethodGet, "/kpi", team.finance, nil, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].Code != "R7" || list.Items[0].Path != "/kpi/receivables" || list.Items[0].Title.ZH == "" {
		t.Errorf("finance's KPIs = %+v, want R7 receivables only", list.Items)
	}
	orderCall(t, env, http.MethodGet, "/kpi", team.warehouse, nil, http.StatusForbidden)
}

// TestKPI_SalesPerformanceAfterASignature: a contract signed through the
// API shows in R1 for the GM, for its rep (own scope) and for the rep's
// department head, with its drill-down and resource paths.
func TestKPI_SalesPerformanceAfterASignature(t *testing.T) {
	env := apptest.New(t, nil)
	team := orderTeamOf(t, env)
	_, contractID, pos := orderSignedContract(t, env, team, 1, "100000.00", "60000.00")
	for _, tc := range []struct {
		who, tok, scope string
	}{{"the GM", team.gm, queries.ScopeAll}, {"the rep", team.rep, queries.ScopeOwn}, {"the department head", team.head, queries.ScopeDepartment}} {
		var rep queries.KPIReport
		orderCall(t, env, http.MethodGet, "/kpi/sales-performance?group_by=person&after="+pos, tc.tok, nil, http.StatusOK).JSON(t, &rep)
		if rep.Code != "R1" || rep.GroupBy != "person" || rep.Scope.Kind != tc.scope || len(rep.Columns) == 0 || rep.Columns[0].Key != "person" {
			t.Errorf("%s: report header = %+v", tc.who, rep)
		}
		if len(rep.Rows) != 1 {
			t.Fatalf("%s: rows = %+v, want rep-1's", tc.who, rep.Rows)
		}
		row := rep.Rows[0]
		if row["person"] != "rep-1" || row["signed_contracts"] != float64(1) || row["signed_value"] != "100000.00" ||
			row["drill"] != "/contracts?drafter_id=rep-1" || row["resource"] != "/employees/rep-1" {
			t.Errorf("%s: row = %v", tc.who, row)
		}
		if rep.Totals["signed_value"] != "100000.00" {
			t.Errorf("%s: totals = %v", tc.who, rep.Totals)
		}
	}
	// The drill-down opens the list behind the number, the resource the employee.
	var rep1 queries.KPIReport
	orderCall(t, env, http.MethodGet, "/kpi/sales-performance?group_by=person&after="+pos, team.gm, nil, http.StatusOK).JSON(t, &rep1)
	var contracts queries.Page[queries.ContractView]
	orderCall(t, env, http.MethodGet, rep1.Rows[0]["drill"].(string), team.gm, nil, http.StatusOK).JSON(t, &contracts)
	if len(contracts.Items) != 1 || contracts.Items[0].ContractID != contractID {
		t.Errorf("the drill-down lists %+v, want contract %s", contracts.Items, contractID)
	}
	var employee queries.EmployeeView
	orderCall(t, env, http.MethodGet, rep1.Rows[0]["resource"].(string), team.gm, nil, http.StatusOK).JSON(t, &employee)
	if employee.EmployeeID != "rep-1" {
		t.Errorf("the resource is %+v, want rep-1", employee)
	}
	other := env.Token(t, "rep-9", "ou-sales", domain.RoleSalesRep)
	var rep queries.KPIReport
	orderCall(t, env, http.MethodGet, "/kpi/sales-performance?after="+pos, other, nil, http.StatusOK).JSON(t, &rep)
	if len(rep.Rows) != 0 {
		t.Errorf("another rep sees %v, want no rows", rep.Rows)
	}
}

// TestKPI_BadRequests: an unknown KPI is 404, a bad period, grouping or
// parameter 400, a caller without the role or outside their department
// 403; none is a 500.
func TestKPI_BadRequests(t *testing.T) {
	env := apptest.New(t, nil)
	team := orderTeamOf(t, env)
	for _, tc := range []struct {
		path, tok string
		want      int
	}{
		{"/kpi/no-such-kpi", team.gm, http.StatusNotFound},
		{"/kpi/pipeline?period=2026-13", team.gm, http.StatusBadRequest},
		{"/kpi/pipeline?period=2026-Q5", team.gm, http.StatusBadRequest},
		{"/kpi/pipeline?period=last-month", team.gm, http.StatusBadRequest},
		{"/kpi/pipeline?group_by=galaxy", team.gm, http.StatusBadRequest},
		{"/kpi/pipeline?group_by=bucket", team.gm, http.StatusBadRequest},
		{"/kpi/employee-performance?group_by=region", team.gm, http.StatusBadRequest},
		{"/kpi/pipeline?perod=2026-11", team.gm, http.StatusBadRequest},
		{"/kpi/pipeline", team.warehouse, http.StatusForbidden},
		{"/kpi/sales-performance", team.finance, http.StatusForbidden},
		{"/kpi/pipeline?org_unit=ou-other", team.head, http.StatusForbidden},
		{"/kpi/pipeline?org_unit=ou-other", team.rep, http.StatusForbidden},
		{"/kpi/pipeline", "", http.StatusUnauthorized},
	} {
		orderCall(t, env, http.MethodGet, tc.path, tc.tok, nil, tc.want)
	}
	for _, name := range queries.KPINames() {
		for _, period := range []string{"2026-11", "2026-Q4", "2026"} {
			var rep queries.KPIReport
			orderCall(t, env, http.MethodGet, "/kpi/"+name+"?period="+period, team.gm, nil, http.StatusOK).JSON(t, &rep)
			if rep.Name != name || rep.Period != period || rep.Rows == nil || rep.Totals == nil {
				t.Errorf("%s over %s on an empty log = %+v", name, period, rep)
			}
		}
	}
}

// TestKPI_OrdersDrillDown: an order a rep created shows in R6 as theirs,
// and its drill-down lists it, for the rep too (a rep names themself as
// the creator instead of a customer); another rep may not list them.
func TestKPI_OrdersDrillDown(t *testing.T) {
	env := apptest.New(t, nil)
	team := orderTeamOf(t, env)
	_, contractID, _ := orderSignedContract(t, env, team, 1, "100000.00", "60000.00")
	created := orderCommand(t, env, "/orders", team.rep, map[string]any{"contract_id": contractID, "lines": []map[string]any{orderLine("30000.00")}})
	var rep queries.KPIReport
	orderCall(t, env, http.MethodGet, "/kpi/orders-delivery?group_by=person&after="+created.Position, team.rep, nil, http.StatusOK).JSON(t, &rep)
	if len(rep.Rows) != 1 || rep.Rows[0]["person"] != "rep-1" || rep.Rows[0]["open_orders"] != float64(1) || rep.Rows[0]["drill"] != "/orders?created_by=rep-1" {
		t.Fatalf("R6 for the rep = %+v", rep.Rows)
	}
	var orders queries.Page[queries.OrderView]
	orderCall(t, env, http.MethodGet, rep.Rows[0]["drill"].(string), team.rep, nil, http.StatusOK).JSON(t, &orders)
	if len(orders.Items) != 1 || orders.Items[0].OrderID != created.ID {
		t.Errorf("the drill-down lists %+v, want order %s", orders.Items, created.ID)
	}
	other := env.Token(t, "rep-9", "ou-sales", domain.RoleSalesRep)
	orderCall(t, env, http.MethodGet, "/orders?created_by=rep-1", other, nil, http.StatusForbidden)
}
