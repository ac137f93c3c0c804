package queries_test

import (
	"errors"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

func actor(id, orgUnit string, roles ...domain.Role) domain.Actor {
	return domain.Actor{EmployeeID: id, OrgUnitID: orgUnit, Roles: roles}
}

func TestMayReadEmployeeRecord(t *testing.T) {
	v := queries.EmployeeView{EmployeeID: "e1", OrgUnitID: "dept-1"}
	for _, tc := range []struct {
		name  string
		actor domain.Actor
		want  bool
	}{
		{"themself", actor("e1", "dept-1", domain.RoleSalesRep), true},
		{"HR", actor("hr", "hr", domain.RoleHR), true},
		{"the GM", actor("gm", "", domain.RoleGM), true},
		{"their department head", actor("head", "dept-1", domain.RoleDeptHead), true},
		{"another department's head", actor("head", "dept-2", domain.RoleDeptHead), false},
		{"a colleague", actor("e2", "dept-1", domain.RoleSalesRep), false},
	} {
		if got := queries.MayReadEmployeeRecord(tc.actor, v); got != tc.want {
			t.Errorf("%s: MayReadEmployeeRecord = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestEmployeeAsSeenBy_redactsTheRecordToTheDirectoryEntry(t *testing.T) {
	v := queries.EmployeeView{EmployeeID: "e1", Name: "Li", Status: "REGULAR", OrgUnitID: "dept-1", Fines: 2, Version: 7}
	got, ok := queries.EmployeeAsSeenBy(actor("e2", "dept-1", domain.RoleSalesRep), v).(queries.EmployeeDirectoryEntry)
	want := queries.EmployeeDirectoryEntry{EmployeeID: "e1", Name: "Li", Status: "REGULAR", OrgUnitID: "dept-1", Version: 7, Restricted: true}
	if !ok || got != want {
		t.Errorf("a colleague sees %+v, want the directory entry %+v", got, want)
	}
	if full, ok := queries.EmployeeAsSeenBy(actor("hr", "", domain.RoleHR), v).(queries.EmployeeView); !ok || full.Fines != 2 {
		t.Errorf("HR sees %+v, want the full record", full)
	}
}

func TestSeesPersonalData(t *testing.T) {
	if !queries.SeesPersonalData(actor("rep-1", "", domain.RoleSalesRep), "rep-1") {
		t.Error("the owning rep does not see personal data")
	}
	if queries.SeesPersonalData(actor("rep-2", "", domain.RoleSalesRep), "rep-1") {
		t.Error("another rep sees personal data")
	}
	if queries.SeesPersonalData(actor("rep-1", "", domain.RoleSalesRep), "") {
		t.Error("a rep sees the personal data of a file nobody owns")
	}
	if !queries.SeesPersonalData(actor("cs", "", domain.RoleCustomerService), "rep-1") {
		t.Error("customer service does not see personal data")
	}
}

func TestScopeSalesTargets(t *testing.T) {
	rep := actor("rep-1", "dept-1", domain.RoleSalesRep)
	f, err := queries.ScopeSalesTargets(rep, queries.SalesTargetFilter{})
	if err != nil || f.Dimension != queries.DimensionPerson || f.ID != "rep-1" {
		t.Errorf("a rep's filter = %+v, %v; want their own person rows", f, err)
	}
	if _, err := queries.ScopeSalesTargets(rep, queries.SalesTargetFilter{Dimension: queries.DimensionTeam}); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("a rep asking for teams: %v, want refused", err)
	}
	if _, err := queries.ScopeSalesTargets(rep, queries.SalesTargetFilter{ID: "rep-2"}); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("a rep asking for another rep: %v, want refused", err)
	}
	if f, err := queries.ScopeSalesTargets(actor("gm", "", domain.RoleGM), queries.SalesTargetFilter{Dimension: queries.DimensionRegion}); err != nil || f.ID != "" {
		t.Errorf("the GM's filter = %+v, %v; want it unchanged", f, err)
	}
	if _, err := queries.ScopeSalesTargets(actor("w", "", domain.RoleWarehouse), queries.SalesTargetFilter{}); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("the warehouse: %v, want refused", err)
	}
}

func TestOwnRecordsOnly(t *testing.T) {
	if !queries.OwnRecordsOnly(actor("rep-1", "", domain.RoleSalesRep, domain.RoleSalesAssistant)) {
		t.Error("a rep and assistant reads more than their own records")
	}
	if queries.OwnRecordsOnly(actor("rep-1", "", domain.RoleSalesRep, domain.RoleLegal)) {
		t.Error("a rep who is also legal reads only their own records")
	}
}
