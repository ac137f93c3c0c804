package commands_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var (
	contractNow   = time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	contractPrice = domain.Yuan(100000)
	contractTerms = contract.Terms{
		RightsObligations: "rights and obligations of both parties", Scope: "100 pumps P-7",
		Price: contractPrice, DeliveryDate: contractNow.AddDate(0, 1, 0), PaymentTerms: "20% deposit, then two instalments",
		ReturnsClause: "7-day returns", CompensationClause: "up to the price", LateDeliveryClause: "0.1% per day",
	}
	contractDraft = commands.DraftContract{ContractID: "k-1", CustomerID: "c-1", QuotationID: "q-1",
		Terms: contractTerms, DepositRequired: domain.Yuan(20000)}
	contractHash = "sha256:k-1-v1"
	contractSign = commands.SignContract{ContractID: "k-1", Place: contract.PlaceCompany, CustomerSignatory: "Mr Li", DocumentHash: contractHash}

	contractRep     = contractMeta("rep-1", "ou-sales", domain.RoleSalesRep)
	contractHead    = contractMeta("head-1", "ou-sales", domain.RoleDeptHead)
	contractHead2   = contractMeta("head-2", "ou-sales", domain.RoleDeptHead)
	contractLegal   = contractMeta("legal-1", "ou-legal", domain.RoleLegal)
	contractGM      = contractMeta("gm-1", "ou-gm", domain.RoleGM)
	contractFinance = contractMeta("fin-1", "ou-fin", domain.RoleFinance)
)

// contractMeta returns the metadata of a command issued by employee id of
// unit ou holding roles.
func contractMeta(id, ou string, roles ...domain.Role) commands.Meta {
	return commands.Meta{Actor: domain.Actor{EmployeeID: id, Roles: roles, OrgUnitID: ou}, Reason: "test " + id}
}

// contractWorld is a handler over a memory store holding customer c-1 and
// its approved final quotation q-1 at contractPrice.
type contractWorld struct {
	t     *testing.T
	h     *commands.Handler
	store eventstore.Store
	codec *eventstore.Codec
	now   time.Time
	seq   int
}

func newContractWorld(t *testing.T) *contractWorld {
	return newContractWorldOn(t, memory.New())
}

func newContractWorldOn(t *testing.T, store eventstore.Store) *contractWorld {
	t.Helper()
	codec := eventstore.NewCodec(contract.Events()...)
	codec.Register(customer.Events()...)
	codec.Register(quotation.Events()...)
	w := &contractWorld{t: t, store: store, codec: codec, now: contractNow}
	w.h = commands.New(store, codec, func() time.Time { return w.now })
	w.seed(customer.Stream("c-1"), customer.Registered{CustomerID: "c-1", Number: "C-001", Name: "Ningbo Pumps", RegisteredAt: contractNow})
	w.quote("q-1", contractPrice, true)
	return w
}

// quote seeds a final quotation for c-1 at price, approved or not.
func (w *contractWorld) quote(id string, price domain.Money, approved bool) {
	w.seed(quotation.Stream(id), quotation.Drafted{QuotationID: id, CustomerID: "c-1", Type: quotation.TypeWrittenFinal,
		Price: price, Cost: domain.Yuan(50000), DraftedBy: "rep-1", DraftedAt: contractNow})
	if approved {
		w.seed(quotation.Stream(id), quotation.Approved{QuotationID: id, ApproverID: "head-1", ApproverRole: domain.RoleDeptHead, ApprovedAt: contractNow})
	}
}

func (w *contractWorld) seed(stream string, events ...domain.Event) {
	w.t.Helper()
	for _, e := range events {
		w.seq++
		data, err := w.codec.Encode(fmt.Sprintf("contract-seed-%d", w.seq), e, eventstore.Metadata{ActorID: "seed"})
		if err != nil {
			w.t.Fatalf("Encode(%T) error = %v", e, err)
		}
		if _, err := w.store.Append(context.Background(), stream, eventstore.Any, data); err != nil {
			w.t.Fatalf("Append(%s) error = %v", stream, err)
		}
	}
}

// must fails the test when a command that has to succeed fails.
func (w *contractWorld) must(res commands.Result, err error) commands.Result {
	w.t.Helper()
	if err != nil {
		w.t.Fatalf("command error = %v", err)
	}
	return res
}

// approved drives k-1 through draft, registration, department head, legal
// and GM approval with the real commands.
func (w *contractWorld) approved() *contractWorld {
	w.t.Helper()
	ctx := context.Background()
	w.must(w.h.Contracts.DraftContract(ctx, contractRep, contractDraft))
	w.must(w.h.Contracts.SubmitContract(ctx, contractRep, commands.SubmitContract{ContractID: "k-1", RegistrationNo: "REG-1", DocumentHash: contractHash}))
	w.must(w.h.Contracts.ApproveContractByDeptHead(ctx, contractHead, commands.ApproveContractByDeptHead{ContractID: "k-1"}))
	w.must(w.h.Contracts.PassContractLegalReview(ctx, contractLegal, commands.PassContractLegalReview{ContractID: "k-1", Comment: "lawful"}))
	w.must(w.h.Contracts.ApproveContractByGM(ctx, contractGM, commands.ApproveContractByGM{ContractID: "k-1"}))
	return w
}

func (w *contractWorld) records() []eventstore.Recorded {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), contract.Stream("k-1"), eventstore.ReadStreamOptions{})
	if err != nil {
		w.t.Fatalf("ReadStream() error = %v", err)
	}
	return recs
}

// types returns the stored event types of contract k-1.
func (w *contractWorld) types() []string {
	var out []string
	for _, r := range w.records() {
		out = append(out, r.Type)
	}
	return out
}

// count returns how many events of type typ contract k-1 holds.
func (w *contractWorld) count(typ string) int {
	n := 0
	for _, r := range w.records() {
		if r.Type == typ {
			n++
		}
	}
	return n
}

// contractBarrierStore, once armed for n, makes the next n reads of a
// stream wait for each other, so n concurrent commands decide on the same
// version and race to append.
type contractBarrierStore struct {
	eventstore.Store
	stream string
	mu     sync.Mutex
	left   int
	all    chan struct{}
	reads  int // reads of the stream since armed
}

// newContractBarrierStore returns a memory store whose barrier on stream
// is off until armed.
func newContractBarrierStore(stream string) *contractBarrierStore {
	return &contractBarrierStore{Store: memory.New(), stream: stream}
}

// arm starts the barrier for the next n reads of the stream.
func (s *contractBarrierStore) arm(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.left, s.all, s.reads = n, make(chan struct{}), 0
}

// readsSinceArmed returns how many times the stream was read since arm.
func (s *contractBarrierStore) readsSinceArmed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reads
}

func (s *contractBarrierStore) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.Recorded, error) {
	recs, err := s.Store.ReadStream(ctx, stream, opts)
	if stream != s.stream {
		return recs, err
	}
	s.mu.Lock()
	s.reads++
	if s.left <= 0 {
		s.mu.Unlock()
		return recs, err
	}
	s.left--
	all := s.all
	if s.left == 0 {
		close(all)
	}
	s.mu.Unlock()
	select {
	case <-all:
	case <-time.After(5 * time.Second): // never deadlock a failing test
	}
	return recs, err
}
