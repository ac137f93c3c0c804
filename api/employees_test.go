package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/api/apitest"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// employeeTeam are HR, the GM, the hire's department head, another
// department's head, the hire themself and a colleague.
type employeeTeam struct {
	hr, gm, head, otherHead, hire, colleague string
}

func employeeTeamOf(t *testing.T, env *apptest.Env) employeeTeam {
	return employeeTeam{
		hr:        env.Token(t, "hr-1", "ou-hr", domain.RoleHR),
		gm:        env.Token(t, "gm-1", "ou-gm", domain.RoleGM),
		head:      env.Token(t, "head-1", "ou-sales", domain.RoleDeptHead),
		otherHead: env.Token(t, "head-2", "ou-ops", domain.RoleDeptHead),
		// not hired here: the tests hire emp-new through the API
		hire:      env.IssueOnly(t, domain.Actor{EmployeeID: "emp-new", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "ou-sales"}),
		colleague: env.Token(t, "rep-9", "ou-sales", domain.RoleSalesRep),
	}
}

// onboardNewHire takes emp-new through the onboarding steps before the
// first day of work: qualification check, hiring into ou-sales under
// head-1, documents and pre-job training. The caller starts the work
// itself, so it can take a moment or a position in between.
func onboardNewHire(t *testing.T, env *apptest.Env, team employeeTeam) {
	t.Helper()
	e := "/employees/emp-new"
	orderCommand(t, env, e+"/qualification-checks", team.hr, map[string]any{"candidate_name": "Wang Fang", "passed": true})
	orderCommand(t, env, e+"/hiring", team.hr, map[string]any{"name": "Wang Fang", "role": "SALES_REP", "org_unit_id": "ou-sales", "supervisor_id": "head-1"})
	orderCommand(t, env, e+"/documents", team.hr, map[string]any{"documents": []string{"ID card", "diploma", "CV"}})
	orderCommand(t, env, e+"/pre-job-training", team.hr, map[string]any{"passed": true, "training_ref": "TR-2026-11"})
}

// employeeGet reads /employees/emp-new as tok after position and decodes
// it as a generic object, so the test sees which fields are there.
func employeeGet(t *testing.T, env *apptest.Env, path, tok, position string) map[string]any {
	t.Helper()
	var v map[string]any
	orderCall(t, env, http.MethodGet, path+"?after="+position, tok, nil, http.StatusOK).JSON(t, &v)
	return v
}

// TestEmployees_HiredToRegular hires a candidate through onboarding and
// probation to regular, refusing the department head's confirmation, and
// checks who sees the record.
func TestEmployees_HiredToRegular(t *testing.T) {
	env := apptest.New(t, nil)
	team := employeeTeamOf(t, env)
	e := "/employees/emp-new"

	check := map[string]any{"candidate_name": "Wang Fang", "passed": true, "notes": "degree and references verified"}
	first := orderCall(t, env, http.MethodPost, e+"/qualification-checks", team.hr, check, http.StatusOK, "Idempotency-Key", "qual-1")
	t.Run("a replayed Idempotency-Key gets the same answer and records nothing", func(t *testing.T) {
		again := orderCall(t, env, http.MethodPost, e+"/qualification-checks", team.hr, check, http.StatusOK, "Idempotency-Key", "qual-1")
		apitest.CheckReplay(t, first, again)
	})
	t.Run("only HR checks qualifications", func(t *testing.T) {
		orderRefused(t, env, "/employees/emp-x/qualification-checks", team.head, check, http.StatusForbidden, "forbidden")
	})
	var checked api.CommandResponse
	first.JSON(t, &checked)
	hired := orderCommand(t, env, e+"/hiring", team.hr, map[string]any{"name": "Wang Fang", "role": "SALES_REP", "org_unit_id": "ou-sales", "supervisor_id": "head-1"})
	if hired.Version != checked.Version+1 {
		t.Errorf("hiring at version %d, want %d: the replay must have recorded nothing", hired.Version, checked.Version+1)
	}
	orderCommand(t, env, e+"/documents", team.hr, map[string]any{"documents": []string{"ID card (original seen)", "diploma (original seen)", "CV"}})
	orderCommand(t, env, e+"/pre-job-training", team.hr, map[string]any{"passed": true, "training_ref": "TR-2026-11"})
	started := orderCommand(t, env, e+"/start-work", team.head, map[string]any{})

	confirm := map[string]any{"assessment": map[string]any{"responsibility": "very responsible", "ability": "learns fast",
		"contribution": "beat the probation target", "target_met": true}}
	t.Run("a department head may not confirm regular status", func(t *testing.T) {
		orderRefused(t, env, e+"/regular-confirmation", team.head, confirm, http.StatusForbidden, "forbidden")
	})
	t.Run("a stale If-Match is refused", func(t *testing.T) {
		orderRefused(t, env, e+"/regular-confirmation", team.gm, confirm, http.StatusPreconditionFailed, "stale-version",
			"If-Match", fmt.Sprintf(`"%d"`, started.Version-1))
	})
	regular := orderCommand(t, env, e+"/regular-confirmation", team.gm, confirm, "If-Match", fmt.Sprintf(`"%d"`, started.Version))

	var full queries.EmployeeView
	got := orderCall(t, env, http.MethodGet, e+"?after="+regular.Position, team.hr, nil, http.StatusOK)
	got.JSON(t, &full)
	if full.Status != "REGULAR" || full.RegularAt == nil || full.OrgUnitID != "ou-sales" || full.Name != "Wang Fang" {
		t.Errorf("employee = %+v, want Wang Fang REGULAR in ou-sales", full)
	}
	if got.Header.Get("ETag") != fmt.Sprintf(`"%d"`, regular.Version) {
		t.Errorf("ETag = %q, want version %d", got.Header.Get("ETag"), regular.Version)
	}
	employeeVisibility(t, env, team, e, regular.Position)
}

