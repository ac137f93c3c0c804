package employees_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/employees"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// Given e1 hired and on probation, then checked in (which keeps no row
// version), then transferred to dept-2; and a leave of e2 filed today but
// effective ten days ago (a retroactive filing), when employees are listed
// as of a time on either axis, then each shows its record of then: e1 in
// dept-1 before the transfer and in dept-2 after; e2's leave in force five
// days ago as known now, but not as known before the filing. Check-ins add
// no version; rebuilding gives the same versions.
func TestEmployees_AsOfLists(t *testing.T) {
	store := memory.New()
	codec := eventstore.NewCodec(employee.Events()...)
	now := time.Now()
	daysAgo := func(n int) time.Time { return now.AddDate(0, 0, -n) }
	add := func(stream string, effective time.Time, events ...domain.Event) time.Time {
		return readmodeltest.AppendEffective(t, store, codec, stream, effective, events...)
	}
	hired := add(employee.Stream("e1"), daysAgo(100),
		employee.Hired{EmployeeID: "e1", Name: "张三", Role: domain.RoleSalesRep, OrgUnitID: "dept-1", SupervisorID: "e9", HiredAt: daysAgo(100)},
		employee.StartedWork{EmployeeID: "e1", StartedAt: daysAgo(99), ProbationEndsOn: daysAgo(9)})
	add(employee.Stream("e1"), time.Time{}, employee.CheckedIn{EmployeeID: "e1", Slot: "AM", CheckedInAt: now})
	transferred := add(employee.Stream("e1"), time.Time{}, employee.RoleChanged{EmployeeID: "e1", Kind: "TRANSFER",
		FromRole: domain.RoleSalesRep, ToRole: domain.RoleSalesRep, FromOrgUnitID: "dept-1", ToOrgUnitID: "dept-2", ChangedAt: now})
	add(employee.Stream("e2"), daysAgo(50),
		employee.Hired{EmployeeID: "e2", Name: "李四", Role: domain.RoleSalesRep, OrgUnitID: "dept-1", SupervisorID: "e9", HiredAt: daysAgo(50)})
	beforeFiling := time.Now()
	time.Sleep(2 * time.Millisecond)
	add(employee.Stream("e2"), daysAgo(10), employee.LeaveApproved{EmployeeID: "e2", LeaveID: "l1", SignedBy: "e9", SignedAt: daysAgo(10)})
	f := readmodeltest.NewFixture(t, store, codec, employees.New(), employees.NewQueries, func(func(string, ...domain.Event)) {})

	list := func(t *testing.T, filter queries.EmployeeFilter, page queries.PageRequest) queries.Page[queries.EmployeeView] {
		t.Helper()
		p, err := f.Q.Employees(context.Background(), filter, page)
		if err != nil {
			t.Fatalf("Employees(%+v): %v", filter, err)
		}
		return p
	}
	show := func(p queries.Page[queries.EmployeeView]) string {
		s := ""
		for _, v := range p.Items {
			s += fmt.Sprintf("%s:%s:%s:leaves=%d ", v.EmployeeID, v.OrgUnitID, v.Status, v.LeavesApproved)
		}
		return s
	}
	for _, tc := range []struct {
		name   string
		filter queries.EmployeeFilter
		want   string
	}{
		{"e1 in dept-1 as known before the transfer", queries.EmployeeFilter{OrgUnitID: "dept-1", At: queries.Bitemporal{AsOf: hired}},
			"e1:dept-1:ON_PROBATION:leaves=0 "},
		{"e1 in dept-2 as known after it", queries.EmployeeFilter{OrgUnitID: "dept-2", At: queries.Bitemporal{AsOf: transferred}},
			"e1:dept-2:ON_PROBATION:leaves=0 "},
		{"nobody in dept-2 before the transfer", queries.EmployeeFilter{OrgUnitID: "dept-2", At: queries.Bitemporal{AsOf: hired}}, ""},
		{"the retroactive leave in force five days ago", queries.EmployeeFilter{OrgUnitID: "dept-1", At: queries.Bitemporal{ValidAt: daysAgo(5)}},
			"e1:dept-1:ON_PROBATION:leaves=0 e2:dept-1:ONBOARDING:leaves=1 "},
		{"no leave in force twenty days ago", queries.EmployeeFilter{At: queries.Bitemporal{ValidAt: daysAgo(20)}},
			"e1:dept-1:ON_PROBATION:leaves=0 e2:dept-1:ONBOARDING:leaves=0 "},
		{"in force five days ago as known before the filing", queries.EmployeeFilter{At: queries.Bitemporal{ValidAt: daysAgo(5), AsOf: beforeFiling}},
			"e1:dept-1:ON_PROBATION:leaves=0 e2:dept-1:ONBOARDING:leaves=0 "},
		{"nobody in force before the first hire", queries.EmployeeFilter{At: queries.Bitemporal{ValidAt: daysAgo(200)}}, ""},
		{"filtered by status", queries.EmployeeFilter{Status: string(employee.StatusOnboarding), At: queries.Bitemporal{AsOf: time.Now()}},
			"e2:dept-1:ONBOARDING:leaves=1 "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := show(list(t, tc.filter, queries.PageRequest{})); got != tc.want {
				t.Errorf("listed %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("sorted and paged by cursor", func(t *testing.T) {
		at := queries.Bitemporal{AsOf: time.Now()}
		first := list(t, queries.EmployeeFilter{Sort: "-employee_id", At: at}, queries.PageRequest{Limit: 1})
		if show(first) != "e2:dept-1:ONBOARDING:leaves=1 " || first.NextCursor == "" {
			t.Fatalf("first page %q (next %q), want e2 and a cursor", show(first), first.NextCursor)
		}
		second := list(t, queries.EmployeeFilter{Sort: "-employee_id", At: at}, queries.PageRequest{Limit: 1, Cursor: first.NextCursor})
		if show(second) != "e1:dept-2:ON_PROBATION:leaves=0 " || second.NextCursor != "" {
			t.Errorf("second page %q (next %q), want e1 and no cursor", show(second), second.NextCursor)
		}
	})
	t.Run("a check-in keeps no row version", func(t *testing.T) {
		var n int
		if err := f.Pool.QueryRow(context.Background(), fmt.Sprintf(`SELECT count(*) FROM %q.employees_versions WHERE employee_id = 'e1'`, f.NS)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 3 {
			t.Errorf("e1 has %d row versions, want 3 (hired, started, transferred)", n)
		}
	})
	f.RebuildMatches(t)
}
