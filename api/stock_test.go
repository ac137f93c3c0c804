package api_test

import (
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// stockPump is the product the stock tests move.
func stockPump(qty int64, more map[string]any) map[string]any {
	body := map[string]any{"product_name": "pump", "model_spec": "P-7", "quantity": qty}
	for k, v := range more {
		body[k] = v
	}
	return body
}

// stockPost runs a command that must be answered with want.
func stockPost(t *testing.T, env *apptest.Env, path, tok string, body any, want int) api.CommandResponse {
	t.Helper()
	var res api.CommandResponse
	orderCall(t, env, http.MethodPost, path, tok, body, want).JSON(t, &res)
	return res
}

// stockRows reads one stock list as tok after position.
func stockRows[T any](t *testing.T, env *apptest.Env, tok, path, position string) []T {
	t.Helper()
	var page queries.Page[T]
	sep := "?"
	for _, c := range path {
		if c == '?' {
			sep = "&"
		}
	}
	orderCall(t, env, http.MethodGet, path+sep+"after="+position, tok, nil, http.StatusOK).JSON(t, &page)
	return page.Items
}

// TestStock_TransferReplenishmentAndMaterials walks the branch warehouse's
// work end to end: goods received, a transfer from west to east with both
// books kept, a replenishment from headquarters, a rep's materials form,
// and the refusals on the way (wrong role or branch, wrong order,
// insufficient stock, bad input).
func TestStock_TransferReplenishmentAndMaterials(t *testing.T) {
	env := apptest.New(t, nil)
	west := env.Token(t, "wh-west", "br-west", domain.RoleWarehouse)
	east := env.Token(t, "wh-east", "br-east", domain.RoleWarehouse)
	managerEast := env.Token(t, "bm-east", "br-east", domain.RoleBranchManager)
	rep := env.Token(t, "rep-east", "br-east", domain.RoleSalesRep)
	clerk := env.Token(t, "clerk-east", "br-east", domain.RoleClerk)
	hr := env.Token(t, "hr-1", "ou-hr", domain.RoleHR)

	t.Run("a keeper books goods only into their own branch, and a rep none", func(t *testing.T) {
		orderRefused(t, env, "/branches/br-west/stock-receipts", east, stockPump(10, nil), http.StatusForbidden, "forbidden")
		orderRefused(t, env, "/branches/br-west/stock-receipts", rep, stockPump(10, nil), http.StatusForbidden, "forbidden")
	})
	t.Run("a zero quantity is invalid", func(t *testing.T) {
		orderRefused(t, env, "/branches/br-west/stock-receipts", west, stockPump(0, nil), http.StatusUnprocessableEntity, "invalid-field")
	})
	stockPost(t, env, "/branches/br-west/stock-receipts", west, stockPump(10, map[string]any{"source_ref": "HQ-DN-1"}), http.StatusOK)

	tr := stockPost(t, env, "/stock-transfers", east, stockPump(10, map[string]any{"from_branch_id": "br-west"}), http.StatusCreated)
	transfer := "/stock-transfers/" + tr.ID
	t.Run("a transfer not shipped is not received (§3.10-transfer)", func(t *testing.T) {
		p := orderRefused(t, env, transfer+"/receipt", east, map[string]any{}, http.StatusConflict, "rejected-by-rule")
		if p.Rule != "§3.10-transfer" {
			t.Errorf("rule = %q", p.Rule)
		}
	})
	t.Run("the requesting branch does not approve its own request", func(t *testing.T) {
		orderRefused(t, env, transfer+"/approval", east, map[string]any{}, http.StatusForbidden, "forbidden")
	})
	stockPost(t, env, transfer+"/approval", west, map[string]any{}, http.StatusOK)
	shipped := stockPost(t, env, transfer+"/shipment", west, map[string]any{}, http.StatusOK) // exactly what west holds
	t.Run("in transit: out of the sender's book, not yet in the receiver's", func(t *testing.T) {
		moving := stockRows[queries.StockTransferView](t, env, east, "/stock-transfers?status=IN_TRANSIT", shipped.Position)
		if len(moving) != 1 || moving[0].TransferID != tr.ID || moving[0].Quantity != 10 {
			t.Errorf("in transit = %+v", moving)
		}
		if rows := stockRows[queries.StockView](t, env, east, "/stock?branch_id=br-west", shipped.Position); len(rows) != 1 || rows[0].OnHand != 0 {
			t.Errorf("west's stock = %+v, want 0 on hand", rows)
		}
	})
	received := stockPost(t, env, transfer+"/receipt", east, map[string]any{}, http.StatusOK)
	if rows := stockRows[queries.StockView](t, env, rep, "/stock?branch_id=br-east", received.Position); len(rows) != 1 || rows[0].OnHand != 10 || rows[0].Available != 10 {
		t.Errorf("east's stock = %+v, want 10 on hand", rows)
	}

	t.Run("one more than the sender holds does not ship (§3.10-never-negative)", func(t *testing.T) {
		more := stockPost(t, env, "/stock-transfers", east, stockPump(1, map[string]any{"from_branch_id": "br-west"}), http.StatusCreated)
		stockPost(t, env, "/stock-transfers/"+more.ID+"/approval", west, map[string]any{}, http.StatusOK)
		p := orderRefused(t, env, "/stock-transfers/"+more.ID+"/shipment", west, map[string]any{}, http.StatusConflict, "rejected-by-rule")
		if p.Rule != "§3.10-never-negative" {
			t.Errorf("rule = %q", p.Rule)
		}
	})

	rp := stockPost(t, env, "/replenishment-requests", east, stockPump(5, map[string]any{"reason": "trade fair next week"}), http.StatusCreated)
	if open := stockRows[queries.ReplenishmentView](t, env, east, "/replenishment-requests?open=true", rp.Position); len(open) != 1 || open[0].RequestID != rp.ID {
		t.Errorf("open requests = %+v, want %s", open, rp.ID)
	}
	delivered := stockPost(t, env, "/branches/br-east/stock-receipts", east, stockPump(5, map[string]any{"replenishment_id": rp.ID, "source_ref": "HQ-DN-2"}), http.StatusOK)
	if open := stockRows[queries.ReplenishmentView](t, env, east, "/replenishment-requests?open=true", delivered.Position); len(open) != 0 {
		t.Errorf("open requests after the delivery = %+v, want none", open)
	}

	form := stockPost(t, env, "/materials-requests", rep, map[string]any{"purpose": "demo unit",
		"lines": []map[string]any{stockPump(15, map[string]any{"unit_cost": "1000.00"})}}, http.StatusCreated)
	materials := "/materials-requests/" + form.ID
	t.Run("valuable items are not issued before the branch manager signs (§3.10-materials)", func(t *testing.T) {
		p := orderRefused(t, env, materials+"/issue", clerk, map[string]any{}, http.StatusConflict, "rejected-by-rule")
		if p.Rule != "§3.10-materials" {
			t.Errorf("rule = %q", p.Rule)
		}
		orderRefused(t, env, materials+"/signature", rep, map[string]any{}, http.StatusForbidden, "forbidden")
	})
	stockPost(t, env, materials+"/signature", managerEast, map[string]any{}, http.StatusOK)
	issued := stockPost(t, env, materials+"/issue", clerk, map[string]any{}, http.StatusOK) // exactly the 15 east holds
	if rows := stockRows[queries.StockView](t, env, east, "/stock?branch_id=br-east", issued.Position); len(rows) != 1 || rows[0].OnHand != 0 {
		t.Errorf("east's stock after the issue = %+v, want 0", rows)
	}
	t.Run("roles with no need do not read stock", func(t *testing.T) {
		orderCall(t, env, http.MethodGet, "/stock", hr, nil, http.StatusForbidden)
	})
}

// TestStock_OrderShipmentNeedsStock: the warehouse keeper schedules an
// order's shipment only from stock their branch holds (§3.10-shipment):
// one pump short is refused, exactly the order's two pumps are reserved.
func TestStock_OrderShipmentNeedsStock(t *testing.T) {
	env := apptest.New(t, nil)
	team := orderTeamOf(t, env)
	_, contractID, _ := orderSignedContract(t, env, team, 1, "100000.00", "65000.00")
	o := "/orders/" + orderCreated(t, env, team, contractID)
	orderCommand(t, env, o+"/shipment-request", team.rep, map[string]any{})
	schedule := map[string]any{"ship_on": "2030-01-02T09:00:00Z", "reply_to_rep": "ships Tuesday"}
	orderCommand(t, env, "/branches/ou-warehouse/stock-receipts", team.warehouse, stockPump(1, nil))
	t.Run("one pump short of the order is refused (§3.10-never-negative)", func(t *testing.T) {
		p := orderRefused(t, env, o+"/shipment-schedule", team.warehouse, schedule, http.StatusConflict, "rejected-by-rule")
		if p.Rule != "§3.10-never-negative" {
			t.Errorf("rule = %q", p.Rule)
		}
	})
	orderCommand(t, env, "/branches/ou-warehouse/stock-receipts", team.warehouse, stockPump(1, nil))
	scheduled := orderCommand(t, env, o+"/shipment-schedule", team.warehouse, schedule)
	rows := stockRows[queries.StockView](t, env, team.warehouse, "/stock?branch_id=ou-warehouse", scheduled.Position)
	if len(rows) != 1 || rows[0].OnHand != 2 || rows[0].Reserved != 2 || rows[0].Available != 0 {
		t.Errorf("the warehouse's stock = %+v, want both pumps reserved", rows)
	}
}
