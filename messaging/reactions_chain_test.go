package messaging_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/pubsub/gochannel"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/messaging"
	"github.com/opsledger/opsledger/projections"
)

// failingStore is the command side's store: while failing is set, its
// appends fail (only those to only, when set), each counted as a try.
type failingStore struct {
	*postgres.Store
	failing atomic.Bool
	only    string
	tries   atomic.Int32
}

var errDiskFull = errors.New("disk full")

func (s *failingStore) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	if s.only != "" && stream != s.only {
		return s.Store.Append(ctx, stream, expected, events...)
	}
	s.tries.Add(1)
	if s.failing.Load() {
		return eventstore.AppendResult{}, errDiskFull
	}
	return s.Store.Append(ctx, stream, expected, events...)
}

// reactionPath is a running reaction path whose poisoned messages are parked in
// PostgreSQL.
type reactionPath struct {
	pubsub *gochannel.GoChannel
	poison *messaging.PoisonStore
	store  *failingStore
	codec  *eventstore.Codec
}

// runParkingReactions runs every reaction over a GoChannel, poisoning to
// a PoisonStore, fed by a checkpointed forwarder of the log.
func runParkingReactions(t *testing.T) *reactionPath {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	store := pgtest.Store(t)
	codec := eventstore.NewCodec(slices.Concat(customer.Events(), complaint.Events(), employee.Events(), contract.Events(), order.Events())...)
	b := &reactionPath{store: &failingStore{Store: store}, codec: codec}
	h := commands.New(b.store, codec, func() time.Time { return t0 })
	pool := store.Pool()
	ns := projections.Namespace(store.Schema() + "_rm")
	if err := projections.Migrate(ctx, pool, ns); err != nil {
		t.Fatal(err)
	}
	var err error
	if b.poison, err = messaging.OpenPoisonStore(ctx, pool, store.Schema()+"_ctl"); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	b.pubsub = gochannel.NewGoChannel(gochannel.Config{BlockPublishUntilSubscriberAck: true}, watermill.NewSlogLogger(log))
	router, err := messaging.NewRouter(h.Reactions, codec, b.pubsub, b.poison, log)
	if err != nil {
		t.Fatal(err)
	}
	var running sync.WaitGroup
	running.Go(func() { _ = router.Run(ctx) })
	<-router.Running()
	running.Go(func() {
		_ = projections.NewRunner(pool, store, ns, &messaging.Forwarder{Publisher: b.pubsub}, projections.Options{}).Run(ctx)
	})
	// Registered last, so it runs first: the forwarder stops before the
	// schemas go. Dropped under a running forwarder, the DROP waits for
	// the forwarder's transaction, which waits for a reaction's ack, which
	// waits for a lock queued behind the DROP: a deadlock PostgreSQL cannot
	// see (a CI run hung on it for 30 minutes).
	t.Cleanup(func() {
		cancel()
		running.Wait()
		dropCtx, stop := context.WithTimeout(context.Background(), 30*time.Second)
		defer stop()
		if _, err := pool.Exec(dropCtx, `DO $$ DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE '`+store.Schema()+`\_%' LOOP EXECUTE 'DROP SCHEMA '||quote_ident(s)||' CASCADE'; END LOOP; END $$`); err != nil {
			t.Errorf("drop the test's schemas: %v", err)
		}
	})
	return b
}

func (b *reactionPath) given(t *testing.T, stream string, events ...domain.Event) {
	t.Helper()
	given(t, b.store.Store, b.codec, stream, events...)
}

