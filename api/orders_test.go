package api_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/api/apitest"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// orderProblemBase prefixes the problem types the order tests expect.
const orderProblemBase = "https://opsledger.dev/problems/"

// orderProblem is the part of a problem document the tests read.
type orderProblem struct {
	Type   string `json:"type"`
	Rule   string `json:"rule"`
	Errors []struct {
		Field string `json:"field"`
	} `json:"errors"`
}

// orderCall sends a request and fails the test unless it is answered
// with want.
func orderCall(t *testing.T, env *apptest.Env, method, path, tok string, body any, want int, headers ...string) apptest.Response {
	t.Helper()
	resp := env.Do(t, method, path, tok, body, headers...)
	if resp.Status != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", method, path, resp.Status, want, resp.Body)
	}
	return resp
}

// orderCommand runs a command that must succeed (200, or 201 for
// creations) and returns its answer.
func orderCommand(t *testing.T, env *apptest.Env, path, tok string, body any, headers ...string) api.CommandResponse {
	t.Helper()
	want := http.StatusOK
	if body != nil && orderIsCreation(path) {
		want = http.StatusCreated
	}
	var res api.CommandResponse
	orderCall(t, env, http.MethodPost, path, tok, body, want, headers...).JSON(t, &res)
	return res
}

// orderIsCreation tells the creation endpoints the flows use.
func orderIsCreation(path string) bool {
	switch path {
	case "/customers", "/quotations", "/contracts", "/orders", "/complaints", "/sales-plans":
		return true
	}
	return false
}

// orderRefused sends a command that must be refused with status and
// problem kind, and returns the problem.
func orderRefused(t *testing.T, env *apptest.Env, path, tok string, body any, status int, kind string, headers ...string) orderProblem {
	t.Helper()
	var p orderProblem
	orderCall(t, env, http.MethodPost, path, tok, body, status, headers...).JSON(t, &p)
	if p.Type != orderProblemBase+kind {
		t.Fatalf("POST %s: problem type %q, want %s", path, p.Type, orderProblemBase+kind)
	}
	return p
}

// orderTeam are the people of the sales cycle.
type orderTeam struct {
	rep, head, legal, gm, finance, warehouse, delivery string
}

func orderTeamOf(t *testing.T, env *apptest.Env) orderTeam {
	return orderTeam{
		rep:       env.Token(t, "rep-1", "ou-sales", domain.RoleSalesRep),
		head:      env.Token(t, "head-1", "ou-sales", domain.RoleDeptHead),
		legal:     env.Token(t, "legal-1", "ou-legal", domain.RoleLegal),
		gm:        env.Token(t, "gm-1", "ou-gm", domain.RoleGM),
		finance:   env.Token(t, "fin-1", "ou-finance", domain.RoleFinance),
		warehouse: env.Token(t, "wh-1", "ou-warehouse", domain.RoleWarehouse),
		delivery:  env.Token(t, "drv-1", "ou-logistics", domain.RoleDelivery),
	}
}

// orderSignedContract walks a customer, an approved final quotation and a
// contract through its review chain to signed, all through HTTP, at price
// and cost (decimal strings of a 30–50% margin, which the department head
// approves). n tells apart the customer numbers of one test. It returns the
// customer, the contract and the signature's position.
func orderSignedContract(t *testing.T, env *apptest.Env, team orderTeam, n int, price, cost string) (customerID, contractID, position string) {
	t.Helper()
	customerID = orderCommand(t, env, "/customers", team.rep, map[string]any{
		"number": fmt.Sprintf("C-ORD-%03d", n), "name": "Ningbo Pumps", "address": "1 Harbour Rd, Ningbo",
		"primary_contact": "Mr Li", "phone": "+86 574 5555 0101", "source": "REFERRAL"}).ID
	lines := orderQuoteLines(t, price, cost)
	quoteID := orderCommand(t, env, "/quotations", team.rep, map[string]any{
		"customer_id": customerID, "type": "WRITTEN_FINAL", "demand_assessment": "replaces two pumps",
		"lines": lines}).ID
	quotationCosted(t, env, quoteID, "WRITTEN_FINAL", lines)
	orderCommand(t, env, "/quotations/"+quoteID+"/submit", team.rep, map[string]any{})
	orderCommand(t, env, "/quotations/"+quoteID+"/approve", team.head, map[string]any{"comment": "fine"})
	contractID = orderCommand(t, env, "/contracts", team.rep, map[string]any{
		"customer_id": customerID, "quotation_id": quoteID, "terms": map[string]any{
			"rights_obligations": "both parties' duties", "scope": "pumps P-7", "price": price,
			"delivery_date": time.Now().AddDate(0, 1, 0).UTC(), "payment_terms": "on delivery"}}).ID
	const hash = "sha256:order-contract"
	k := "/contracts/" + contractID
	orderCommand(t, env, k+"/register", team.rep, map[string]any{"registration_no": fmt.Sprintf("REG-%d", n), "document_hash": hash})
	orderCommand(t, env, k+"/dept-head-approval", team.head, map[string]any{})
	orderCommand(t, env, k+"/legal-review", team.legal, map[string]any{"comment": "lawful"})
	orderCommand(t, env, k+"/gm-approval", team.gm, map[string]any{})
	res := orderCommand(t, env, k+"/sign", team.head, map[string]any{"place": "COMPANY", "customer_signatory": "Mr Li", "document_hash": hash})
	return customerID, contractID, res.Position
}

