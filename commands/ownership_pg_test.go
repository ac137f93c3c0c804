package commands_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// pgOwnershipWorld is a handler on the real PostgreSQL store, upgraded.
type pgOwnershipWorld struct {
	t     *testing.T
	store *postgres.Store
	h     *commands.Handler
	codec *eventstore.Codec
}

func newPGOwnershipWorld(t *testing.T) *pgOwnershipWorld {
	store := pgtest.Store(t)
	w := &pgOwnershipWorld{t: t, store: store, h: commands.New(store, commands.Codec(), time.Now), codec: commands.Codec()}
	if err := w.h.UpgradeCustomerOwnership(context.Background()); err != nil {
		t.Fatalf("UpgradeCustomerOwnership() error = %v", err)
	}
	return w
}

// seed appends events to stream directly.
func (w *pgOwnershipWorld) seed(stream string, events ...domain.Event) {
	w.t.Helper()
	data := make([]eventstore.EventData, len(events))
	for i, e := range events {
		d, err := w.codec.Encode(fmt.Sprintf("%s-seed-%d", stream, i), e, eventstore.Metadata{ActorID: "seed"})
		if err != nil {
			w.t.Fatalf("Encode(%T) error = %v", e, err)
		}
		data[i] = d
	}
	if _, err := w.store.Append(context.Background(), stream, eventstore.NoStream, data...); err != nil {
		w.t.Fatalf("Append(%s) error = %v", stream, err)
	}
}

// regularEmployee seeds employee id at work in org unit "sales"; leaving
// adds a resignation with files archived and pay settled, so only the
// completion is left, and the portfolio the resignation froze.
func (w *pgOwnershipWorld) regularEmployee(id string, leaving bool) {
	events := []domain.Event{
		employee.QualificationChecked{EmployeeID: id, CandidateName: "Li Lei", Passed: true},
		employee.Hired{EmployeeID: id, Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "sales", ProbationMonths: 3},
		employee.DocumentsFiled{EmployeeID: id, Documents: []string{"ID"}},
		employee.PreJobTrainingCompleted{EmployeeID: id, Passed: true},
		employee.StartedWork{EmployeeID: id},
		employee.ConfirmedRegular{EmployeeID: id},
	}
	if leaving {
		events = append(events,
			employee.DepartureInitiated{EmployeeID: id, Type: employee.DepartureResign, Reason: "moving"},
			employee.FilesArchived{EmployeeID: id, Items: []string{"files"}},
			employee.FinalPaySettled{EmployeeID: id, Amount: domain.Yuan(1)})
		w.seed(employee.PortfolioStream(id), employee.PortfolioFrozen{EmployeeID: id, Reason: "departure initiated (RESIGN)"})
	}
	w.seed(employee.Stream(id), events...)
}

func (w *pgOwnershipWorld) register(m commands.Meta, customerID, number string) (commands.Result, error) {
	return w.h.Customers.RegisterTargetCustomer(context.Background(), m, commands.RegisterTargetCustomer{
		CustomerID: customerID, Number: number, Name: "Jinling Valves", Address: "1 Xinjiekou", PrimaryContact: "Mr Wang",
		Phone: "025-1234567", Source: customer.SourceOnSite, OrgUnitID: "sales", Region: "east",
	})
}

func (w *pgOwnershipWorld) streamLen(stream string) int {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		w.t.Fatalf("ReadStream(%s) error = %v", stream, err)
	}
	return len(recs)
}

func repMeta(id, key string) commands.Meta {
	return commands.Meta{Actor: domain.Actor{EmployeeID: id, Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "sales"}, Reason: "new customer", IdempotencyKey: key}
}