// employeeVisibility checks who reads the full record and who the
// directory entry.
func employeeVisibility(t *testing.T, env *apptest.Env, team employeeTeam, e, position string) {
	for _, c := range []struct {
		name, tok string
		full      bool
	}{
		{"HR sees the record", team.hr, true},
		{"the GM sees the record", team.gm, true},
		{"the head of the employee's org unit sees the record", team.head, true},
		{"the employee sees their own record", team.hire, true},
		{"another unit's head sees the directory entry", team.otherHead, false},
		{"a colleague sees the directory entry", team.colleague, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := employeeGet(t, env, e, c.tok, position)
			_, hasFines := v["fine_total"]
			restricted, _ := v["restricted"].(bool)
			if hasFines != c.full || restricted == c.full || v["name"] != "Wang Fang" {
				t.Errorf("view = %v, want full record %v", v, c.full)
			}
			status := http.StatusForbidden
			if c.full {
				status = http.StatusOK
			}
			orderCall(t, env, http.MethodGet, e+"/conduct", c.tok, nil, status)
			orderCall(t, env, http.MethodGet, e+"/appraisals", c.tok, nil, status)
		})
	}
	t.Run("a token with no role reads neither the directory entry nor the list", func(t *testing.T) {
		nobody := env.Token(t, "emp-x", "ou-sales")
		orderCall(t, env, http.MethodGet, e+"?after="+position, nobody, nil, http.StatusForbidden)
		orderCall(t, env, http.MethodGet, "/employees?org_unit_id=ou-sales&after="+position, nobody, nil, http.StatusForbidden)
	})
	t.Run("the employee with a token of no role still reads their own record", func(t *testing.T) {
		v := employeeGet(t, env, e, env.Token(t, "emp-new", "ou-sales"), position)
		if _, hasFines := v["fine_total"]; !hasFines {
			t.Errorf("view = %v, want their full record", v)
		}
	})
	t.Run("lists mix records and directory entries row by row", func(t *testing.T) {
		type page struct {
			Items []map[string]any `json:"items"`
		}
		var seen, full page
		// REGULAR: the team's own tokens hired head-1 and rep-9 into ou-sales too (apptest.Token)
		orderCall(t, env, http.MethodGet, "/employees?org_unit_id=ou-sales&status=REGULAR", team.colleague, nil, http.StatusOK).JSON(t, &seen)
		if len(seen.Items) != 1 || seen.Items[0]["restricted"] != true {
			b, _ := json.Marshal(seen.Items)
			t.Errorf("colleague's list = %s, want one restricted entry", b)
		}
		orderCall(t, env, http.MethodGet, "/employees?org_unit_id=ou-sales&status=REGULAR", team.head, nil, http.StatusOK).JSON(t, &full)
		if len(full.Items) != 1 || full.Items[0]["restricted"] != nil || full.Items[0]["fine_total"] != "0.00" {
			b, _ := json.Marshal(full.Items)
			t.Errorf("head's list = %s, want the full record", b)
		}
	})
}