// orderQuoteLines quotes two pumps P-7 at the 30,000.00 orderCreated
// orders them at (K6: an order's unit price is a quoted one) and their
// installation for the rest of price and cost. The pumps' cost keeps the
// margin of the whole.
func orderQuoteLines(t *testing.T, price, cost string) []map[string]any {
	t.Helper()
	total, err1 := domain.ParseMoney(price, "")
	costs, err2 := domain.ParseMoney(cost, "")
	pumps, pumpCosts := domain.Yuan(60000), domain.Fen(domain.Yuan(60000).Minor*costs.Minor/total.Minor)
	rest, err3 := total.Sub(pumps)
	restCost, err4 := costs.Sub(pumpCosts)
	if err := errors.Join(err1, err2, err3, err4); err != nil || !rest.IsPositive() {
		t.Fatalf("quote lines of %s at cost %s: %v (want a price above 60000.00)", price, cost, err)
	}
	return []map[string]any{
		{"product": "pump P-7", "quantity": 2, "unit_price": "30000.00", "unit_cost": domain.Fen(pumpCosts.Minor / 2).Decimal()},
		{"product": "installation", "quantity": 1, "unit_price": rest.Decimal(), "unit_cost": restCost.Decimal()},
	}
}

// orderLine is one valid order line at unit price.
func orderLine(price string) map[string]any {
	return map[string]any{"product_name": "pump", "model_spec": "P-7", "quantity": 2, "unit_price": price,
		"delivery_time": time.Now().AddDate(0, 0, 20).UTC(), "delivery_address": "1 Harbour Rd, Ningbo"}
}

// orderDelivery is a complete proof of delivery (O2).
func orderDelivery() map[string]any {
	return map[string]any{"signed_by": "Mr Li", "signed_at": time.Now().Add(-time.Minute).UTC(),
		"delivery_note_no": "DN-0001", "note_handed_to_employee_id": "rep-1"}
}

// TestOrders_DeliveredAndPaid walks an order under a signed contract from
// creation to closing through HTTP, with the refusals on the way.
func TestOrders_DeliveredAndPaid(t *testing.T) {
	env := apptest.New(t, nil)
	team := orderTeamOf(t, env)
	_, contractID, _ := orderSignedContract(t, env, team, 1, "100000.00", "65000.00")
	t.Run("a malformed unit price names the line", func(t *testing.T) {
		p := orderRefused(t, env, "/orders", team.rep, map[string]any{"contract_id": contractID,
			"lines": []map[string]any{orderLine("12.345")}}, http.StatusUnprocessableEntity, "invalid-field")
		if len(p.Errors) != 1 || p.Errors[0].Field != "lines[0].unit_price" {
			t.Errorf("errors = %+v, want lines[0].unit_price", p.Errors)
		}
	})
	id := orderCreated(t, env, team, contractID)
	o := "/orders/" + id
	moved := orderInTransit(t, env, team, o)
	orderDeliveryRefusals(t, env, team, o, moved.Version)
	orderCommand(t, env, o+"/deliveries", team.delivery, orderDelivery(), "If-Match", fmt.Sprintf(`"%d"`, moved.Version))
	paid := orderCommand(t, env, o+"/payments", team.finance, map[string]any{"payment_ref": "PAY-1", "amount": "60000.00"})
	if paid.Events != 2 {
		t.Errorf("payment recorded %d events, want 2 (payment and settlement)", paid.Events)
	}
	closed := orderCommand(t, env, o+"/closure", team.rep, map[string]any{})

	var v queries.OrderView
	got := orderCall(t, env, http.MethodGet, o+"?after="+closed.Position, team.rep, nil, http.StatusOK)
	got.JSON(t, &v)
	if v.Status != "CLOSED" || v.Total != 6000000 || v.Paid != 6000000 || v.DeliveryNoteNo != "DN-0001" || v.ContractID != contractID {
		t.Errorf("order = %+v, want CLOSED, 60000.00 paid of 60000.00, note DN-0001, contract %s", v, contractID)
	}
	if etag := got.Header.Get("ETag"); etag != fmt.Sprintf(`"%d"`, closed.Version) {
		t.Errorf("ETag = %q, want the closing version %d", etag, closed.Version)
	}
	orderReaders(t, env, team, contractID, id)
}

