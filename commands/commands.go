// Package commands is the write-side application layer. Each aggregate
// has a handler of its own (Customers, Quotations, Contracts, Orders,
// Employees, Complaints, SalesPlans; Reactions for the commands the system
// issues on events): it authorizes the acting employee, gathers the facts
// a decision needs from other aggregates and hands the decision to its
// repository, the one seam that loads the aggregate (from an in-memory
// cache the append checks, or from the store), decides, appends with the
// audit envelope and retries a lost race (see repository.Update).
package commands

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// ErrStaleVersion is returned when a command names the stream version it
// saw (If-Match) and the stream has moved on since.
var ErrStaleVersion = domain.Conflict("the resource changed since it was read")

// StaleVersion is ErrStaleVersion with the version the resource is at
// now, so that the answer can name the current version (an HTTP 412
// carries it as the ETag) and the client can re-read from there.
type StaleVersion struct {
	// Current is the stream's version when the command was refused.
	Current uint64
}

func (e *StaleVersion) Error() string { return ErrStaleVersion.Error() }

// Unwrap makes errors.Is(err, ErrStaleVersion) hold.
func (e *StaleVersion) Unwrap() error { return ErrStaleVersion }

// Handler is the command side assembled: one handler per aggregate, all
// sharing one store, codec, clock and aggregate cache.
type Handler struct {
	Customers  *Customers
	Quotations *Quotations
	Contracts  *Contracts
	Orders     *Orders
	Employees  *Employees
	Complaints *Complaints
	SalesPlans *SalesPlans
	// Meetings and ResearchProjects are the department's meetings
	// (§3.14) and market research (§3.6).
	Meetings         *Meetings
	ResearchProjects *ResearchProjects
	// Stock handles the branches' stock, transfers, replenishment
	// requests and materials request forms (§3.10).
	Stock *Stock
	// WorkPlans takes the employees' monthly and weekly work plans.
	WorkPlans *WorkPlans
	// Supervision runs process supervision (§3.15).
	Supervision *Supervision
	// Pay issues the monthly pay statements.
	Pay *Pay
	// Training handles the annual training plans and their sessions.
	Training  *Training
	Reactions *Reactions
	// Expenses handles expense claims and their reimbursement.
	Expenses *Expenses
	// Regulations adopts regulation versions and puts them in force for
	// the handlers above.
	Regulations *RegulationCatalogue

	log *eventLog // kept for the tests' view of the cache
}

// New assembles the command side. codec must know every event the
// aggregates record; now is the clock decisions use. Everything else is
// given as options, once, here: the aggregate cache size (on with
// DefaultAggregateCache streams unless WithAggregateCache says otherwise),
// and the regulation versions (WithRegulations).
func New(store eventstore.Store, codec *eventstore.Codec, now func() time.Time, opts ...Option) *Handler {
	if store == nil || codec == nil || now == nil {
		panic("commands.New: nil dependency")
	}
	cfg := config{cachedStreams: defaultAggregateCache}
	for _, opt := range opts {
		opt(&cfg)
	}
	log := &eventLog{store: store, codec: codec, now: now, cache: newAggregateCache(cfg.cachedStreams, maxCachedKeys),
		snapshots: cfg.snapshots.start(store)}
	cfg.regulations = cfg.regulations.withHistories()
	log.employees = newRepository(log, employee.Employee.Evolve, "employee file")
	log.portfolios = newRepository(log, employee.Portfolio.Evolve, "customer portfolio")
	h := &Handler{
		Customers:  newCustomers(log, cfg.regulations.Classification, cfg.regulations.Employee),
		Quotations: newQuotations(log, cfg.regulations.Quotation),
		Contracts:  newContracts(log, cfg.regulations.Contract),
		Orders:     newOrders(log),
		Employees:  newEmployees(log, cfg.regulations.Employee),
		Complaints: newComplaints(log, cfg.regulations.Complaint),
		SalesPlans: newSalesPlans(log, cfg.regulations.SalesPlan),
		Stock:      newStock(log),
		WorkPlans:  newWorkPlans(log, cfg.regulations.Employee),
		log:        log,

		Meetings:         newMeetings(log),
		ResearchProjects: newResearchProjects(log),
	}
	h.Supervision = newSupervision(log)
	h.Regulations = newRegulationCatalogue(log, cfg.regulations)
	h.Pay = newPay(log, cfg.regulations)
	h.Training = newTraining(log, cfg.regulations)
	h.Expenses = newExpenses(log, cfg.regulations)
	h.Reactions = newReactions(h)
	return h
}

// Meta is what every command carries besides its own fields: who acts, why,
// and how the request relates to others. The API fills it from the
// authenticated request, never from the body.
type Meta struct {
	// Command names the command in traces (the API's name for it, e.g.
	// "createOrder"); empty, its span is named by the aggregate it
	// changes.
	Command      string
	Actor        domain.Actor
	Reason       string
	SourceDocRef string
	OnBehalfOf   string
	// EffectiveAt is the business time of the fact when it differs from
	// now (a retroactive filing); zero means now.
	EffectiveAt   time.Time
	CorrelationID string
	CausationID   string
	// IdempotencyKey makes a repeated command a no-op that returns the
	// first result.
	IdempotencyKey string
	// IfVersion, when set, is the stream version the caller last read;
	// the command fails with ErrStaleVersion if the stream moved on.
	IfVersion *uint64
}

// businessTime is when the command's fact takes effect in business terms:
// the effective time the command names (a retroactive filing), or now.
func (m Meta) businessTime(now func() time.Time) time.Time {
	if !m.EffectiveAt.IsZero() {
		return m.EffectiveAt
	}
	return now()
}

// Result tells the caller where a command's events landed.
type Result struct {
	Stream string
	// Version is the stream version after the command (the ETag).
	Version uint64
	// Position is the global position of the last event written, for
	// read-your-writes; Start when the command recorded nothing.
	Position eventstore.Position
	// Events is the number of events recorded.
	Events int
	// Replayed is true when an earlier command with the same idempotency
	// key already had the effect and nothing new was written.
	Replayed bool
}