// redeliver publishes the stored events of stream of type typ again, as
// an at-least-once bus may; publishing returns once the reaction acked.
func (b *reactionPath) redeliver(t *testing.T, stream, typ string, times int) {
	t.Helper()
	recs, err := b.store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Type != typ {
			continue
		}
		for range times {
			if err := b.pubsub.Publish(messaging.Topic(typ), messaging.ToMessage(r)); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// parked waits up to 10 s for n open parked messages.
func (b *reactionPath) parked(t *testing.T, n int) []messaging.Parked {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := b.poison.List(context.Background(), true)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) >= n || time.Now().After(deadline) {
			if len(got) != n {
				t.Fatalf("parked messages = %+v, want %d", got, n)
			}
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func registeredC2() customer.Registered {
	return customer.Registered{CustomerID: "c-2", Number: "C-2", Name: "杭州阀门", Address: "杭州", PrimaryContact: "李经理",
		Phone: "0571-1", Source: customer.SourceReferral, OwnerRepID: "emp-1", OrgUnitID: "EAST-SALES", RegisteredAt: t0}
}

func TestReaction_ComplaintRoutedAtReceipt_once(t *testing.T) {
	b := runParkingReactions(t)
	// Given a complaint received without a department
	b.given(t, customer.Stream("c-2"), registeredC2())
	b.given(t, complaint.Stream("cp-1"), complaint.Received{ComplaintID: "cp-1", CustomerID: "c-2", Channel: complaint.ChannelPhone,
		Content: "泵漏水", Contact: "李经理", ReceivedBy: "cs-1", ReceivedAt: t0})
	// When it is forwarded, then delivered twice more
	waitForEvents(t, b.store.Store, complaint.Stream("cp-1"), 2)
	b.redeliver(t, complaint.Stream("cp-1"), "complaint.received", 2)
	// Then it was routed once, to the customer's department, by the system
	history, _ := b.store.ReadStream(context.Background(), complaint.Stream("cp-1"), eventstore.ReadStreamOptions{})
	if len(history) != 2 || history[1].Type != "complaint.routed" || history[1].Metadata.ActorRole != domain.RoleSystem ||
		history[1].Metadata.CausationID != history[0].ID {
		t.Fatalf("complaint stream = %d events, last %s %+v; want one routing by the system caused by the receipt", len(history), history[len(history)-1].Type, history[len(history)-1].Metadata)
	}
	b.parked(t, 0)
}

func TestReaction_DepartureHandsCustomersOver_once(t *testing.T) {
	b := runParkingReactions(t)
	// Given a rep owning two customers whose departure starts
	b.given(t, employee.PortfolioStream("emp-7"), employee.CustomerAssigned{EmployeeID: "emp-7", CustomerID: "c-1"},
		employee.CustomerAssigned{EmployeeID: "emp-7", CustomerID: "c-2"}, employee.PortfolioFrozen{EmployeeID: "emp-7", Reason: "resigned", FrozenAt: t0})
	b.given(t, employee.Stream("emp-7"), employee.Hired{EmployeeID: "emp-7", Name: "王磊", Role: domain.RoleSalesRep, OrgUnitID: "EAST-SALES", HiredAt: t0},
		employee.DepartureInitiated{EmployeeID: "emp-7", Type: employee.DepartureResign, Reason: "moving", InitiatedAt: t0})
	// When it is forwarded, then delivered twice more
	waitForEvents(t, b.store.Store, employee.PortfolioStream("emp-7"), 4)
	b.redeliver(t, employee.Stream("emp-7"), "employee.departure_initiated", 2)
	// Then one list of handover tasks names both customers
	history, _ := b.store.ReadStream(context.Background(), employee.PortfolioStream("emp-7"), eventstore.ReadStreamOptions{})
	if len(history) != 4 || history[3].Type != "employee.handover_tasks_opened" {
		t.Fatalf("portfolio has %d events, want the handover tasks once", len(history))
	}
	b.parked(t, 0)
}

func TestReaction_failingOneIsRetriedThenParkedInPostgres_andRetriedByAnOperator(t *testing.T) {
	b := runParkingReactions(t)
	b.store.failing.Store(true)
	// Given a complaint whose routing cannot be recorded (the store fails)
	b.given(t, customer.Stream("c-2"), registeredC2())
	b.given(t, complaint.Stream("cp-1"), complaint.Received{ComplaintID: "cp-1", CustomerID: "c-2", Channel: complaint.ChannelPhone,
		Content: "泵漏水", Contact: "李经理", ReceivedBy: "cs-1", ReceivedAt: t0})
	// Then the reaction is tried four times (three retries), then parked
	// with its reason, in PostgreSQL: another instance's store lists it
	got := b.parked(t, 1)
	if got[0].Reaction != "RouteComplaintAtReceipt" || got[0].EventType != "complaint.received" || got[0].Topic != messaging.Topic("complaint.received") {
		t.Errorf("parked %+v, want the routing reaction's complaint.received", got[0])
	}
	if n := b.store.tries.Load(); n != 4 {
		t.Errorf("appends tried %d times, want 1 + 3 retries", n)
	}
	other, err := messaging.OpenPoisonStore(context.Background(), b.store.Pool(), b.store.Schema()+"_ctl")
	if err != nil {
		t.Fatal(err)
	}
	if listed, _ := other.List(context.Background(), true); len(listed) != 1 {
		t.Errorf("another instance lists %d parked messages, want 1", len(listed))
	}
	// When the store recovers and an operator retries it
	b.store.failing.Store(false)
	if err := other.Retry(context.Background(), got[0].ID, "emp-gm", "disk replaced", b.pubsub); err != nil {
		t.Fatal(err)
	}
	// Then the complaint is routed once, and the message is resolved
	waitForEvents(t, b.store.Store, complaint.Stream("cp-1"), 2)
	b.parked(t, 0)
	resolved, _ := b.poison.List(context.Background(), false)
	if len(resolved) != 1 || resolved[0].Status != "RETRIED" || resolved[0].ResolvedBy != "emp-gm" {
		t.Errorf("resolved = %+v, want the message retried by emp-gm", resolved)
	}
	if err := b.poison.Skip(context.Background(), got[0].ID, "emp-gm", "again"); !errors.Is(err, messaging.ErrParkedNotFound) {
		t.Errorf("Skip(resolved) error = %v, want ErrParkedNotFound", err)
	}
}

func TestReaction_malformedMessageIsParkedAtOnce_andStopsNothing(t *testing.T) {
	b := runParkingReactions(t)
	// Given a message on the receipt topic that no codec can read
	bad := message.NewMessage(watermill.NewUUID(), []byte(`{"complaint_id": 42`))
	bad.Metadata.Set(messaging.MetaEventType, "complaint.received")
	bad.Metadata.Set(messaging.MetaSchemaVersion, "1")
	if err := b.pubsub.Publish(messaging.Topic("complaint.received"), bad); err != nil {
		t.Fatal(err)
	}
	// Then it is parked without a single try of the command
	got := b.parked(t, 1)
	if got[0].MessageID != bad.UUID || got[0].Attempts != 1 || b.store.tries.Load() != 0 {
		t.Errorf("parked %+v after %d command tries, want the malformed message parked untried", got[0], b.store.tries.Load())
	}
	// And a good message behind it is still handled
	b.given(t, customer.Stream("c-2"), registeredC2())
	b.given(t, complaint.Stream("cp-1"), complaint.Received{ComplaintID: "cp-1", CustomerID: "c-2", Channel: complaint.ChannelPhone,
		Content: "泵漏水", Contact: "李经理", ReceivedBy: "cs-1", ReceivedAt: t0})
	waitForEvents(t, b.store.Store, complaint.Stream("cp-1"), 2)
	// And an operator may skip it, recorded
	if err := b.poison.Skip(context.Background(), got[0].ID, "emp-gm", "garbage from a test client"); err != nil {
		t.Fatal(err)
	}
	b.parked(t, 0)
}

// chain is one reaction as the tests drive it: the history that triggers
// it, the trigger's stream and type, and the stream and event type of its
// effect.
type chain struct {
	reaction               string
	given                  func(t *testing.T, b *reactionPath)
	triggerStream, trigger string
	effectStream, effect   string
}

var chains = []chain{
	{reaction: "MarkCustomerCooperatingOnContractSigned",
		given: func(t *testing.T, b *reactionPath) {
			b.given(t, customer.Stream("c-2"), registeredC2())
			b.given(t, contract.Stream("ct-1"), contract.Drafted{ContractID: "ct-1", CustomerID: "c-2", DrafterID: "emp-1", DraftedAt: t0},
				contract.Signed{ContractID: "ct-1", CustomerID: "c-2", SignerID: "emp-gm", SignerRole: domain.RoleGM, Place: "COMPANY", SignedAt: t0})
		},
		triggerStream: contract.Stream("ct-1"), trigger: "contract.signed",
		effectStream: customer.Stream("c-2"), effect: "customer.became_cooperating"},
	{reaction: "RaiseDelayIssueOnOrderDelayed",
		given: func(t *testing.T, b *reactionPath) {
			b.given(t, customer.Stream("c-2"), registeredC2()) // the signing's own reaction needs the file
			b.given(t, contract.Stream("ct-1"), contract.Drafted{ContractID: "ct-1", CustomerID: "c-2", DrafterID: "emp-1", DraftedAt: t0},
				contract.Signed{ContractID: "ct-1", CustomerID: "c-2", SignerID: "emp-gm", SignerRole: domain.RoleGM, Place: "COMPANY", SignedAt: t0})
			b.given(t, order.Stream("or-1"), order.Created{OrderID: "or-1", ContractID: "ct-1", CustomerID: "c-2", CreatedBy: "emp-1", CreatedAt: t0},
				order.DeliveryDelayed{OrderID: "or-1", DueAt: t0, Reason: "supplier late", RecordedBy: "emp-1", RecordedAt: t0.Add(time.Hour)})
		},
		triggerStream: order.Stream("or-1"), trigger: "order.delivery_delayed",
		effectStream: contract.Stream("ct-1"), effect: "contract.execution_issue_raised"},
	{reaction: "RouteComplaintAtReceipt",
		given: func(t *testing.T, b *reactionPath) {
			b.given(t, customer.Stream("c-2"), registeredC2())
			b.given(t, complaint.Stream("cp-1"), complaint.Received{ComplaintID: "cp-1", CustomerID: "c-2", Channel: complaint.ChannelPhone,
				Content: "泵漏水", Contact: "李经理", ReceivedBy: "cs-1", ReceivedAt: t0})
		},
		triggerStream: complaint.Stream("cp-1"), trigger: "complaint.received",
		effectStream: complaint.Stream("cp-1"), effect: "complaint.routed"},
	{reaction: "OpenHandoverTasksOnDeparture",
		given: func(t *testing.T, b *reactionPath) {
			b.given(t, employee.PortfolioStream("emp-7"), employee.CustomerAssigned{EmployeeID: "emp-7", CustomerID: "c-1"},
				employee.PortfolioFrozen{EmployeeID: "emp-7", Reason: "resigned", FrozenAt: t0})
			b.given(t, employee.Stream("emp-7"), employee.Hired{EmployeeID: "emp-7", Name: "王磊", Role: domain.RoleSalesRep, OrgUnitID: "EAST-SALES", HiredAt: t0},
				employee.DepartureInitiated{EmployeeID: "emp-7", Type: employee.DepartureResign, Reason: "moving", InitiatedAt: t0})
		},
		triggerStream: employee.Stream("emp-7"), trigger: "employee.departure_initiated",
		effectStream: employee.PortfolioStream("emp-7"), effect: "employee.handover_tasks_opened"},
}

// effects counts the chain's effect events.
func (b *reactionPath) effects(t *testing.T, c chain) int {
	t.Helper()
	recs, err := b.store.ReadStream(context.Background(), c.effectStream, eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		if r.Type == c.effect {
			n++
		}
	}
	return n
}

// waitEffects waits up to 10 s for the chain's effect to be recorded.
func (b *reactionPath) waitEffects(t *testing.T, c chain) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); b.effects(t, c) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: no %s on %s", c.reaction, c.effect, c.effectStream)
		}
	}
}

