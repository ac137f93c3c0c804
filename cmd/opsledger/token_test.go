package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// TestToken_Roster: given a ledger with a hired and a departed employee,
// token signs for the hired one and refuses the departed one and anyone
// never hired, as the server would refuse their tokens; without a
// reachable database it warns and signs.
func TestToken_Roster(t *testing.T) {
	env := apptest.New(t, nil)
	env.Token(t, "emp-hired", "HQ", domain.RoleGM)
	env.Token(t, "emp-gone", "HQ", domain.RoleGM)
	departed, err := env.App.Codec.Encode("departed-emp-gone", employee.Departed{EmployeeID: "emp-gone", Type: "RESIGNATION", DepartedAt: time.Now()},
		eventstore.Metadata{ActorID: "hr-1", ActorRole: domain.RoleHR})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Store.Append(context.Background(), employee.Stream("emp-gone"), eventstore.Any, departed); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(envOf("OPS_JWT_SECRET", strings.Repeat("s", 40)))
	if err != nil {
		t.Fatal(err)
	}
	cfg.app.PostgresURL, cfg.app.EventSchema = env.App.Config.PostgresURL, env.App.Config.EventSchema
	for _, tt := range []struct {
		name, employee, want string // want "": a token
	}{
		{"a hired employee gets a token", "emp-hired", ""},
		{"an employee never hired is refused", "emp-nobody", `"emp-nobody" was never hired`},
		{"a departed employee is refused", "emp-gone", `"emp-gone" has departed`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, log bytes.Buffer
			cfg.log = slog.New(slog.NewJSONHandler(&log, nil))
			err := token(context.Background(), cfg, tokenOptions{employee: tt.employee, roles: "GM", ttl: time.Hour}, &out)
			if tt.want == "" {
				if err != nil || out.Len() == 0 || log.Len() != 0 {
					t.Errorf("token: error %v, output %q, log %s; want a token and no warning", err, out.String(), log.String())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || out.Len() != 0 {
				t.Errorf("token: error %v, output %q; want refused saying %q", err, out.String(), tt.want)
			}
		})
	}
	t.Run("an unreachable database is warned about and the token signed", func(t *testing.T) {
		unreachable, err := loadConfig(envOf("OPS_JWT_SECRET", strings.Repeat("s", 40)))
		if err != nil {
			t.Fatal(err)
		}
		var out, log bytes.Buffer
		unreachable.log = slog.New(slog.NewJSONHandler(&log, nil))
		if err := token(context.Background(), unreachable, tokenOptions{employee: "emp-nobody", roles: "GM", ttl: time.Hour}, &out); err != nil || out.Len() == 0 {
			t.Fatalf("token: error %v, output %q; want a token", err, out.String())
		}
		if !strings.Contains(log.String(), `"level":"WARN"`) || !strings.Contains(log.String(), "could not check") {
			t.Errorf("log = %s, want a warning that the employee could not be checked", log.String())
		}
	})
}
