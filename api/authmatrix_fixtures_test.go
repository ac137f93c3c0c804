package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore/memory"
)

// The matrix's fixture worlds. Each route's row names the world its
// command is legal in; a world is built through the HTTP API by fixed
// actors of the two org units, as a user would, once per route. The
// aggregate a world builds belongs to unitOne and, where it has one, to
// the owning rep fxOwner.

const (
	unitOne = "ou-one"
	unitTwo = "ou-two"
	fxOwner = "rep-own"
)

// fxActor is a fixed actor that builds worlds.
type fxActor struct {
	id, unit string
	role     domain.Role
}

var (
	fxRep       = fxActor{fxOwner, unitOne, domain.RoleSalesRep}
	fxHead      = fxActor{"fx-head", unitOne, domain.RoleDeptHead}
	fxLegal     = fxActor{"fx-legal", "ou-legal", domain.RoleLegal}
	fxGM        = fxActor{"fx-gm", "ou-gm", domain.RoleGM}
	fxFinance   = fxActor{"fx-fin", "ou-finance", domain.RoleFinance}
	fxWarehouse = fxActor{"fx-wh", "ou-logistics", domain.RoleWarehouse}
	fxDelivery  = fxActor{"fx-drv", "ou-logistics", domain.RoleDelivery}
	fxService   = fxActor{"fx-cs", unitOne, domain.RoleCustomerService}
	fxHR        = fxActor{"fx-hr", "ou-hr", domain.RoleHR}
	fxQuality   = fxActor{"fx-qa", unitOne, domain.RoleQuality}
	fxMgmt      = fxActor{"fx-mgmt", unitOne, domain.RoleSalesMgmt}
	fxLeader    = fxActor{"fx-lead", "ou-board", domain.RoleLeadership}
	fxEngineer  = fxActor{"fx-eng", "ou-engineering", domain.RoleBusinessEngineer}
	fxCommittee = fxActor{"fx-apc", "ou-hr", domain.RoleAppraisalCommittee}
	fxAdmin     = fxActor{"fx-adm", "ou-admin", domain.RoleAdminOffice}
)

// Sub-resource ids every world uses, by path parameter.
var fxPathIDs = map[string]string{
	"contact_id": "kc-1", "plan_id": "cp-1", "visit_id": "fv-1", "inquiry_id": "iq-1",
	"amendment_id": "am-1", "issue_id": "is-1", "change_id": "ch-1", "return_id": "rt-1",
	"repair_id": "rp-1", "leave_id": "lv-1", "trip_id": "tr-1", "report_id": "wr-1",
	"name": "quotation", // a regulation of the catalogue
}

// world is what a fixture built: id is the aggregate the route's path
// names, owner the person owner/self scopes are about, vars the other
// ids a body refers to ($customer, $contract, …).
type world struct {
	id, owner string
	vars      map[string]string
}

// matrix holds the in-memory API and the command side behind it.
type matrix struct {
	env    *memEnv
	cmds   *commands.Handler
	tokens map[string]string
	n      int
}

// newMatrix serves the API as newMemEnv does, keeping the command side
// so a world can run the reactions only the system issues.
func newMatrix(t *testing.T) *matrix {
	t.Helper()
	jwt, err := auth.NewJWT([]byte(memSecret), time.Now)
	if err != nil {
		t.Fatalf("matrix: jwt: %v", err)
	}
	store := memory.New()
	cmds := commands.New(store, commands.Codec(), time.Now)
	if err := cmds.UpgradeCustomerOwnership(context.Background()); err != nil {
		t.Fatalf("UpgradeCustomerOwnership: %v", err)
	}
	srv := api.NewServer(api.Deps{
		Commands: cmds, Queries: emptyReadModels(), Auth: jwt, Idempotency: newMemIdempotency(), WaitFor: caughtUp,
	})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	env := &memEnv{API: srv, Server: hs, Store: store, jwt: jwt}
	return &matrix{env: env, cmds: cmds, tokens: map[string]string{}}
}

