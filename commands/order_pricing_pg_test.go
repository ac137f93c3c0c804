package commands_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// raceRole tags the context of each racing command, so the store can tell
// whose reads and appends it sees.
type raceRole struct{}

// raceClock is what the racing store saw of one round, in wall-clock
// order: when the order command finished reading the contract, when the
// amendment's append returned (it had committed), and when the order's
// first append started.
type raceClock struct {
	orderRead, amendDone, orderAppend time.Time
}

// racingStore records a raceClock per contract and, after the order
// command's first read of the contract, pauses it up to two milliseconds:
// the window in which an amendment can take effect unseen.
type racingStore struct {
	eventstore.Store
	mu     sync.Mutex
	clocks map[string]*raceClock // by contract id
}

func (s *racingStore) clock(id string) *raceClock {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clocks[id] == nil {
		s.clocks[id] = &raceClock{}
	}
	return s.clocks[id]
}

func (s *racingStore) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.Recorded, error) {
	recs, err := s.Store.ReadStream(ctx, stream, opts)
	if id, ok := cutPrefix(stream, "contract-"); ok && ctx.Value(raceRole{}) == "order" {
		c := s.clock(id)
		s.mu.Lock()
		first := c.orderRead.IsZero()
		if first {
			c.orderRead = time.Now()
		}
		s.mu.Unlock()
		if first {
			time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
		}
	}
	return recs, err
}

func (s *racingStore) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	if id, ok := cutPrefix(stream, "order-"); ok && ctx.Value(raceRole{}) == "order" {
		c := s.clock("k-" + id)
		s.mu.Lock()
		if c.orderAppend.IsZero() {
			c.orderAppend = time.Now()
		}
		s.mu.Unlock()
	}
	res, err := s.Store.Append(ctx, stream, expected, events...)
	if id, ok := cutPrefix(stream, "contract-"); ok && err == nil && ctx.Value(raceRole{}) == "amend" {
		c := s.clock(id)
		s.mu.Lock()
		c.amendDone = time.Now()
		s.mu.Unlock()
	}
	return res, err
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || s[:len(prefix)] != prefix {
		return "", false
	}
	return s[len(prefix):], true
}

// raceContract seeds contract id, signed at the 120.00 valve of q-1, with
// an amendment to q-2's 130.00 approved and ready to be signed.
func raceContract(t *testing.T, store eventstore.Store, codec *eventstore.Codec, id string) {
	t.Helper()
	terms := contract.Terms{Price: domain.Yuan(10000)}
	review := func(by string, role domain.Role) contract.Review {
		return contract.Review{ReviewerID: by, ReviewerRole: role, Decision: contract.DecisionApproved, At: orderNow}
	}
	seedOn(t, store, codec, contract.Stream(id),
		contract.Drafted{ContractID: id, CustomerID: "c-1", Terms: terms, QuotationID: "q-1", PriceLinked: true,
			DrafterID: "rep-1", DrafterRole: domain.RoleSalesRep, DrafterOrgUnitID: "ou-sales", DraftedAt: orderNow},
		contract.Signed{ContractID: id, CustomerID: "c-1", Value: terms.Price, SignerID: "head-1", SignedAt: orderNow},
		contract.AmendmentRequested{ContractID: id, AmendmentID: "a-" + id, Terms: terms, Reason: "steel price", QuotationID: "q-2",
			PriceLinked: true, RequestedBy: "rep-1", RequestedRole: domain.RoleSalesRep, RequestedByOrgUnitID: "ou-sales", RequestedAt: orderNow},
		contract.Registered{ContractID: id, AmendmentID: "a-" + id, RegistrationNo: "REG-" + id, DocumentHash: "sha256:" + id, RegisteredAt: orderNow},
		contract.DeptHeadApproved{ContractID: id, AmendmentID: "a-" + id, Review: review("head-1", domain.RoleDeptHead)},
		contract.LegalReviewPassed{ContractID: id, AmendmentID: "a-" + id, Review: review("legal-1", domain.RoleLegal)},
		contract.AmendmentApproved{ContractID: id, AmendmentID: "a-" + id, Review: review("gm-1", domain.RoleGM)},
	)
}

