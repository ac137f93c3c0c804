package api_test

import (
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// TestAsOf_EmployeeListKeepsReadRulesAndAccessLog (§16-asof-lists, A6):
// given emp-new onboarded in ou-sales and then started at work, when the
// employee list is read as of a moment between the two by HR, their
// department head and a colleague, then each row shows the record of then
// (not yet at work) as today's list would: the full record to HR and the
// head, the directory entry to the colleague; and the read-access log
// names HR and the head, through GET /employees, but not the colleague,
// who saw no personal field.
func TestAsOf_EmployeeListKeepsReadRulesAndAccessLog(t *testing.T) {
	env := apptest.New(t, nil)
	team := employeeTeamOf(t, env)
	auditor := env.Token(t, "aud-1", "ou-audit", domain.RoleAuditor)
	e := "/employees/emp-new"
	onboardNewHire(t, env, team)
	onboarded := momentAfter()
	started := orderCommand(t, env, e+"/start-work", team.head, map[string]any{})

	listed := func(t *testing.T, tok string) map[string]any {
		t.Helper()
		var p struct {
			Items []map[string]any `json:"items"`
		}
		customerRead(t, "as-of list", env.Do(t, "GET", "/employees"+asOfQuery("as_of", onboarded)+"&org_unit_id=ou-sales&after="+started.Position, tok, nil), &p)
		for _, row := range p.Items {
			if row["employee_id"] == "emp-new" {
				return row
			}
		}
		t.Fatalf("emp-new not in the as-of list: %+v", p.Items)
		return nil
	}
	for _, tc := range []struct {
		who        string
		tok        string
		restricted bool
	}{
		{"HR", team.hr, false},
		{"their department head", team.head, false},
		{"a colleague", team.colleague, true},
	} {
		t.Run(tc.who+" sees the row of then under today's read rules", func(t *testing.T) {
			row := listed(t, tc.tok)
			if row["status"] == "ON_PROBATION" {
				t.Errorf("status %v: the list shows the start at work, which came after", row["status"])
			}
			_, full := row["leaves_approved"]
			if restricted, _ := row["restricted"].(bool); restricted != tc.restricted || full == tc.restricted {
				t.Errorf("row %+v: restricted %v, full record %v; want restricted %v", row, restricted, full, tc.restricted)
			}
		})
	}
	t.Run("the access log names the readers of the full record, through the list", func(t *testing.T) {
		entries := accessEntries(t, env, auditor, "/audit/access?subject=emp-new", 2)
		for i, want := range []string{"hr-1", "head-1"} {
			got := entries[i]
			if got.ReaderID != want || got.Endpoint != "GET /employees" || got.Category != "employee_record" || got.SubjectKind != "employee" {
				t.Errorf("entry %d = %+v, want %s's read of the record through GET /employees", i, got, want)
			}
		}
	})
	t.Run("as of before the hire, nobody is listed and nothing is logged", func(t *testing.T) {
		var p struct {
			Items []map[string]any `json:"items"`
		}
		customerRead(t, "as-of list", env.Do(t, "GET", "/employees"+asOfQuery("valid_at", onboarded.AddDate(0, 0, -30))+"&org_unit_id=ou-sales", team.hr, nil), &p)
		for _, row := range p.Items {
			if row["employee_id"] == "emp-new" {
				t.Errorf("emp-new listed in force before the hire: %+v", row)
			}
		}
		accessEntries(t, env, auditor, "/audit/access?subject=emp-new", 2)
	})
	if resp := env.Do(t, http.MethodGet, "/employees?valid_at=tomorrow", team.hr, nil); resp.Status != http.StatusBadRequest {
		t.Errorf("valid_at not a time: status %d, want 400; %s", resp.Status, resp.Body)
	}
}
