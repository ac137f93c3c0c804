package receivables

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection keeps one row per instalment of each contract's collection
// plan with what was paid and how far dunning went (receivables), and per
// contract its customer, owner (the rep who drafted it), the owner's org
// unit when drafting, and status (receivable_contracts). Days overdue and
// aging buckets depend on the day asked about, so queries compute them.
//
// An instalment row also carries its contract's customer, owner and org
// unit, which a contract never changes, so the receivables KPI (R7)
// groups the instalments without joining every one to its contract
// (decision 43).
type Projection struct {
	events tables.Events
	filter eventstore.Filter
}

// New returns the receivables projection.
func New() *Projection {
	return &Projection{events: tables.NewEvents(eventstore.NewCodec(contract.Events()...), contract.Stream(""),
		contract.Drafted{},
		contract.Signed{}, contract.ExecutionStarted{}, contract.Completed{}, contract.Closed{}, contract.Terminated{},
		contract.CollectionPlanSet{}, contract.PaymentReceived{}, contract.DunningLetterSent{},
		contract.CollectionVisitMade{}, contract.LegalActionInitiated{}),
		filter: newFilter()}
}

// customerEvents are the customer events the read model reads: those that
// set a customer's region (regions.go).
var customerEvents = tables.NewEvents(eventstore.NewCodec(customer.Events()...), customer.Stream(""),
	customer.Registered{}, customer.ProfileUpdated{})

// Name implements Projection.
func (*Projection) Name() string { return "receivables" }

// Tables implements Projection. No query reads receivable_customer_months
// (it is what a region change moves); its view lets a rebuild be checked
// against the live rows.
func (*Projection) Tables() []string {
	return []string{"receivables", "receivable_contracts", "receivable_months", "receivable_customers", "receivable_customer_months",
		"receivable_region_months", tables.VersionsTable("receivables")}
}

// Filter implements Projection (newFilter). It is built once: the live
// feed asks every read model's filter for each batch it releases.
func (p *Projection) Filter() eventstore.Filter { return p.filter }

// newFilter keeps every contract event, and the customer events that set
// a customer's region. A filter keeps an event whose stream has one of the
// prefixes and whose type is one of the types; the contract types are only
// on contract streams and the customer types only on customer streams, so
// together they keep exactly those.
func newFilter() eventstore.Filter {
	types := []string{customer.Registered{}.EventType(), customer.ProfileUpdated{}.EventType()}
	for _, e := range contract.Events() {
		types = append(types, e.EventType())
	}
	return eventstore.Filter{StreamPrefixes: []string{contract.Stream(""), customer.Stream("")}, EventTypes: types}
}

// Setup implements Projection.
func (*Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE receivable_contracts (
			contract_id text PRIMARY KEY, customer_id text NOT NULL, owner_id text NOT NULL,
			drafter_org_unit_id text NOT NULL, contract_status text NOT NULL, instalments jsonb NOT NULL,
			version bigint NOT NULL, updated_at timestamptz NOT NULL
		) WITH (fillfactor = 80);
		CREATE TABLE receivables (
			contract_id text NOT NULL, instalment_id text NOT NULL, seq int NOT NULL,
			due_date text NOT NULL, amount_minor bigint NOT NULL, paid_minor bigint NOT NULL, currency text NOT NULL,
			payments int NOT NULL, dunning_stage text NOT NULL, last_dunning_at timestamptz, last_paid_at timestamptz,
			contract_customer_id text NOT NULL, contract_owner_id text NOT NULL, contract_org_unit_id text NOT NULL,
			version bigint NOT NULL, updated_at timestamptz NOT NULL,
			PRIMARY KEY (contract_id, instalment_id)
		) WITH (fillfactor = 80);`+monthsDDL+regionsDDL)
	if err != nil {
		return err
	}
	return setupVersions(ctx, tx)
}

// Indexes implements Indexer: the list's default order, due date then
// the receivable key the query builds (receivablesFrom). The other sorts
// are figures of the day asked about and cannot be indexed. R7 reads the
// owed instalments alone (receivables_owed), the paid ones from their
// counters (receivable_months).
func (*Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS receivables_due ON receivables (due_date, (contract_id || chr(31) || instalment_id));
		CREATE INDEX IF NOT EXISTS receivables_owed ON receivables (contract_owner_id) WHERE amount_minor > paid_minor;`)
	if err != nil {
		return err
	}
	return indexVersions(ctx, tx)
}

