package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/api/apitest"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// complaintTeam are the people who take, handle and oversee a complaint.
type complaintTeam struct {
	service, quality, rep, head, warehouse string
}

func complaintTeamOf(t *testing.T, env *apptest.Env) complaintTeam {
	return complaintTeam{
		service:   env.Token(t, "cs-1", "ou-service", domain.RoleCustomerService),
		quality:   env.Token(t, "qa-1", "ou-quality", domain.RoleQuality),
		rep:       env.Token(t, "rep-1", "ou-sales", domain.RoleSalesRep),
		head:      env.Token(t, "head-1", "ou-sales", domain.RoleDeptHead),
		warehouse: env.Token(t, "wh-1", "ou-warehouse", domain.RoleWarehouse),
	}
}

// complaintReceived registers a customer and receives a complaint routed
// to quality, under an idempotency key; it returns the first answer.
func complaintReceived(t *testing.T, env *apptest.Env, team complaintTeam) (body map[string]any, first apptest.Response) {
	t.Helper()
	customerID := orderCommand(t, env, "/customers", team.rep, map[string]any{
		"number": "C-CMP-001", "name": "Ningbo Pumps", "address": "1 Harbour Rd, Ningbo",
		"primary_contact": "Mr Li", "phone": "+86 574 5555 0101", "source": "ON_SITE"}).ID
	body = map[string]any{"customer_id": customerID, "channel": "PHONE", "content": "the P-7 pump leaks",
		"contact": "Mr Li", "department_id": "ou-quality"}
	first = orderCall(t, env, http.MethodPost, "/complaints", team.service, body, http.StatusCreated, "Idempotency-Key", "complaint-1")
	return body, first
}

// TestComplaints_ClosedWithSatisfaction takes a complaint from receipt to
// a close the customer confirmed, refusing a close without satisfaction.
func TestComplaints_ClosedWithSatisfaction(t *testing.T) {
	env := apptest.New(t, nil)
	team := complaintTeamOf(t, env)
	body, first := complaintReceived(t, env, team)
	var received api.CommandResponse
	first.JSON(t, &received)
	c := "/complaints/" + received.ID

	t.Run("a replayed Idempotency-Key gets the same answer and records nothing", func(t *testing.T) {
		again := orderCall(t, env, http.MethodPost, "/complaints", team.service, body, http.StatusCreated, "Idempotency-Key", "complaint-1")
		apitest.CheckReplay(t, first, again)
	})
	t.Run("an unknown channel names the field", func(t *testing.T) {
		bad := map[string]any{"customer_id": body["customer_id"], "channel": "FAX", "content": "x", "contact": "Mr Li"}
		p := orderRefused(t, env, "/complaints", team.service, bad, http.StatusUnprocessableEntity, "invalid-field")
		if len(p.Errors) != 1 || p.Errors[0].Field != "channel" {
			t.Errorf("errors = %+v, want channel", p.Errors)
		}
	})

	progress := orderCommand(t, env, c+"/progress", team.quality, map[string]any{"note": "seal batch 12 suspected"})
	if progress.Version != received.Version+1 {
		t.Errorf("progress at version %d, want %d: the replay must have recorded nothing", progress.Version, received.Version+1)
	}
	orderCommand(t, env, c+"/customer-updates", team.service, map[string]any{"message": "we are checking the seal"})
	orderCommand(t, env, c+"/resolution", team.quality, map[string]any{"resolution": "replace the seal on site"})
	asked := orderCommand(t, env, c+"/confirmation-request", team.service, map[string]any{})

	closeBody := map[string]any{"satisfied": true, "customer_confirmation_ref": "call with Mr Li"}
	complaintCloseRefusals(t, env, team, c, closeBody, asked.Version)
	closed := orderCommand(t, env, c+"/closure", team.service, closeBody, "If-Match", fmt.Sprintf(`"%d"`, asked.Version))

	var v queries.ComplaintView
	got := orderCall(t, env, http.MethodGet, c+"?after="+closed.Position, team.head, nil, http.StatusOK)
	got.JSON(t, &v)
	if v.Status != "CLOSED_SATISFIED" || v.ClosedAt == nil || v.TimeToCloseSeconds == nil || v.DepartmentID != "ou-quality" {
		t.Errorf("complaint = %+v, want CLOSED_SATISFIED with a close time, routed to ou-quality", v)
	}
	if got.Header.Get("ETag") != fmt.Sprintf(`"%d"`, closed.Version) {
		t.Errorf("ETag = %q, want version %d", got.Header.Get("ETag"), closed.Version)
	}
	t.Run("customer-facing roles list complaints", func(t *testing.T) {
		var page queries.Page[queries.ComplaintView]
		orderCall(t, env, http.MethodGet, "/complaints?status=CLOSED_SATISFIED", team.rep, nil, http.StatusOK).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].ComplaintID != received.ID {
			t.Errorf("closed complaints = %+v, want just %s", page.Items, received.ID)
		}
	})
	t.Run("back-office roles do not read complaints", func(t *testing.T) {
		orderCall(t, env, http.MethodGet, c, team.warehouse, nil, http.StatusForbidden)
		orderCall(t, env, http.MethodGet, "/complaints", team.warehouse, nil, http.StatusForbidden)
	})
}

// complaintCloseRefusals checks the closes that must be refused while the
// complaint awaits the customer's answer at version.
func complaintCloseRefusals(t *testing.T, env *apptest.Env, team complaintTeam, c string, closeBody map[string]any, version uint64) {
	t.Run("closing without the customer's satisfaction is refused by rule", func(t *testing.T) {
		p := orderRefused(t, env, c+"/closure", team.service, map[string]any{"satisfied": false, "customer_confirmation_ref": "call"},
			http.StatusConflict, "rejected-by-rule")
		if p.Rule != "§5.8" {
			t.Errorf("rule = %q, want §5.8", p.Rule)
		}
	})
	t.Run("only customer service closes", func(t *testing.T) {
		orderRefused(t, env, c+"/closure", team.rep, closeBody, http.StatusForbidden, "forbidden")
	})
	t.Run("a stale If-Match is refused", func(t *testing.T) {
		orderRefused(t, env, c+"/closure", team.service, closeBody, http.StatusPreconditionFailed, "stale-version",
			"If-Match", fmt.Sprintf(`"%d"`, version-1))
	})
}
