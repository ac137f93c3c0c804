package queries

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
)

func TestParseKPIPeriod(t *testing.T) {
	company := companyZone()
	for _, tc := range []struct {
		in, label, kind string
		start, end      time.Time
	}{
		{"2026-11", "2026-11", "month", time.Date(2026, 11, 1, 0, 0, 0, 0, company), time.Date(2026, 12, 1, 0, 0, 0, 0, company)},
		{"2026-12", "2026-12", "month", time.Date(2026, 12, 1, 0, 0, 0, 0, company), time.Date(2027, 1, 1, 0, 0, 0, 0, company)},
		{"2026-Q1", "2026-Q1", "quarter", time.Date(2026, 1, 1, 0, 0, 0, 0, company), time.Date(2026, 4, 1, 0, 0, 0, 0, company)},
		{"2026-Q4", "2026-Q4", "quarter", time.Date(2026, 10, 1, 0, 0, 0, 0, company), time.Date(2027, 1, 1, 0, 0, 0, 0, company)},
		{"2026", "2026", "year", time.Date(2026, 1, 1, 0, 0, 0, 0, company), time.Date(2027, 1, 1, 0, 0, 0, 0, company)},
	} {
		p, err := ParseKPIPeriod(tc.in)
		if err != nil || p.Label != tc.label || p.Kind != tc.kind || !p.Start.Equal(tc.start) || !p.End.Equal(tc.end) {
			t.Errorf("ParseKPIPeriod(%q) = %+v, %v; want %s %s [%s, %s)", tc.in, p, err, tc.label, tc.kind, tc.start, tc.end)
		}
	}
	for _, bad := range []string{"", "26", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-q1", "2026-1", "2026-11-01", "abcd", "2026-"} {
		if _, err := ParseKPIPeriod(bad); !errors.Is(err, domain.ErrInvalid) {
			t.Errorf("ParseKPIPeriod(%q): err = %v, want invalid", bad, err)
		}
	}
}

func TestKPIPeriod_Previous(t *testing.T) {
	for in, want := range map[string]string{"2026-01": "2025-12", "2026-Q1": "2025-Q4", "2026-Q3": "2026-Q2", "2026": "2025"} {
		p, _ := ParseKPIPeriod(in)
		if got := p.Previous().Label; got != want {
			t.Errorf("Previous of %s = %s, want %s", in, got, want)
		}
	}
}

func TestKPIMonthOf_IsCompanyTime(t *testing.T) {
	// 2026-11-30 17:00 UTC is already December 1st in company time (UTC+8).
	if got := KPIMonthOf(time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)).Label; got != "2026-12" {
		t.Errorf("KPIMonthOf = %s, want 2026-12", got)
	}
}

func TestKPIScopeFor(t *testing.T) {
	r1, _ := KPIByName("sales-performance")
	r7, _ := KPIByName("receivables")
	gm := domain.Actor{EmployeeID: "gm-1", Roles: []domain.Role{domain.RoleGM}}
	auditor := domain.Actor{EmployeeID: "au-1", Roles: []domain.Role{domain.RoleAuditor}}
	head := domain.Actor{EmployeeID: "head-1", Roles: []domain.Role{domain.RoleDeptHead}, OrgUnitID: "sales-1"}
	rep := domain.Actor{EmployeeID: "rep-1", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "sales-1"}
	finance := domain.Actor{EmployeeID: "fin-1", Roles: []domain.Role{domain.RoleFinance}}
	warehouse := domain.Actor{EmployeeID: "wh-1", Roles: []domain.Role{domain.RoleWarehouse}}
	for _, tc := range []struct {
		name    string
		actor   domain.Actor
		k       KPIDefinition
		orgUnit string
		want    KPIScope
		refused bool
	}{
		{"the GM reads everything", gm, r1, "", KPIScope{Kind: ScopeAll}, false},
		{"the GM narrows to an org unit", gm, r1, "sales-2", KPIScope{Kind: ScopeAll, OrgUnit: "sales-2"}, false},
		{"an auditor reads everything", auditor, r1, "", KPIScope{Kind: ScopeAll}, false},
		{"a department head reads their department", head, r1, "", KPIScope{Kind: ScopeDepartment, OrgUnit: "sales-1"}, false},
		{"a department head names their own", head, r1, "sales-1", KPIScope{Kind: ScopeDepartment, OrgUnit: "sales-1"}, false},
		{"a department head names another", head, r1, "sales-2", KPIScope{}, true},
		{"a rep reads their own", rep, r1, "", KPIScope{Kind: ScopeOwn, Person: "rep-1"}, false},
		{"a rep names another org unit", rep, r1, "sales-2", KPIScope{}, true},
		{"finance reads receivables in full", finance, r7, "", KPIScope{Kind: ScopeAll}, false},
		{"finance reads no sales figures", finance, r1, "", KPIScope{}, true},
		{"the warehouse reads none", warehouse, r1, "", KPIScope{}, true},
	} {
		got, err := KPIScopeFor(tc.actor, tc.k, tc.orgUnit)
		if tc.refused != errors.Is(err, domain.ErrForbidden) || got != tc.want {
			t.Errorf("%s: got %+v, %v; want %+v (refused %v)", tc.name, got, err, tc.want, tc.refused)
		}
	}
}

func TestKPICatalogue_IsComplete(t *testing.T) {
	seen := map[string]bool{}
	for i, k := range KPICatalogue {
		if want := "R" + strconv.Itoa(i+1); k.Code != want {
			t.Errorf("entry %d is %s, want %s", i, k.Code, want)
		}
		if seen[k.Name] || len(k.Groupings) == 0 || len(k.Columns) == 0 || k.Title.ZH == "" || k.Title.EN == "" {
			t.Errorf("%s %s: duplicate name, or no groupings, columns or titles", k.Code, k.Name)
		}
		seen[k.Name] = true
		for _, c := range k.Columns {
			if c.Title.ZH == "" || c.Title.EN == "" || c.Type == "" {
				t.Errorf("%s column %s has no titles or type", k.Code, c.Key)
			}
		}
	}
	if len(KPICatalogue) != 12 {
		t.Errorf("%d KPIs, want R1–R12", len(KPICatalogue))
	}
}