type receivableContractRow struct {
	ContractID     string   `db:"contract_id"`
	CustomerID     string   `db:"customer_id"`
	OwnerID        string   `db:"owner_id"`
	OrgUnitID      string   `db:"drafter_org_unit_id"`
	ContractStatus string   `db:"contract_status"`
	Instalments    []string `db:"instalments"`
	tables.Stamp
}

// instalmentRow is one instalment; its JSON names are its columns, as
// the row versions keep the instalments as JSON (receivableVersionRow).
type instalmentRow struct {
	ContractID    string     `db:"contract_id" json:"contract_id"`
	InstalmentID  string     `db:"instalment_id" json:"instalment_id"`
	Seq           int        `db:"seq" json:"seq"`
	DueDate       string     `db:"due_date" json:"due_date"` // YYYY-MM-DD
	AmountMinor   int64      `db:"amount_minor" json:"amount_minor"`
	PaidMinor     int64      `db:"paid_minor" json:"paid_minor"`
	Currency      string     `db:"currency" json:"currency"`
	Payments      int        `db:"payments" json:"payments"`
	DunningStage  string     `db:"dunning_stage" json:"dunning_stage"`
	LastDunningAt *time.Time `db:"last_dunning_at" json:"last_dunning_at"`
	LastPaidAt    *time.Time `db:"last_paid_at" json:"last_paid_at"`
	// The contract's, copied at each plan; the row versions keep them
	// with the contract, not with each instalment.
	CustomerID string    `db:"contract_customer_id" json:"-"`
	OwnerID    string    `db:"contract_owner_id" json:"-"`
	OrgUnitID  string    `db:"contract_org_unit_id" json:"-"`
	Version    uint64    `db:"version" json:"version"`
	UpdatedAt  time.Time `db:"updated_at" json:"updated_at"`
}

type receivableBatch struct {
	contracts   *tables.Set[receivableContractRow]
	instalments *tables.Set[instalmentRow]
	versions    *tables.Versions[receivableVersionRow]
	dated       map[monthKey]monthCounts // the batch's payments and sales, counted as applied
}

// Apply implements Projection: one read and one write round trip a batch.
// The customer events only set regions, after the contracts' changes
// (regions.go).
func (p *Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	contracts, customers := splitCustomers(events)
	if err := p.applyContracts(ctx, tx, contracts); err != nil {
		return err
	}
	regions, err := customerRegions(customers)
	if err != nil || len(regions) == 0 {
		return err
	}
	b := &pgx.Batch{}
	queueRegions(b, regions)
	return tables.Write(ctx, tx, b)
}

// splitCustomers is the batch's contract events and its customer events,
// each in the log's order.
func splitCustomers(events []eventstore.Recorded) (contracts, customers []eventstore.Recorded) {
	for _, e := range events {
		if strings.HasPrefix(e.Stream, customer.Stream("")) {
			customers = append(customers, e)
		} else {
			contracts = append(contracts, e)
		}
	}
	return contracts, customers
}

func (p *Projection) applyContracts(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	if len(events) == 0 {
		return nil
	}
	b := receivableBatch{
		contracts: tables.NewSet("receivable_contracts", func(r *receivableContractRow) string { return r.ContractID }, "contract_id"),
		instalments: tables.NewSet("receivables", func(r *instalmentRow) string { return r.ContractID + "\x00" + r.InstalmentID },
			"contract_id", "instalment_id"),
		versions: newVersions(),
		dated:    map[monthKey]monthCounts{},
	}
	var paidBefore map[monthKey]monthCounts
	err := tables.ApplyEvents(ctx, tx, p.events, events, func(id string, e tables.Decoded) {
		if paidBefore == nil { // the instalments as loaded, before the batch's first event
			paidBefore = paidMonths(b.instalments)
		}
		b.apply(id, e)
		b.record(b.contracts.Get(id), e)
	}, b.contracts, b.instalments, b.versions)
	if err != nil || paidBefore == nil {
		return err
	}
	return queueMonths(ctx, tx, b.dated, paidBefore, paidMonths(b.instalments))
}