// Every reaction, given its trigger, issues its command once, however
// often the trigger is delivered.
func TestReactions_eachIssuesItsCommandOnce_deliveredThreeTimes(t *testing.T) {
	for _, c := range chains {
		t.Run(c.reaction, func(t *testing.T) {
			b := runParkingReactions(t)
			c.given(t, b)
			b.waitEffects(t, c)
			b.redeliver(t, c.triggerStream, c.trigger, 2) // delivered three times in all
			if n := b.effects(t, c); n != 1 {
				t.Errorf("%s recorded %d times, want once", c.effect, n)
			}
			b.parked(t, 0)
		})
	}
}

// Every reaction whose command keeps failing is retried three times, then
// parked in PostgreSQL under its name; retried by an operator once the
// cause is gone, it has its effect once.
func TestReactions_eachFailingOneIsRetriedParkedAndRetriedByAnOperator(t *testing.T) {
	for _, c := range chains {
		t.Run(c.reaction, func(t *testing.T) {
			b := runParkingReactions(t)
			b.store.only = c.effectStream // the other reactions the history triggers succeed
			b.store.failing.Store(true)
			c.given(t, b)
			got := b.parked(t, 1)
			if got[0].Reaction != c.reaction || got[0].EventType != c.trigger || b.store.tries.Load() != 4 {
				t.Errorf("parked %+v after %d tries, want %s's %s after 1 + 3 retries", got[0], b.store.tries.Load(), c.reaction, c.trigger)
			}
			b.store.failing.Store(false)
			if err := b.poison.Retry(context.Background(), got[0].ID, "emp-gm", "store back", b.pubsub); err != nil {
				t.Fatal(err)
			}
			b.waitEffects(t, c)
			if n := b.effects(t, c); n != 1 {
				t.Errorf("%s recorded %d times after the retry, want once", c.effect, n)
			}
			b.parked(t, 0)
		})
	}
}