func seedOn(t *testing.T, store eventstore.Store, codec *eventstore.Codec, stream string, events ...domain.Event) {
	t.Helper()
	for _, e := range events {
		data, err := codec.Encode(fmt.Sprintf("seed-%s-%s", stream, e.EventType()), e, orderSeedMeta)
		if err != nil {
			t.Fatalf("Encode(%T) error = %v", e, err)
		}
		if _, err := store.Append(context.Background(), stream, eventstore.Any, data); err != nil {
			t.Fatalf("Append(%s) error = %v", stream, err)
		}
	}
}

// K6 must hold under concurrency. Given contracts signed at the valve's
// 120.00, each with an approved amendment to 130.00, when the amendment's
// signature races the placement of an order at 120.00, many times over,
// then no round ends with the order at 120.00 silently accepted after the
// amendment took effect: every order whose append started once the
// amendment had committed carries UnauthorisedQuotationDetected. The
// round where the amendment commits between the order's read of the
// contract and its append (the interleaving a single-stream append cannot
// see) must occur, or the test proved nothing.
func TestCreateOrder_racesContractAmendmentOnPostgres(t *testing.T) {
	const rounds = 40
	codec := eventstore.NewCodec(order.Events()...)
	codec.Register(contract.Events()...)
	codec.Register(customer.Events()...)
	codec.Register(quotation.Events()...)
	store := &racingStore{Store: pgtest.Store(t), clocks: map[string]*raceClock{}}
	now := func() time.Time { return orderNow }
	placing, amending := commands.New(store, codec, now), commands.New(store, codec, now) // two processes
	seedOn(t, store, codec, customer.Stream("c-1"), customer.Registered{CustomerID: "c-1", Number: "C-001", Name: "Ningbo Pumps", RegisteredAt: orderNow})
	q2 := orderQuote
	q2.QuotationID, q2.Lines = "q-2", []quotation.Line{{Product: "Gate valve", Quantity: 10, UnitPrice: domain.Yuan(130), UnitCost: domain.Yuan(60)}}
	seedOn(t, store, codec, quotation.Stream("q-1"), orderQuote)
	seedOn(t, store, codec, quotation.Stream("q-2"), q2)
	signer := contractMeta("head-2", "ou-sales", domain.RoleDeptHead)

	unseen := 0
	for i := range rounds {
		k, o := fmt.Sprintf("k-%d", i), fmt.Sprintf("%d", i)
		raceContract(t, store, codec, k)
		start := make(chan struct{})
		var wg sync.WaitGroup
		var placeErr, amendErr error
		wg.Go(func() {
			<-start
			ctx := context.WithValue(context.Background(), raceRole{}, "order")
			cmd := orderCreate
			cmd.OrderID, cmd.ContractID = o, k
			_, placeErr = placing.Orders.CreateOrder(ctx, orderRep, cmd)
		})
		wg.Go(func() {
			<-start
			ctx := context.WithValue(context.Background(), raceRole{}, "amend")
			_, amendErr = amending.Contracts.ApplyContractAmendment(ctx, signer,
				commands.ApplyContractAmendment{ContractID: k, Place: contract.PlaceCompany, DocumentHash: "sha256:" + k})
		})
		close(start)
		wg.Wait()
		if placeErr != nil || amendErr != nil {
			t.Fatalf("round %d: CreateOrder() = %v, ApplyContractAmendment() = %v, want both to succeed", i, placeErr, amendErr)
		}

		c := store.clock(k)
		flagged := slices.Contains(streamTypes(t, store, order.Stream(o)), "order.unauthorised_quotation_detected")
		if c.amendDone.Before(c.orderAppend) && !flagged {
			t.Errorf("round %d: the order at 120.00 was appended after the amendment to 130.00 committed, and nothing was detected", i)
		}
		if c.orderRead.Before(c.amendDone) && c.amendDone.Before(c.orderAppend) {
			unseen++
		}
	}
	if unseen == 0 {
		t.Fatalf("in %d rounds the amendment never committed between the order's read and append: the race was not exercised", rounds)
	}
	t.Logf("%d of %d rounds had the amendment commit between the order's read and its append", unseen, rounds)
}

func streamTypes(t *testing.T, store eventstore.Store, stream string) []string {
	t.Helper()
	recs, err := store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatalf("ReadStream(%s) error = %v", stream, err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, r.Type)
	}
	return out
}
