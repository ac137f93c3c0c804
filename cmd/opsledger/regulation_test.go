package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/regulation"
	"github.com/opsledger/opsledger/eventstore"
)

// hire records that employeeID was hired, as the hiring command would.
func (e *seedEnv) hire(t *testing.T, employeeID string) {
	t.Helper()
	data, err := e.app.Codec.Encode("hired-"+employeeID, employee.Hired{EmployeeID: employeeID, Name: "总经理", Role: domain.RoleGM,
		OrgUnitID: "HQ", HiredBy: "hr-1", HiredAt: time.Now()}, eventstore.Metadata{ActorID: "hr-1", ActorRole: domain.RoleHR})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.Store.Append(context.Background(), employee.Stream(employeeID), eventstore.Any, data); err != nil {
		t.Fatal(err)
	}
}

func TestRegulationCLI_AdoptAndList(t *testing.T) {
	// given a database with a hired GM and a parameters file
	e := newSeedEnv(t)
	e.hire(t, "emp-boss")
	file := filepath.Join(t.TempDir(), "margins.json")
	if err := os.WriteFile(file, []byte(`{"rep_authority": "55.00", "dept_head": "45.00", "gm_office": "25.00"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	from := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
	adopt := adoptOptions{name: "quotation", version: "2026-tight", effectiveFrom: from.Format(time.RFC3339), file: file,
		reason: "raw material prices rose", approver: "emp-boss", role: "GM"}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// when the GM adopts the version from the command line
	var out bytes.Buffer
	if err := adoptRegulation(ctx, e.cfg, adopt, nil, &out); err != nil {
		t.Fatalf("adoptRegulation() error = %v", err)
	}

	// then it is stored with its reason and approver, and listed
	if !strings.Contains(out.String(), "adopted quotation/2026-tight") {
		t.Errorf("adopt printed %q", out.String())
	}
	recs, err := e.app.Store.ReadStream(ctx, regulation.Stream("quotation"), eventstore.ReadStreamOptions{})
	if err != nil || len(recs) != 1 || recs[0].Metadata.ActorID != "emp-boss" || recs[0].Metadata.Reason != "raw material prices rose" {
		t.Fatalf("regulation stream = %+v, %v", recs, err)
	}
	out.Reset()
	if err := listRegulations(ctx, e.cfg, listOptions{at: from.Format(time.RFC3339)}, &out); err != nil {
		t.Fatalf("listRegulations() error = %v", err)
	}
	if !strings.Contains(out.String(), "quotation/2026-tight") || !strings.Contains(out.String(), "employee/default") {
		t.Errorf("list at the version's start:\n%s", out.String())
	}
	out.Reset()
	if err := listRegulations(ctx, e.cfg, listOptions{name: "quotation"}, &out); err != nil {
		t.Fatalf("listRegulations(--name) error = %v", err)
	}
	for _, want := range []string{"quotation/default", "quotation/2026-tight", "emp-boss (GM)", "raw material prices rose", `"dept_head":"45.00"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("list --name quotation lacks %q:\n%s", want, out.String())
		}
	}

	t.Run("refusals write nothing", func(t *testing.T) {
		bad := func(edit func(*adoptOptions)) adoptOptions {
			o := adopt
			o.version = "v-refused"
			o.effectiveFrom = from.Add(24 * time.Hour).Format(time.RFC3339)
			edit(&o)
			return o
		}
		notJSON := filepath.Join(t.TempDir(), "bad.json")
		if err := os.WriteFile(notJSON, []byte(`{"rep_authority": `), 0o600); err != nil {
			t.Fatal(err)
		}
		cases := map[string]adoptOptions{
			"no reason":                   bad(func(o *adoptOptions) { o.reason = "" }),
			"a date that is not RFC 3339": bad(func(o *adoptOptions) { o.effectiveFrom = "1 July" }),
			"a file that is not JSON":     bad(func(o *adoptOptions) { o.file = notJSON }),
			"an approver never hired":     bad(func(o *adoptOptions) { o.approver = "emp-nobody" }),
			"a role that may not adopt":   bad(func(o *adoptOptions) { o.role = "DEPT_HEAD" }),
			"an unknown regulation":       bad(func(o *adoptOptions) { o.name = "dunning" }),
			"backdated":                   bad(func(o *adoptOptions) { o.effectiveFrom = "2026-01-01T00:00:00Z" }),
		}
		for name, o := range cases {
			if err := adoptRegulation(ctx, e.cfg, o, nil, &bytes.Buffer{}); err == nil {
				t.Errorf("%s: adopted", name)
			}
		}
		recs, _ := e.app.Store.ReadStream(ctx, regulation.Stream("quotation"), eventstore.ReadStreamOptions{})
		if len(recs) != 1 {
			t.Errorf("the regulation stream holds %d events after the refusals, want 1", len(recs))
		}
	})
}

// checkRegulationChange: the demo adopts stricter margin tiers from 1
// July, and quotations of the same margin band are decided on each side
// of that date under their own version: a department head's tier before,
// the GM office's after.
func checkRegulationChange(t *testing.T, log map[string][]domain.Event) {
	if n := len(log[regulation.Stream("quotation")]); n != 1 {
		t.Fatalf("the quotation regulation has %d adopted versions, want 1", n)
	}
	sides := map[string]map[quotation.Tier]bool{}
	for _, evs := range log {
		for _, ev := range evs {
			req, ok := ev.(quotation.ApprovalRequested)
			if !ok || req.Margin < 3000 || req.Margin >= 4500 {
				continue
			}
			if sides[req.RegulationVersion] == nil {
				sides[req.RegulationVersion] = map[quotation.Tier]bool{}
			}
			sides[req.RegulationVersion][req.Tier] = true
		}
	}
	if !sides["quotation/default"][quotation.TierDeptHead] {
		t.Errorf("no quotation of 30–45%% margin decided under quotation/default for a department head: %v", sides)
	}
	if !sides["quotation/2026-07"][quotation.TierGMOffice] {
		t.Errorf("no quotation of 30–45%% margin decided under quotation/2026-07 for the GM office: %v", sides)
	}
}