// Given a database whose connection dies in the middle of a registration's
// append (a trigger makes the backend terminate itself while it inserts
// the customer's registration, after the number's claim and the owner's
// portfolio record were inserted), when the registration fails, then no
// stream holds anything of it (no orphan claim, nothing in the portfolio,
// nothing on the rep's own stream), and a retry under another idempotency
// key succeeds instead of finding the number taken.
func TestRegisterTargetCustomer_databaseKilledMidAppendOnPostgres(t *testing.T) {
	w := newPGOwnershipWorld(t)
	ctx := context.Background()
	w.regularEmployee("e-1", false)
	schema := pgxIdent(w.store.Schema())
	_, err := w.store.Pool().Exec(ctx, `
		CREATE SEQUENCE `+schema+`.kill_once;
		CREATE FUNCTION `+schema+`.kill_registration() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF nextval('`+schema+`.kill_once') = 1 THEN
				PERFORM pg_terminate_backend(pg_backend_pid());
				PERFORM pg_sleep(5); -- the termination lands here, mid-INSERT
			END IF;
			RETURN NEW;
		END $$;
		CREATE TRIGGER kill_registration BEFORE INSERT ON `+schema+`.events
			FOR EACH ROW WHEN (NEW.type = 'customer.registered') EXECUTE FUNCTION `+schema+`.kill_registration();`)
	if err != nil {
		t.Fatalf("install the killing trigger: %v", err)
	}

	_, err = w.register(repMeta("e-1", "first-try"), "c-1", "NJ-0001")

	if err == nil {
		t.Fatal("RegisterTargetCustomer() succeeded through a killed connection")
	}
	if !errors.Is(err, domain.ErrUnavailable) {
		t.Errorf("RegisterTargetCustomer() error = %v, want one wrapping domain.ErrUnavailable", err)
	}
	for stream, want := range map[string]int{customer.NumberStream("NJ-0001"): 0, customer.Stream("c-1"): 0, employee.PortfolioStream("e-1"): 0, employee.Stream("e-1"): 6} {
		if got := w.streamLen(stream); got != want {
			t.Errorf("after the killed registration %s holds %d events, want %d", stream, got, want)
		}
	}

	res, err := w.register(repMeta("e-1", "second-try"), "c-1b", "NJ-0001")

	if err != nil {
		t.Fatalf("retry without the first key: RegisterTargetCustomer() error = %v, want success", err)
	}
	if res.Stream != customer.Stream("c-1b") || res.Version != 1 {
		t.Errorf("retry result = %+v, want c-1b at version 1", res)
	}
	if got := w.streamLen(customer.NumberStream("NJ-0001")); got != 1 {
		t.Errorf("number stream holds %d events after the retry, want 1 (the retry's claim)", got)
	}
}

// Given a customer owned by e-0 and an employee X whose departure waits
// only for its completion (or, every other round, an employee at work
// whose departure is initiated and completed meanwhile), when the
// reassignment of the customer to X and X's departure race, 200 times on
// the real PostgreSQL, then never do both succeed, and X never departs
// owning the customer (E-departure, E-reassign-leaving).
func TestReassignVersusDeparture_raceOnPostgres(t *testing.T) {
	w := newPGOwnershipWorld(t)
	ctx := context.Background()
	w.regularEmployee("e-0", false)
	head := commands.Meta{Actor: domain.Actor{EmployeeID: "dh-1", Roles: []domain.Role{domain.RoleDeptHead}, OrgUnitID: "sales"}, Reason: "handover"}
	hr := commands.Meta{Actor: domain.Actor{EmployeeID: "hr-1", Roles: []domain.Role{domain.RoleHR}}, Reason: "leaves"}
	const rounds = 200
	for i := range rounds {
		x, c := fmt.Sprintf("x-%d", i), fmt.Sprintf("c-%d", i)
		ready := i%2 == 0
		w.regularEmployee(x, ready)
		if _, err := w.register(repMeta("e-0", ""), c, fmt.Sprintf("RACE-%d", i)); err != nil {
			t.Fatalf("round %d: RegisterTargetCustomer() error = %v", i, err)
		}
		var reassignErr, departErr error
		var wg sync.WaitGroup
		wg.Go(func() {
			_, reassignErr = w.h.Customers.ReassignCustomer(ctx, head, commands.ReassignCustomer{CustomerID: c, ToRepID: x})
		})
		wg.Go(func() { departErr = departNow(ctx, w.h, hr, x, ready) })
		wg.Wait()

		if reassignErr == nil && departErr == nil {
			t.Fatalf("round %d: the reassignment to %s and its departure both succeeded", i, x)
		}
		for _, err := range []error{reassignErr, departErr} {
			if err != nil && !errors.Is(err, employee.ErrOwnerLeaving) && !errors.Is(err, employee.ErrCustomersOwned) {
				t.Fatalf("round %d: unexpected error %v", i, err)
			}
		}
		file, _, err := commandsLoadCustomer(ctx, w, c)
		if err != nil {
			t.Fatal(err)
		}
		departed := departErr == nil
		if departed && file.OwnerRepID == x {
			t.Fatalf("round %d: %s departed owning %s", i, x, c)
		}
	}
}

