package api_test

import (
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/domain"
)

// TestAuthMatrix checks every command route the server registers against
// the issuer table (testdata/issuers.tsv, transcribed from the spec): for
// every role, standing as the owner (or the employee themself) of the
// aggregate, as a colleague of its unit and as someone of another unit,
// the request is refused with 403 exactly where the table forbids it.
// Each route runs in a world where its command is legal; the first allowed
// actor must succeed, proving the world, and the refused actors are asked
// again after the command ran, so a refusal never depends on the state
// the aggregate is in.
func TestAuthMatrix(t *testing.T) {
	rows := loadIssuers(t)
	mx := newMatrix(t)
	served := map[string]bool{}
	for _, rt := range mx.env.Routes() {
		if rt.Method != http.MethodPost {
			continue
		}
		k := rt.Method + " " + rt.Pattern
		served[k] = true
		row, ok := rows[k]
		if !ok {
			t.Errorf("%s has no row in %s: add who may issue it, per the spec", k, issuersFile)
			continue
		}
		t.Run(rt.Pattern, func(t *testing.T) { mx.checkRoute(t, row) })
	}
	for k, r := range rows {
		if !served[k] {
			t.Errorf("%s:%d: %s is not a route the server registers", issuersFile, r.Line, k)
		}
	}
}

// unreachableWorlds are worlds the in-memory API cannot make the command
// legal in: its read side holds no dead letters to retry or skip.
var unreachableWorlds = map[string]bool{"deadletter": true}

// matrixTry is one actor's request.
type matrixTry struct {
	role    domain.Role
	cell    matrixCell
	allowed bool
}

func (mx *matrix) checkRoute(t *testing.T, row issuerRow) {
	template, ok := matrixBodies[row.Pattern]
	if !ok {
		t.Fatalf("no matrix body for %s", row.Pattern)
	}
	w := mx.build(t, row.Fixture)
	path, body := w.path(row.Pattern), w.body(t, template)
	var refused, allowed []matrixTry
	for _, role := range domain.AllRoles() {
		for _, cell := range matrixCells {
			try := matrixTry{role: role, cell: cell, allowed: row.allows(role, cell)}
			if try.allowed {
				allowed = append(allowed, try)
			} else {
				refused = append(refused, try)
			}
		}
	}
	for _, try := range refused {
		mx.expectRefused(t, row, w, path, body, try, "")
	}
	for i, try := range allowed {
		resp := mx.send(t, path, mx.cellToken(t, row, w, try), body)
		switch {
		case resp.Status == http.StatusForbidden:
			t.Errorf("%s as %s (%s): 403, but %s allows it: %s", row.Command, try.role, try.cell, row.Spec, resp.Body)
		case resp.Status >= 500:
			t.Errorf("%s as %s (%s): %d %s", row.Command, try.role, try.cell, resp.Status, resp.Body)
		case i == 0 && resp.Status/100 != 2 && !unreachableWorlds[row.Fixture]:
			t.Errorf("%s as %s (%s) in world %s: %d %s; the world must make the command legal",
				row.Command, try.role, try.cell, row.Fixture, resp.Status, resp.Body)
		}
	}
	if len(allowed) == 0 {
		return
	}
	for _, try := range refused {
		if _, scoped := row.Issuers[try.role]; scoped {
			mx.expectRefused(t, row, w, path, body, try, " after the command ran")
		}
	}
}

func (mx *matrix) expectRefused(t *testing.T, row issuerRow, w world, path string, body any, try matrixTry, when string) {
	t.Helper()
	resp := mx.send(t, path, mx.cellToken(t, row, w, try), body)
	if resp.Status != http.StatusForbidden {
		t.Errorf("%s as %s (%s)%s: %d, want 403 (%s): %.300s", row.Command, try.role, try.cell, when, resp.Status, row.Spec, resp.Body)
	}
}

// cellToken is the token of the actor standing in try's cell: the owner
// (or the employee themself) on a route some role issues only for
// themself, otherwise a person of the aggregate's unit; a colleague of
// that unit; or a person of another unit.
func (mx *matrix) cellToken(t *testing.T, row issuerRow, w world, try matrixTry) string {
	id, unit := "own-"+string(try.role), unitOne
	switch try.cell {
	case cellOwn:
		if row.personal() {
			id = w.owner
		}
	case cellPeer:
		id = "peer-" + string(try.role)
	case cellOther:
		id, unit = "other-"+string(try.role), unitTwo
	}
	return mx.token(t, id, unit, try.role)
}
