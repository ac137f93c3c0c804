package api_test

import (
	"testing"
	"time"
)

// expenseDraftJSON is a claim of 85.50 (below the amount that needs
// approval in advance) incurred yesterday in the company's calendar.
const expenseDraftJSON = `{"purpose": "visits to Ningbo Pumps", "items": [
	{"kind": "PHONE", "amount": "15.50", "incurred_on": "$yesterday", "voucher_ref": "TEL-$n"},
	{"kind": "TRANSPORT", "amount": "70.00", "incurred_on": "$yesterday", "voucher_ref": "TAXI-$n"}]}`

// expenseWorlds: fxRep's claim, drafted, submitted, signed by fxHead and
// the GM, approved by finance.
func expenseWorlds() map[string]worldBuilder {
	return map[string]worldBuilder{
		"expense.new": func(_ *testing.T, _ *matrix, w *world) {
			w.vars["yesterday"] = time.Now().In(salesPlanZone).AddDate(0, 0, -1).Format(time.DateOnly)
		},
		"expense.drafted": then("expense.new", func(t *testing.T, mx *matrix, w *world) {
			c := mx.step(t, fxRep, "/expense-claims", w.body(t, expenseDraftJSON))
			w.at("/expense-claims", c.ID)
		}),
		"expense.submitted": stepOn("expense.drafted", fxRep, "/submission", `{}`),
		"expense.signed": then("expense.submitted", func(t *testing.T, mx *matrix, w *world) {
			mx.step(t, fxHead, w.prefix()+"/signatures", w.body(t, `{}`))
			mx.step(t, fxGM, w.prefix()+"/signatures", w.body(t, `{}`))
		}),
		"expense.approved": stepOn("expense.signed", fxFinance, "/finance-approval", `{"comment": "vouchers in order"}`),
	}
}