// orderCreated creates an order of 60,000.00 under an idempotency key,
// replays the key, has the customer confirm it and returns its id.
func orderCreated(t *testing.T, env *apptest.Env, team orderTeam, contractID string) string {
	t.Helper()
	create := map[string]any{"contract_id": contractID, "lines": []map[string]any{orderLine("30000.00")}}
	first := orderCall(t, env, http.MethodPost, "/orders", team.rep, create, http.StatusCreated, "Idempotency-Key", "order-create-1")
	var created api.CommandResponse
	first.JSON(t, &created)
	if loc := first.Header.Get("Location"); loc != "/orders/"+created.ID {
		t.Errorf("Location = %q, want /orders/%s", loc, created.ID)
	}
	t.Run("a replayed Idempotency-Key gets the same answer and creates nothing", func(t *testing.T) {
		again := orderCall(t, env, http.MethodPost, "/orders", team.rep, create, http.StatusCreated, "Idempotency-Key", "order-create-1")
		apitest.CheckReplay(t, first, again)
	})
	confirmed := orderCommand(t, env, "/orders/"+created.ID+"/confirmation", team.rep, map[string]any{"customer_confirmation_ref": "PO-778"})
	if confirmed.Version != created.Version+1 {
		t.Errorf("confirmation at version %d, want %d: the replay must have recorded nothing", confirmed.Version, created.Version+1)
	}
	return created.ID
}

// orderInTransit takes a confirmed order from stock to the road and
// returns the last transport update's answer.
func orderInTransit(t *testing.T, env *apptest.Env, team orderTeam, o string) api.CommandResponse {
	t.Helper()
	// the warehouse's branch holds the order's two pumps: scheduling reserves them (§3.10-shipment)
	orderCommand(t, env, "/branches/ou-warehouse/stock-receipts", team.warehouse, map[string]any{"product_name": "pump", "model_spec": "P-7", "quantity": 2})
	orderCommand(t, env, o+"/shipment-request", team.rep, map[string]any{})
	orderCommand(t, env, o+"/shipment-schedule", team.warehouse, map[string]any{"ship_on": time.Now().AddDate(0, 0, 2).UTC(), "reply_to_rep": "ships Tuesday"})
	orderCommand(t, env, o+"/dispatch", team.delivery, map[string]any{"transport_ref": "TRUCK-9"})
	return orderCommand(t, env, o+"/transport-updates", team.delivery, map[string]any{"status": "on the road", "location": "Hangzhou", "notified_via": "SMS"})
}

// orderDeliveryRefusals checks the deliveries that must be refused while
// the order is in transit at version.
func orderDeliveryRefusals(t *testing.T, env *apptest.Env, team orderTeam, o string, version uint64) {
	t.Run("a delivery without the customer's sign-off names signed_by", func(t *testing.T) {
		body := orderDelivery()
		delete(body, "signed_by")
		p := orderRefused(t, env, o+"/deliveries", team.delivery, body, http.StatusUnprocessableEntity, "invalid-field")
		if len(p.Errors) != 1 || p.Errors[0].Field != "signed_by" {
			t.Errorf("errors = %+v, want signed_by", p.Errors)
		}
	})
	t.Run("only delivery staff record a delivery", func(t *testing.T) {
		orderRefused(t, env, o+"/deliveries", team.rep, orderDelivery(), http.StatusForbidden, "forbidden")
	})
	t.Run("a stale If-Match is refused", func(t *testing.T) {
		stale := fmt.Sprintf(`"%d"`, version-1)
		orderRefused(t, env, o+"/deliveries", team.delivery, orderDelivery(), http.StatusPreconditionFailed, "stale-version", "If-Match", stale)
	})
}

// orderReaders checks who reads order id of contractID.
func orderReaders(t *testing.T, env *apptest.Env, team orderTeam, contractID, id string) {
	t.Run("roles without order access are refused", func(t *testing.T) {
		hr := env.Token(t, "hr-1", "ou-hr", domain.RoleHR)
		orderCall(t, env, http.MethodGet, "/orders/"+id, hr, nil, http.StatusForbidden)
	})
	t.Run("another rep does not see the order", func(t *testing.T) {
		other := env.Token(t, "rep-2", "ou-sales", domain.RoleSalesRep)
		orderCall(t, env, http.MethodGet, "/orders/"+id, other, nil, http.StatusForbidden)
		orderCall(t, env, http.MethodGet, "/orders", other, nil, http.StatusForbidden)
	})
	t.Run("managers list the contract's orders", func(t *testing.T) {
		var page queries.Page[queries.OrderView]
		orderCall(t, env, http.MethodGet, "/orders?contract_id="+contractID, team.head, nil, http.StatusOK).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].OrderID != id {
			t.Errorf("orders of contract = %+v, want just %s", page.Items, id)
		}
	})
}
