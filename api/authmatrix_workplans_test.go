package api_test

import (
	"strings"
	"testing"
)

// workPlanWorlds: a rep on probation of unitOne submitted next month's
// plan (WP1).
func workPlanWorlds() map[string]worldBuilder {
	return map[string]worldBuilder{
		"workplan": then("employee.probation", func(t *testing.T, mx *matrix, w *world) {
			c := mx.step(t, fxActor{w.id, unitOne, "SALES_REP"}, w.prefix()+"/work-plans",
				w.body(t, `{"period": "MONTHLY", "period_start": "$nextmonth", "content": "visit ten customers"}`))
			w.at("/work-plans", strings.TrimPrefix(c.Stream, "workplan-"))
		}),
	}
}
