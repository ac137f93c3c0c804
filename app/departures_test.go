package app_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// recordDeparture appends the event that completes employeeID's
// departure, as the command layer does at the end of the departure flow.
func recordDeparture(t *testing.T, a *app.App, employeeID string) {
	t.Helper()
	data, err := a.Codec.Encode("departed-"+employeeID, employee.Departed{EmployeeID: employeeID, Type: "RESIGNATION", DepartedAt: time.Now()},
		eventstore.Metadata{ActorID: "hr-1", ActorRole: domain.RoleHR})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store.Append(context.Background(), employee.Stream(employeeID), eventstore.Any, data); err != nil {
		t.Fatal(err)
	}
}

// TestDepartures_TokenRefused: a departed employee's token stops working,
// whether the departure is recorded while the server runs or before it
// starts; the tokens of others keep working.
func TestDepartures_TokenRefused(t *testing.T) {
	env := apptest.New(t, nil)
	leaver := env.Token(t, "emp-leaves", "HQ", domain.RoleGM)
	stayer := env.Token(t, "emp-stays", "HQ", domain.RoleGM)
	if r := env.Do(t, http.MethodGet, "/customers", leaver, nil); r.Status != http.StatusOK {
		t.Fatalf("before departure: status %d, body %s", r.Status, r.Body)
	}
	recordDeparture(t, env.App, "emp-leaves")
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := env.Do(t, http.MethodGet, "/customers", leaver, nil)
		if r.Status == http.StatusUnauthorized {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a departed employee's token: status %d, want 401", r.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if r := env.Do(t, http.MethodGet, "/customers", stayer, nil); r.Status != http.StatusOK {
		t.Errorf("another employee's token: status %d, want 200", r.Status)
	}
	t.Run("a server started after the departure refuses the token at once", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		again, err := app.Open(ctx, env.App.Config)
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		if _, err := again.JWT.Authenticate(leaver); err == nil {
			t.Errorf("a departed employee's token accepted by a restarted server")
		}
		if _, err := again.JWT.Authenticate(stayer); err != nil {
			t.Errorf("another employee's token refused by a restarted server: %v", err)
		}
	})
}
