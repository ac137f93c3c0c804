package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// Given a sales rep, when a customer is registered with a 4,000-character
// name, a 2,001-character reason, a control character in the name or an
// over-long id in the path, then the API answers 422 naming the field and
// nothing is recorded; at the limits the registration goes through
// (§2.5-text).
func TestCommandText_fourThousandCharacterName(t *testing.T) {
	env := apptest.New(t, nil)
	rep := env.Token(t, "rep-1", "ou-sales", domain.RoleSalesRep)
	register := func(name, reason string) map[string]any {
		return map[string]any{"number": "NJ-0001", "name": name, "address": "1 Xinjiekou, Nanjing", "primary_contact": "Mr Wang",
			"phone": "025-1234567", "source": "ON_SITE", "reason": reason}
	}
	for _, tc := range []struct {
		name, path string
		body       map[string]any
		field      string
	}{
		{"a 4,000-character name", "/customers", register(strings.Repeat("n", 4000), "new"), "name"},
		{"a 201-character name", "/customers", register(strings.Repeat("客", 201), "new"), "name"},
		{"a 2,001-character reason", "/customers", register("Jinling Valves", strings.Repeat("r", 2001)), "reason"},
		{"a line break in a name", "/customers", register("Jinling\nValves", "new"), "name"},
		{"a 201-character id in the path", "/customers/" + strings.Repeat("c", 201) + "/contact-log", map[string]any{"contact_id": "primary"}, "id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := orderRefused(t, env, tc.path, rep, tc.body, http.StatusUnprocessableEntity, "invalid-field")
			if len(p.Errors) != 1 || p.Errors[0].Field != tc.field {
				t.Errorf("problem errors = %+v, want the field %s", p.Errors, tc.field)
			}
		})
	}
	t.Run("at the limits the registration goes through", func(t *testing.T) {
		orderCommand(t, env, "/customers", rep, register(strings.Repeat("客", 200), strings.Repeat("r", 1999)+"\n"))
	})
}
