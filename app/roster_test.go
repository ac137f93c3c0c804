package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/readmodels/employees"
)

// recordDeparture appends the event that completes employeeID's
// departure, as the command layer does at the end of the departure flow,
// and returns its position.
func recordDeparture(t *testing.T, a *app.App, employeeID string) eventstore.Position {
	t.Helper()
	data, err := a.Codec.Encode("departed-"+employeeID, employee.Departed{EmployeeID: employeeID, Type: "RESIGNATION", DepartedAt: time.Now()},
		eventstore.Metadata{ActorID: "hr-1", ActorRole: domain.RoleHR})
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Store.Append(context.Background(), employee.Stream(employeeID), eventstore.Any, data)
	if err != nil {
		t.Fatal(err)
	}
	return res.Position
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

// TestRoster_UnknownSubjectRefused: a well-signed token whose subject was
// never hired is answered 401 with a problem naming why.
func TestRoster_UnknownSubjectRefused(t *testing.T) {
	env := apptest.New(t, nil)
	ghost := env.IssueOnly(t, domain.Actor{EmployeeID: "emp-never-hired", Roles: []domain.Role{domain.RoleGM}, OrgUnitID: "HQ"})
	r := env.Do(t, http.MethodGet, "/customers", ghost, nil)
	var p struct{ Type, Detail string }
	r.JSON(t, &p)
	if r.Status != http.StatusUnauthorized || !strings.HasSuffix(p.Type, "/unauthenticated") ||
		!strings.Contains(p.Detail, `"emp-never-hired" was never hired`) {
		t.Errorf("a never-hired subject: status %d, problem %+v; want 401 saying the subject was never hired", r.Status, p)
	}
	t.Run("an applicant who was only checked is not hired", func(t *testing.T) {
		hr := env.Token(t, "hr-1", "HR", domain.RoleHR)
		env.Do(t, http.MethodPost, "/employees/emp-applicant/qualification-checks", hr,
			map[string]any{"candidate_name": "Li Lei", "passed": true})
		tok := env.IssueOnly(t, domain.Actor{EmployeeID: "emp-applicant", Roles: []domain.Role{domain.RoleClerk}})
		if r := env.Do(t, http.MethodGet, "/customers", tok, nil); r.Status != http.StatusUnauthorized {
			t.Errorf("an applicant's token: status %d, want 401", r.Status)
		}
	})
}

// TestRoster_NewHireAcceptedImmediately: the first request of an employee
// sent right after the hire command answered is accepted, whether or not
// the roster's feed has delivered the hire yet.
func TestRoster_NewHireAcceptedImmediately(t *testing.T) {
	env := apptest.New(t, nil)
	hr := env.Token(t, "hr-1", "HR", domain.RoleHR)
	for i := range 5 {
		id := fmt.Sprintf("emp-fresh-%d", i)
		if r := env.Do(t, http.MethodPost, "/employees/"+id+"/qualification-checks", hr,
			map[string]any{"candidate_name": "Wang Fang", "passed": true}); r.Status != http.StatusOK {
			t.Fatalf("qualification check: status %d, body %s", r.Status, r.Body)
		}
		if r := env.Do(t, http.MethodPost, "/employees/"+id+"/hiring", hr,
			map[string]any{"name": "Wang Fang", "role": "SALES_REP", "org_unit_id": "SALES"}); r.Status != http.StatusOK {
			t.Fatalf("hiring: status %d, body %s", r.Status, r.Body)
		}
		tok := env.IssueOnly(t, domain.Actor{EmployeeID: id, Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "SALES"})
		if r := env.Do(t, http.MethodGet, "/customers", tok, nil); r.Status != http.StatusOK {
			t.Errorf("%s's first request right after the hire: status %d, body %s", id, r.Status, r.Body)
		}
	}
}

// TestRoster_RestartReadsFromTheCheckpoint: a restarted server fills its
// roster from the employees read model and the log after its checkpoint,
// not from the whole log.
func TestRoster_RestartReadsFromTheCheckpoint(t *testing.T) {
	env := apptest.New(t, nil)
	stayer := env.Token(t, "emp-stays", "HQ", domain.RoleGM)
	leaver := env.Token(t, "emp-leaves", "HQ", domain.RoleGM)
	head := recordDeparture(t, env.App, "emp-leaves") // the last event
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := env.App.Config
	if err := projections.WaitFor(ctx, env.App.Pool, env.App.Store, cfg.ReadNamespace, head, 10*time.Second, employees.New()); err != nil {
		t.Fatalf("employees read model: %v", err)
	}
	// A row only the read model holds: found after the restart only if the
	// roster is read from the read model.
	if _, err := env.App.Pool.Exec(ctx, `INSERT INTO `+pgx.Identifier{string(cfg.ReadNamespace), "employees"}.Sanitize()+
		` (employee_id, status, version, updated_at) VALUES ('emp-only-in-read-model', 'REGULAR', 1, now())`); err != nil {
		t.Fatal(err)
	}

	again, err := app.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	checkpoint, rows, tail := app.RosterLoad(again)
	if checkpoint.Compare(head) < 0 || rows != 3 || tail != 0 {
		t.Errorf("roster load: checkpoint %v, %d rows, %d events after it; want the checkpoint at or past %v, 3 rows, none after",
			checkpoint, rows, tail, head)
	}
	for id, want := range map[string]auth.Standing{"emp-stays": auth.Active, "emp-leaves": auth.Departed, "emp-only-in-read-model": auth.Active} {
		if got := app.RosterStanding(again, id); got != want {
			t.Errorf("after the restart %s stands %v, want %v", id, got, want)
		}
	}
	if _, err := again.JWT.Authenticate(stayer); err != nil {
		t.Errorf("an active employee's token refused after the restart: %v", err)
	}
	if _, err := again.JWT.Authenticate(leaver); err == nil {
		t.Errorf("a departed employee's token accepted after the restart")
	}

	t.Run("a departure the read model skipped is read from the employee's stream", func(t *testing.T) {
		ns := string(cfg.ReadNamespace)
		// As if the departure had been parked and an operator had skipped it.
		if _, err := env.App.Pool.Exec(ctx, `UPDATE `+pgx.Identifier{ns, "employees"}.Sanitize()+
			` SET status = 'REGULAR' WHERE employee_id = 'emp-leaves'`); err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Pool.Exec(ctx, `INSERT INTO `+pgx.Identifier{ns, "projection_dead_letters"}.Sanitize()+`
			(name, generation, event_id, stream, event_type, pos_major, pos_minor, error, attempts, status)
			SELECT name, active_generation, 'departed-emp-leaves', $1, $2, 0, 0, 'test', 1, 'skipped'
			FROM `+pgx.Identifier{ns, "projection_state"}.Sanitize()+` WHERE name = 'employees'`,
			employee.Stream("emp-leaves"), employee.Departed{}.EventType()); err != nil {
			t.Fatal(err)
		}
		b, err := app.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		if got := app.RosterStanding(b, "emp-leaves"); got != auth.Departed {
			t.Errorf("emp-leaves stands %v, want Departed", got)
		}
		if _, _, tail := app.RosterLoad(b); tail != 0 {
			t.Errorf("%d events read after the checkpoint, want none", tail)
		}
	})
	t.Run("a read model with nothing applied yet leaves the whole log to the tail", func(t *testing.T) {
		fresh := cfg
		fresh.ReadNamespace = cfg.ReadNamespace + "_fresh" // under the test's prefix: dropped with it
		b, err := app.Open(ctx, fresh)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		checkpoint, rows, tail := app.RosterLoad(b)
		// emp-stays and emp-leaves hired, emp-leaves departed
		if checkpoint != eventstore.Start || rows != 0 || tail != 3 {
			t.Errorf("roster load: checkpoint %v, %d rows, %d events after it; want the start, no rows, 3 events", checkpoint, rows, tail)
		}
		if app.RosterStanding(b, "emp-stays") != auth.Active || app.RosterStanding(b, "emp-leaves") != auth.Departed {
			t.Errorf("the tail did not fill the roster")
		}
	})
}
