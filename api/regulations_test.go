package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// adoptBody is a request adopting margin tiers named version from from.
func adoptBody(version string, from time.Time, params string) string {
	return `{"version": "` + version + `", "effective_from": "` + from.UTC().Format(time.RFC3339) +
		`", "reason": "margins under pressure", "parameters": ` + params + `}`
}

const stricterTiers = `{"rep_authority": "55.00", "dept_head": "45.00", "gm_office": "25.00"}`

func TestRegulations_adoptAndRead(t *testing.T) {
	// given the catalogue with only the defaults, and a version adopted by the GM
	env := newMemEnv(t)
	rep := env.Token(t, "rep-1", "ou-one", domain.RoleSalesRep)
	gm := env.Token(t, "gm-1", "hq", domain.RoleGM)
	from := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Second)

	var before queries.Page[commands.RegulationSummary]
	env.Do(t, http.MethodGet, "/regulations", rep, nil).JSON(t, &before)
	if len(before.Items) != 7 {
		t.Fatalf("GET /regulations listed %d regulations, want 7 (pay among them): %+v", len(before.Items), before.Items)
	}
	for _, r := range before.Items {
		if r.InForce.VersionID != r.Name+"/default" || !r.InForce.Default || r.Versions != 0 {
			t.Errorf("%s before any adoption: in force %+v", r.Name, r.InForce)
		}
	}

	// when the GM adopts new margin tiers from a month ahead
	resp := env.Do(t, http.MethodPost, "/regulations/quotation/versions", gm, adoptBody("next", from, stricterTiers))
	if resp.Status != http.StatusOK {
		t.Fatalf("POST: %d %s", resp.Status, resp.Body)
	}

	// then everyone reads the versions with their ranges, reason and approver
	var versions queries.Page[commands.RegulationVersionView]
	env.Do(t, http.MethodGet, "/regulations/quotation/versions", rep, nil).JSON(t, &versions)
	if len(versions.Items) != 2 {
		t.Fatalf("versions = %+v", versions.Items)
	}
	def, next := versions.Items[0], versions.Items[1]
	if !def.Default || def.EffectiveFrom != nil || def.EffectiveUntil == nil || !def.EffectiveUntil.Equal(from) {
		t.Errorf("default version = %+v", def)
	}
	if next.VersionID != "quotation/next" || !next.EffectiveFrom.Equal(from) || next.EffectiveUntil != nil ||
		next.Reason != "margins under pressure" || next.ApprovedBy != "gm-1" || next.ApproverRole != "GM" ||
		string(next.Parameters["dept_head"]) != `"45.00"` {
		t.Errorf("adopted version = %+v", next)
	}
	// and the version in force is the default now, the new one from its start
	inForce := func(at string) commands.RegulationSummary {
		var page queries.Page[commands.RegulationSummary]
		env.Do(t, http.MethodGet, "/regulations"+at, rep, nil).JSON(t, &page)
		for _, r := range page.Items {
			if r.Name == "quotation" {
				return r
			}
		}
		t.Fatalf("no quotation regulation in %+v", page.Items)
		return commands.RegulationSummary{}
	}
	if now := inForce(""); now.InForce.VersionID != "quotation/default" || now.Next == nil || now.Next.VersionID != "quotation/next" {
		t.Errorf("in force now = %+v", now)
	}
	if later := inForce("?at=" + from.UTC().Format(time.RFC3339)); later.InForce.VersionID != "quotation/next" || later.Next != nil {
		t.Errorf("in force from its start = %+v", later)
	}
}

