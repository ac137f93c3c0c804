package api_test

import (
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// Given an employee at work, when sales management records monthly
// results without a month, or with a business date or an "on behalf of"
// the regulations do not allow, then the API refuses it naming the field
// (422) or the duty missing (403), and records nothing.
func TestEmployees_monthlyResultsNeedAMonth(t *testing.T) {
	env := apptest.New(t, nil)
	team := employeeTeamOf(t, env)
	mgmt := env.Token(t, "mgmt-1", "ou-sales", domain.RoleSalesMgmt)
	e := "/employees/emp-new"
	onboardNewHire(t, env, team)
	started := orderCommand(t, env, e+"/start-work", team.head, map[string]any{})

	for _, tc := range []struct {
		name   string
		body   map[string]any
		status int
		kind   string
		field  string
	}{
		{"an empty body names the month", map[string]any{}, http.StatusUnprocessableEntity, "invalid-field", "month"},
		{"a business date in year 9999 is refused", map[string]any{"month": "2026-11-01T00:00:00Z", "amount": "1000", "effective_at": "9999-01-01T00:00:00Z"},
			http.StatusUnprocessableEntity, "invalid-field", "effective_at"},
		{"a business date in year 0000 is refused", map[string]any{"month": "2026-11-01T00:00:00Z", "amount": "1000", "effective_at": "0000-01-01T00:00:00Z", "reason": "late"},
			http.StatusUnprocessableEntity, "invalid-field", "effective_at"},
		{"sales management does not act on behalf of the GM", map[string]any{"month": "2026-11-01T00:00:00Z", "amount": "1000", "on_behalf_of": "gm-1"},
			http.StatusForbidden, "forbidden", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := orderRefused(t, env, e+"/monthly-results", mgmt, tc.body, tc.status, tc.kind)
			if tc.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != tc.field) {
				t.Errorf("problem errors = %+v, want the field %s", p.Errors, tc.field)
			}
		})
	}
	done := orderCommand(t, env, e+"/monthly-results", mgmt, map[string]any{"month": "2026-11-01T00:00:00Z", "amount": "1000"})
	if done.Version != started.Version+1 {
		t.Errorf("results recorded at version %d, want %d: the refusals must have recorded nothing", done.Version, started.Version+1)
	}
}
