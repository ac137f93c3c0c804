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
	file := queries.CustomerView{CustomerID: "c1", OwnerRepID: "rep-1", OrgUnitID: "dept-1"}
	for _, tc := range []struct {
		name  string
		actor domain.Actor
		file  queries.CustomerView
		want  bool
	}{
		{"the owning rep", actor("rep-1", "dept-1", domain.RoleSalesRep), file, true},
		{"another rep of the same department", actor("rep-2", "dept-1", domain.RoleSalesRep), file, false},
		{"a rep, on a file nobody owns", actor("rep-1", "dept-1", domain.RoleSalesRep), queries.CustomerView{OrgUnitID: "dept-1"}, false},
		{"the file's department head", actor("head-1", "dept-1", domain.RoleDeptHead), file, true},
		{"another department's head", actor("head-2", "dept-2", domain.RoleDeptHead), file, false},
		{"a department head without an org unit", actor("head-3", "", domain.RoleDeptHead), file, false},
		{"customer service", actor("cs", "service", domain.RoleCustomerService), file, true},
		{"the GM", actor("gm", "", domain.RoleGM), file, true},
		{"sales management", actor("mgmt", "dept-1", domain.RoleSalesMgmt), file, false},
		{"a token with no role", actor("rep-1", "dept-1"), file, false},
	} {
		if got := queries.SeesPersonalData(tc.actor, tc.file); got != tc.want {
			t.Errorf("%s: SeesPersonalData = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRedactCustomers_blanksOnlyTheFilesTheReaderDoesNotOwn(t *testing.T) {
	files := []queries.CustomerView{
		{CustomerID: "own", OwnerRepID: "rep-1", OrgUnitID: "dept-1", Name: "Acme", PrimaryContact: "Ms Lin", Phone: "100"},
		{CustomerID: "other", OwnerRepID: "rep-2", OrgUnitID: "dept-1", Name: "Zenith", PrimaryContact: "Mr Wu", Phone: "200"},
	}
	queries.RedactCustomers(actor("rep-1", "dept-1", domain.RoleSalesRep), files)
	if files[0].PrimaryContact != "Ms Lin" || files[0].Phone != "100" {
		t.Errorf("the owner's own file reads %+v, want its contact and phone", files[0])
	}
	if files[1].PrimaryContact != "" || files[1].Phone != "" || files[1].Name != "Zenith" {
		t.Errorf("another rep's file reads %+v, want it listed without contact and phone", files[1])
	}
}

func TestMayReadContactLog(t *testing.T) {
	file := queries.CustomerView{CustomerID: "c1", OwnerRepID: "rep-1", OrgUnitID: "dept-1"}
	for _, tc := range []struct {
		name  string
		actor domain.Actor
		want  bool
	}{
		{"the owning rep", actor("rep-1", "dept-1", domain.RoleSalesRep), true},
		{"another rep", actor("rep-2", "dept-1", domain.RoleSalesRep), false},
		{"a sales assistant", actor("asst", "dept-1", domain.RoleSalesAssistant), false},
		{"a team supervisor", actor("sup", "dept-1", domain.RoleTeamSupervisor, domain.RoleSalesRep), true},
		{"a department head", actor("head", "dept-1", domain.RoleDeptHead), true},
		{"customer service", actor("cs", "service", domain.RoleCustomerService), true},
		{"the GM", actor("gm", "", domain.RoleGM), true},
	} {
		if got := queries.MayReadContactLog(tc.actor, file); got != tc.want {
			t.Errorf("%s: MayReadContactLog = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMayReadEmployeeDirectory(t *testing.T) {
	if queries.MayReadEmployeeDirectory(actor("e1", "dept-1")) {
		t.Error("a token with no role reads the directory")
	}
	if !queries.MayReadEmployeeDirectory(actor("e1", "dept-1", domain.RoleWarehouse)) {
		t.Error("a warehouse clerk does not read the directory")
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