// departNow completes x's departure, first initiating it and resolving
// its files and pay unless ready.
func departNow(ctx context.Context, h *commands.Handler, hr commands.Meta, x string, ready bool) error {
	if !ready {
		steps := []func() (commands.Result, error){
			func() (commands.Result, error) {
				return h.Employees.InitiateDeparture(ctx, hr, commands.InitiateDeparture{EmployeeID: x, Type: employee.DepartureDismiss, Reason: "restructuring"})
			},
			func() (commands.Result, error) {
				admin := commands.Meta{Actor: domain.Actor{EmployeeID: "adm-1", Roles: []domain.Role{domain.RoleAdminOffice}}, Reason: "archive"}
				return h.Employees.ArchiveEmployeeFiles(ctx, admin, commands.ArchiveEmployeeFiles{EmployeeID: x, Items: []string{"files"}})
			},
			func() (commands.Result, error) {
				return h.Employees.SettleFinalPay(ctx, hr, commands.SettleFinalPay{EmployeeID: x, Amount: domain.Yuan(1)})
			},
		}
		for _, step := range steps {
			if _, err := step(); err != nil {
				return err
			}
		}
	}
	_, err := h.Employees.CompleteDeparture(ctx, hr, commands.CompleteDeparture{EmployeeID: x})
	return err
}

// commandsLoadCustomer folds customer c from the store.
func commandsLoadCustomer(ctx context.Context, w *pgOwnershipWorld, c string) (customer.Customer, bool, error) {
	recs, err := w.store.ReadStream(ctx, customer.Stream(c), eventstore.ReadStreamOptions{})
	if err != nil {
		return customer.Customer{}, false, err
	}
	var s customer.Customer
	for _, r := range recs {
		e, err := w.codec.DecodeRecorded(r)
		if err != nil {
			return s, false, err
		}
		s = s.Evolve(e)
	}
	return s, len(recs) > 0, nil
}

func pgxIdent(s string) string { return `"` + s + `"` }

// Given employee X at work, when X registers a customer of their own and
// X's departure is started (a dismissal), racing, 200 times on the real
// PostgreSQL, then the departure always starts, and the registration
// either lands before it in X's portfolio or is refused with
// employee.ErrOwnerLeaving leaving nothing behind: never is a customer
// registered to X after X is leaving (E-reassign-leaving).
func TestRegisterVersusDepartureStart_raceOnPostgres(t *testing.T) {
	w := newPGOwnershipWorld(t)
	ctx := context.Background()
	hr := commands.Meta{Actor: domain.Actor{EmployeeID: "hr-1", Roles: []domain.Role{domain.RoleHR}}, Reason: "leaves"}
	const rounds = 200
	refused := 0
	for i := range rounds {
		x, c, number := fmt.Sprintf("x-%d", i), fmt.Sprintf("c-%d", i), fmt.Sprintf("START-%d", i)
		w.regularEmployee(x, false)
		var registerErr, departErr error
		var wg sync.WaitGroup
		wg.Go(func() { _, registerErr = w.register(repMeta(x, ""), c, number) })
		wg.Go(func() {
			_, departErr = w.h.Employees.InitiateDeparture(ctx, hr, commands.InitiateDeparture{EmployeeID: x, Type: employee.DepartureDismiss, Reason: "restructuring"})
		})
		wg.Wait()

		if departErr != nil {
			t.Fatalf("round %d: InitiateDeparture() error = %v", i, departErr)
		}
		if registerErr != nil && !errors.Is(registerErr, employee.ErrOwnerLeaving) {
			t.Fatalf("round %d: RegisterTargetCustomer() error = %v, want success or employee.ErrOwnerLeaving", i, registerErr)
		}
		types := w.streamTypes(employee.PortfolioStream(x))
		want := []string{"employee.portfolio_frozen"}
		if registerErr == nil {
			want = []string{"employee.customer_assigned", "employee.portfolio_frozen"}
		} else {
			refused++
			for _, s := range []string{customer.Stream(c), customer.NumberStream(number)} {
				if n := w.streamLen(s); n != 0 {
					t.Fatalf("round %d: the refused registration left %d events on %s", i, n, s)
				}
			}
		}
		if fmt.Sprint(types) != fmt.Sprint(want) {
			t.Fatalf("round %d: %s's portfolio = %v, want %v (registration error %v)", i, x, types, want, registerErr)
		}
	}
	t.Logf("%d of %d registrations lost the race and were refused", refused, rounds)
}

func (w *pgOwnershipWorld) streamTypes(stream string) []string {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		w.t.Fatalf("ReadStream(%s) error = %v", stream, err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, r.Type)
	}
	return out
}
