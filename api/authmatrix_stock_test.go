package api_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
)

// The stock worlds (§3.10). A branch is an org unit: unitOne is the
// branch whose staff the matrix's own and peer cells belong to, so a
// transfer's sending (or receiving) branch is unitOne where the route
// acts for that side.

var (
	fxKeeperOne = fxActor{"fx-wh-one", unitOne, domain.RoleWarehouse}
	fxBranchMgr = fxActor{"fx-bm", unitOne, domain.RoleBranchManager}
)

const stockPumpJSON = `"product_name": "pump", "model_spec": "P-7"`

// stockUp books pumps (and the fair's stands) into both branches the
// worlds ship from: unitOne and the logistics keeper's.
func stockUp(t *testing.T, mx *matrix, w *world) {
	for _, k := range []fxActor{fxKeeperOne, fxWarehouse} {
		for _, product := range []string{stockPumpJSON, `"product_name": "display stand", "model_spec": "S-1"`} {
			mx.step(t, k, "/branches/"+k.unit+"/stock-receipts", w.body(t, `{`+product+`, "quantity": 50, "source_ref": "HQ-DN-$n"}`))
		}
	}
}

func stockWorlds() map[string]worldBuilder {
	transfer := func(requester fxActor, from string) worldBuilder {
		return func(t *testing.T, mx *matrix, w *world) {
			stockUp(t, mx, w)
			tr := mx.step(t, requester, "/stock-transfers", w.body(t, `{"from_branch_id": "`+from+`", `+stockPumpJSON+`, "quantity": 1}`))
			w.at("/stock-transfers", tr.ID)
		}
	}
	return map[string]worldBuilder{
		"stock.new":    func(*testing.T, *matrix, *world) {},
		"stock.branch": func(_ *testing.T, _ *matrix, w *world) { w.at("/branches", unitOne) },
		// a transfer unitOne sends to the logistics branch
		"stocktransfer.outbound":          transfer(fxWarehouse, unitOne),
		"stocktransfer.outbound.approved": stepOn("stocktransfer.outbound", fxKeeperOne, "/approval", `{}`),
		// a transfer unitOne receives from the logistics branch
		"stocktransfer.inbound.shipped": then("stocktransfer.inbound", func(t *testing.T, mx *matrix, w *world) {
			mx.step(t, fxWarehouse, w.prefix()+"/approval", w.body(t, `{}`))
			mx.step(t, fxWarehouse, w.prefix()+"/shipment", w.body(t, `{}`))
		}),
		"stocktransfer.inbound": transfer(fxKeeperOne, "ou-logistics"),
		"materials.valuable": func(t *testing.T, mx *matrix, w *world) {
			stockUp(t, mx, w)
			mr := mx.step(t, fxRep, "/materials-requests", w.body(t, `{"purpose": "trade fair",
				"lines": [{"product_name": "display stand", "model_spec": "S-1", "quantity": 1, "unit_cost": "1000.00"}]}`))
			w.at("/materials-requests", mr.ID)
		},
		"materials.signed": stepOn("materials.valuable", fxBranchMgr, "/signature", `{}`),
	}
}