// token issues (once) a token for id of unit holding role.
func (mx *matrix) token(t *testing.T, id, unit string, role domain.Role) string {
	k := id + "|" + unit + "|" + string(role)
	if tok, ok := mx.tokens[k]; ok {
		return tok
	}
	tok := mx.env.Token(t, id, unit, role)
	mx.tokens[k] = tok
	return tok
}

// send posts body to path as the actor, under a fresh idempotency key.
func (mx *matrix) send(t *testing.T, path, tok string, body any) response {
	mx.n++
	return mx.env.Do(t, http.MethodPost, path, tok, body, "Idempotency-Key", fmt.Sprintf("mx-%d", mx.n))
}

// step runs one fixture command, which must succeed.
func (mx *matrix) step(t *testing.T, a fxActor, path string, body any) api.CommandResponse {
	t.Helper()
	resp := mx.send(t, path, mx.token(t, a.id, a.unit, a.role), body)
	if resp.Status/100 != 2 {
		t.Fatalf("fixture step POST %s as %s: %d %s", path, a.role, resp.Status, resp.Body)
	}
	var c api.CommandResponse
	resp.JSON(t, &c)
	return c
}

// build makes the world fixture names; every world is new, with its own
// customer number, ids and registration numbers.
func (mx *matrix) build(t *testing.T, fixture string) world {
	t.Helper()
	mx.n++
	w := world{owner: fxOwner, vars: map[string]string{"n": fmt.Sprint(mx.n)}}
	b, ok := worldBuilders[fixture]
	if !ok {
		t.Fatalf("no world builder %q", fixture)
	}
	b(t, mx, &w)
	return w
}

// path fills the route pattern's parameters from the world.
func (w world) path(pattern string) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		name := strings.Trim(s, "{}")
		if name == "id" {
			segs[i] = w.id
		} else {
			segs[i] = fxPathIDs[name]
		}
	}
	return strings.Join(segs, "/")
}

// body expands the route's body template with the world's ids and times.
func (w world) body(t *testing.T, template string) any {
	t.Helper()
	now := time.Now().UTC()
	pairs := []string{
		"$past", now.Add(-time.Hour).Format(time.RFC3339),
		"$daysago", now.Add(-72 * time.Hour).Format(time.RFC3339),
		"$soon", now.Add(48 * time.Hour).Format(time.RFC3339),
		"$later", now.AddDate(0, 1, 0).Format(time.RFC3339),
		"$year", fmt.Sprint(now.Year()),
		"$lastmonth", lastMonth(now).Format(time.RFC3339),
		"$nextmonth", nextMonth(now).Format(time.DateOnly),
		"$id", w.id, "$owner", w.owner, "$targets", salesPlanTargetsJSON(),
	}
	for k, v := range w.vars {
		pairs = append(pairs, "$"+k, v)
	}
	s := strings.NewReplacer(pairs...).Replace(template)
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("body template %s: %v", s, err)
	}
	return v
}

// system runs a reaction only the system issues (no token carries SYSTEM).
func (mx *matrix) system(t *testing.T, what string, run func(context.Context, commands.Meta) (commands.Result, error)) {
	t.Helper()
	m := commands.Meta{Actor: domain.Actor{EmployeeID: "system", Roles: []domain.Role{domain.RoleSystem}}}
	if _, err := run(context.Background(), m); err != nil {
		t.Fatalf("fixture reaction %s: %v", what, err)
	}
}

// nextMonth is the first day of the month after now's, in the company's
// time zone: a work plan made ahead of its month.
func nextMonth(now time.Time) time.Time {
	local := now.In(salesPlanZone)
	return time.Date(local.Year(), local.Month()+1, 1, 0, 0, 0, 0, salesPlanZone)
}

// lastMonth is the first day of the month before now's, in the company's
// time zone, where appraisal periods are cut.
func lastMonth(now time.Time) time.Time {
	local := now.In(salesPlanZone)
	return time.Date(local.Year(), local.Month()-1, 1, 0, 0, 0, 0, salesPlanZone)
}
