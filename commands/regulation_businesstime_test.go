package commands_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// TestAdoptRegulationVersion_aLateFilingIsDecidedUnderTheVersionOfItsDay:
// a fine filed in July for a lapse of 30 June costs what the schedule of
// 30 June said, one for 2 July what the new schedule says, and each
// records its version.
func TestAdoptRegulationVersion_aLateFilingIsDecidedUnderTheVersionOfItsDay(t *testing.T) {
	// given a regular employee and, adopted on 10 July, a fine schedule in force from 1 July (retroactively)
	w := newEmployeeWorld(t).regular()
	w.now = time.Date(2026, 7, 10, 9, 0, 0, 0, time.UTC)
	newFrom := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	versions, _ := w.h.Regulations.Versions("employee")
	params := versions[0].Parameters
	params["fines"] = json.RawMessage(`[{"code": "SLOPPY_REPORT", "amount": "50.00", "rule_ref": "E12"}]`)
	raw, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	w.ok(w.h.Regulations.AdoptRegulationVersion(context.Background(), employeeGM, commands.AdoptRegulationVersion{
		Name: "employee", Version: "2026-07", EffectiveFrom: newFrom, Parameters: raw, Retroactive: true}))

	// when the department head fines a sloppy report of 30 June and one of 2 July
	fine := func(id string, day time.Time) {
		m := employeeHead
		m.EffectiveAt = day
		w.ok(w.h.Employees.IssueFine(context.Background(), m, commands.IssueFine{EmployeeID: "e-1", FineID: id, Item: employee.FineSloppyReport, Reason: "report lists no visits"}))
	}
	fine("f-june", newFrom.Add(-time.Hour))
	fine("f-july", newFrom.AddDate(0, 0, 1))

	// then each is decided under the schedule of its day
	want := map[string]struct {
		amount  domain.Money
		version string
	}{"f-june": {domain.Yuan(20), "employee/default"}, "f-july": {domain.Yuan(50), "employee/2026-07"}}
	codec := commands.Codec()
	seen := 0
	for _, r := range w.records() {
		if !strings.HasSuffix(r.Type, ".fined") {
			continue
		}
		ev, err := codec.DecodeRecorded(r)
		if err != nil {
			t.Fatal(err)
		}
		f := ev.(employee.Fined)
		if got, ok := want[f.FineID]; !ok || f.Amount != got.amount || r.Metadata.RegulationVersion != got.version {
			t.Errorf("%s: %s under %q, want %+v", f.FineID, f.Amount, r.Metadata.RegulationVersion, got)
		}
		seen++
	}
	if seen != 2 {
		t.Errorf("%d fines recorded, want 2", seen)
	}
}