func (b receivableBatch) apply(id string, e tables.Decoded) {
	c := tables.Advance(b.contracts, id, e, openReceivable)
	if c == nil {
		return // not drafted (yet), or already applied
	}
	switch ev := e.Event.(type) {
	case contract.Signed:
		c.ContractStatus = string(contract.StatusSigned)
		// as sales_months counts a sale; keyed by the customer the
		// signature names, as R1 joins a sale's customer
		k := monthKey{c.OwnerID, c.OrgUnitID, ev.CustomerID, companyMonth(ev.SignedAt)}
		b.dated[k] = b.dated[k].plus(monthCounts{sales: 1, signedMinor: ev.Value.Minor})
	case contract.ExecutionStarted:
		c.ContractStatus = string(contract.StatusInExecution)
	case contract.Completed:
		c.ContractStatus = string(contract.StatusCompleted)
	case contract.Closed:
		c.ContractStatus = string(contract.StatusClosed)
	case contract.Terminated:
		c.ContractStatus = string(contract.StatusTerminated)
	case contract.CollectionPlanSet:
		b.replan(c, e, ev.Instalments)
	case contract.PaymentReceived:
		// counted for its contract even when no instalment of the plan is
		// the one it names, as the KPI facts count it
		k := monthKey{c.OwnerID, c.OrgUnitID, c.CustomerID, companyMonth(ev.ReceivedAt)}
		b.dated[k] = b.dated[k].plus(monthCounts{payments: 1, collectedMinor: ev.Amount.Minor})
		b.instalment(c, e, ev.InstalmentID, func(r *instalmentRow) {
			r.PaidMinor, r.Payments, r.LastPaidAt = r.PaidMinor+ev.Amount.Minor, r.Payments+1, &ev.ReceivedAt
		})
	case contract.DunningLetterSent:
		b.dunning(c, e, ev.Dunning, contract.DunningLetter)
	case contract.CollectionVisitMade:
		b.dunning(c, e, ev.Dunning, contract.DunningVisit)
	case contract.LegalActionInitiated:
		b.dunning(c, e, ev.Dunning, contract.DunningLegalAction)
	}
}

// replan replaces the plan, keeping what was paid and how far dunning
// went on the instalments the new plan keeps (as the aggregate does).
func (b receivableBatch) replan(c *receivableContractRow, e tables.Decoded, plan []contract.Instalment) {
	keep := map[string]bool{}
	for i, in := range plan {
		keep[in.ID] = true
		r := b.instalments.Get(c.ContractID + "\x00" + in.ID)
		if r == nil {
			r = &instalmentRow{ContractID: c.ContractID, InstalmentID: in.ID}
		}
		r.Seq, r.DueDate = i+1, in.DueDate.Format(time.DateOnly)
		r.AmountMinor, r.Currency = in.Amount.Minor, tables.Currency(in.Amount)
		r.CustomerID, r.OwnerID, r.OrgUnitID = c.CustomerID, c.OwnerID, c.OrgUnitID
		r.Version, r.UpdatedAt = e.StreamVersion, e.RecordedAt
		b.instalments.Put(r)
	}
	for _, old := range c.Instalments {
		if r := b.instalments.Get(c.ContractID + "\x00" + old); r != nil && !keep[old] {
			b.instalments.Remove(r)
		}
	}
	c.Instalments = c.Instalments[:0:0]
	for _, in := range plan {
		c.Instalments = append(c.Instalments, in.ID)
	}
}

func (b receivableBatch) dunning(c *receivableContractRow, e tables.Decoded, d contract.Dunning, step contract.DunningStep) {
	b.instalment(c, e, d.InstalmentID, func(r *instalmentRow) { r.DunningStage, r.LastDunningAt = string(step), &d.At })
}

func (b receivableBatch) instalment(c *receivableContractRow, e tables.Decoded, id string, change func(*instalmentRow)) {
	r := b.instalments.Get(c.ContractID + "\x00" + id)
	if r == nil {
		return
	}
	change(r)
	r.Version, r.UpdatedAt = e.StreamVersion, e.RecordedAt
	b.instalments.Touch(r)
}

// openReceivable opens the row of an aggregate on its first event.
func openReceivable(id string, e tables.Decoded) *receivableContractRow {
	d, ok := e.Event.(contract.Drafted)
	if !ok {
		return nil
	}
	return &receivableContractRow{ContractID: id, CustomerID: d.CustomerID, OwnerID: d.DrafterID, OrgUnitID: d.DrafterOrgUnitID,
		ContractStatus: string(contract.StatusDraft), Instalments: []string{}}
}