func TestRegulations_refusals(t *testing.T) {
	env := newMemEnv(t)
	gm := env.Token(t, "gm-1", "hq", domain.RoleGM)
	from := time.Now().Add(24 * time.Hour)
	tests := []struct {
		name   string
		token  string
		path   string
		body   string
		status int
	}{
		{"a department head may not adopt", env.Token(t, "dh-1", "ou-one", domain.RoleDeptHead), "/regulations/quotation/versions", adoptBody("v2", from, stricterTiers), http.StatusForbidden},
		{"an auditor may not adopt", env.Token(t, "au-1", "hq", domain.RoleAuditor), "/regulations/quotation/versions", adoptBody("v2", from, stricterTiers), http.StatusForbidden},
		{"malformed JSON", gm, "/regulations/quotation/versions", `{"version": "v2",`, http.StatusBadRequest},
		{"an unknown request field", gm, "/regulations/quotation/versions", strings.Replace(adoptBody("v2", from, stricterTiers), `"version"`, `"approver": "me", "version"`, 1), http.StatusUnprocessableEntity},
		{"parameters that are not an object", gm, "/regulations/quotation/versions", adoptBody("v2", from, `"55.00"`), http.StatusUnprocessableEntity},
		{"an unknown parameter field", gm, "/regulations/quotation/versions", adoptBody("v2", from, `{"rep_authority": "55.00", "dept_head": "45.00", "gm_office": "25.00", "ceo": "5.00"}`), http.StatusUnprocessableEntity},
		{"a missing parameter", gm, "/regulations/quotation/versions", adoptBody("v2", from, `{"rep_authority": "55.00", "dept_head": "45.00"}`), http.StatusUnprocessableEntity},
		{"tiers that do not descend", gm, "/regulations/quotation/versions", adoptBody("v2", from, `{"rep_authority": "25.00", "dept_head": "45.00", "gm_office": "25.00"}`), http.StatusUnprocessableEntity},
		{"an employee regulation with a fine of no amount", gm, "/regulations/employee/versions", adoptBody("v2", from, employeeParamsWithFine("0.00")), http.StatusUnprocessableEntity},
		{"a complaint timer that is not a duration", gm, "/regulations/complaint/versions", adoptBody("v2", from, `{"route_within": "soon", "first_update_within": "24h", "update_interval": "72h", "close_within": "168h"}`), http.StatusUnprocessableEntity},
		{"a date that is not a date", gm, "/regulations/quotation/versions", strings.Replace(adoptBody("v2", from, stricterTiers), from.UTC().Format(time.RFC3339), "2026-13-45", 1), http.StatusBadRequest},
		{"no effective date", gm, "/regulations/quotation/versions", `{"version": "v2", "reason": "r", "parameters": ` + stricterTiers + `}`, http.StatusUnprocessableEntity},
		{"no reason", gm, "/regulations/quotation/versions", strings.Replace(adoptBody("v2", from, stricterTiers), "margins under pressure", "", 1), http.StatusUnprocessableEntity},
		{"effective_at instead of effective_from", gm, "/regulations/quotation/versions", strings.Replace(adoptBody("v2", from, stricterTiers), `"version"`, `"effective_at": "`+time.Now().UTC().Format(time.RFC3339)+`", "version"`, 1), http.StatusUnprocessableEntity},
		{"backdated without retroactive", gm, "/regulations/quotation/versions", adoptBody("v2", time.Now().AddDate(0, -1, 0), stricterTiers), http.StatusConflict},
		{"an unknown regulation", gm, "/regulations/dunning/versions", adoptBody("v2", from, stricterTiers), http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := env.Written(t)
			resp := env.Do(t, http.MethodPost, tt.path, tt.token, tt.body)
			if resp.Status != tt.status {
				t.Errorf("status %d, want %d: %s", resp.Status, tt.status, resp.Body)
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("content type %q, want problem+json", resp.Header.Get("Content-Type"))
			}
			if after := env.Written(t); after != before {
				t.Errorf("the refused request wrote %d events", after-before)
			}
		})
	}
	t.Run("reading an unknown regulation is 404, a bad time 400", func(t *testing.T) {
		if resp := env.Do(t, http.MethodGet, "/regulations/dunning/versions", gm, nil); resp.Status != http.StatusNotFound {
			t.Errorf("GET unknown: %d %s", resp.Status, resp.Body)
		}
		if resp := env.Do(t, http.MethodGet, "/regulations?at=yesterday", gm, nil); resp.Status != http.StatusBadRequest {
			t.Errorf("GET ?at=yesterday: %d %s", resp.Status, resp.Body)
		}
	})
}

// employeeParamsWithFine is a whole employee regulation whose one fine
// costs amount.
func employeeParamsWithFine(amount string) string {
	return `{"probation_months": 3, "early_conversion": true, "leniency_months": 1, "check_in_slots": ["MORNING"],
		"utc_offset": "+08:00", "auto_resign_on_no_results": true, "no_result_months": 2, "sales_roles": ["SALES_REP"],
		"fines": [{"code": "SLOPPY_REPORT", "amount": "` + amount + `", "rule_ref": "E12"}], "rewards": ["BONUS"],
		"penalties": ["VERBAL_WARNING", "DISMISSAL"], "penalties_needing_hr_or_gm": ["DISMISSAL"]}`
}
