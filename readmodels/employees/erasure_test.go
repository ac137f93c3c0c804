package employees_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/privacy"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/readmodels/employees"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// TestEmployees_ScrubsErasedEmployees (rule P1-erasure): an erased
// employee's name reads erased on their record (data stored in clear
// before encryption), the rest of the record and other employees stay.
func TestEmployees_ScrubsErasedEmployees(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	if err := projections.Ensure(ctx, pool, ns, employees.New()); err != nil {
		t.Fatal(err)
	}
	store := memory.New()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	appendEvent := func(stream, id string, e domain.Event) {
		body, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.Append(ctx, stream, eventstore.Any, eventstore.EventData{ID: id, Type: e.EventType(), SchemaVersion: 1, Data: body}); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"e1", "e2"} {
		appendEvent(employee.Stream(id), "h"+id, employee.Hired{EmployeeID: id, Name: "Name " + id, Role: domain.RoleSalesRep, OrgUnitID: "ou-1", HiredBy: "hr-1", HiredAt: at})
	}
	appendEvent("subject-"+privacy.EmployeeSubject("e1"), "x", privacy.SubjectErased{SubjectID: privacy.EmployeeSubject("e1"), Kind: privacy.KindEmployee, ErasedBy: "hr-1", ErasedAt: at})

	projectiontest.Run(t, projections.NewRunner(pool, store, ns, employees.New(), projectiontest.FastOptions()))
	q := employees.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "e1 erased", func() bool {
		v, err := q.Employee(ctx, "e1")
		return err == nil && v.Name == privacy.Erased
	})
	if v, _ := q.Employee(ctx, "e1"); v.OrgUnitID != "ou-1" || v.Role != string(domain.RoleSalesRep) {
		t.Errorf("erased record = %+v, want the rest kept", v)
	}
	if v, err := q.Employee(ctx, "e2"); err != nil || v.Name != "Name e2" {
		t.Errorf("other employee = %+v, %v; want the name kept", v, err)
	}
}

// Given an employee hired and moved before their erasure and moved again
// after it, applied live, when the read model is rebuilt in batches of
// three events (the erasure's batch scrubs versions an earlier batch
// wrote, and the move after it closes one), then every view, the row
// versions included, holds what it held live, and no version of the
// erased employee keeps the name.
func TestEmployees_RebuildScrubsTheVersionsItHolds(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	p := employees.New()
	if err := projections.Ensure(ctx, pool, ns, p); err != nil {
		t.Fatal(err)
	}
	store := memory.New()
	codec := eventstore.NewCodec(employee.Events()...)
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	moved := func(id, to string, day int) employee.RoleChanged {
		return employee.RoleChanged{EmployeeID: id, FromRole: domain.RoleSalesRep, ToRole: domain.RoleSalesRep,
			FromOrgUnitID: "ou-1", ToOrgUnitID: to, ChangedAt: at.AddDate(0, 0, day)}
	}
	for _, id := range []string{"e1", "e2"} {
		readmodeltest.Append(t, store, codec, employee.Stream(id),
			employee.Hired{EmployeeID: id, Name: "Name " + id, Role: domain.RoleSalesRep, OrgUnitID: "ou-1", HiredBy: "hr-1", HiredAt: at})
	}
	readmodeltest.Append(t, store, codec, employee.Stream("e1"), moved("e1", "ou-2", 1))
	erasure := privacy.SubjectErased{SubjectID: privacy.EmployeeSubject("e1"), Kind: privacy.KindEmployee, ErasedBy: "hr-1", ErasedAt: at}
	readmodeltest.Append(t, store, eventstore.NewCodec(erasure), privacy.SubjectStreamPrefix+privacy.EmployeeSubject("e1"), erasure)
	readmodeltest.Append(t, store, codec, employee.Stream("e1"), moved("e1", "ou-3", 2))
	readmodeltest.Append(t, store, codec, employee.Stream("e2"), moved("e2", "ou-2", 2))
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, p, projectiontest.FastOptions()))
	readmodeltest.WaitHead(t, pool, store, ns, p)

	readmodeltest.AssertRebuildKeepsRows(t, pool, store, ns, p, stop)

	var named int
	q := "SELECT count(*) FROM " + string(ns) + ".employees_versions WHERE employee_id = 'e1' AND name <> $1"
	if err := pool.QueryRow(ctx, q, privacy.Erased).Scan(&named); err != nil || named != 0 {
		t.Errorf("rebuilt versions of e1 with a name: %d (%v), want none", named, err)
	}
}
