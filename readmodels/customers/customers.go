package customers

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/privacy"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection keeps the customer files: one row per customer with stage,
// owner and classification (customers), the key contacts
// (customer_contacts) and the contact log (customer_contact_log).
type Projection struct {
	events tables.Events
}

// New returns the customer-file projection.
func New() *Projection {
	return &Projection{
		events: tables.NewEvents(eventstore.NewCodec(customer.Events()...), customerPrefix,
			customer.Registered{}, customer.ProfileUpdated{}, customer.KeyContactAdded{},
			customer.KeyContactUpdated{}, customer.KeyContactRemoved{}, customer.ContactLogged{},
			customer.Visited{}, customer.NegotiationStarted{}, customer.BecameCooperating{}, customer.Parked{},
			customer.Abandoned{}, customer.Reactivated{}, customer.BecameDormant{}, customer.Classified{},
			customer.RelationshipDepthRecorded{}, customer.Reassigned{}, customer.FileReviewed{}),
	}
}

// Name implements Projection.
func (*Projection) Name() string { return "customers" }

// Tables implements Projection.
func (*Projection) Tables() []string {
	return []string{"customers", "customer_contacts", "customer_contact_log", tables.VersionsTable("customers")}
}

// Filter implements Projection: every event of a customer stream, so the
// version column follows the stream, and the erasures of key persons.
func (*Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{customerPrefix, privacy.StreamPrefix(privacy.KindContact)}}
}

const customerPrefix = "customer-"

// Setup implements Projection.
func (*Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE customers (
			customer_id text PRIMARY KEY,
			number text NOT NULL, name text NOT NULL, address text NOT NULL,
			primary_contact text NOT NULL, phone text NOT NULL, source text NOT NULL,
			stage text NOT NULL, owner_rep_id text NOT NULL, org_unit_id text NOT NULL, region text NOT NULL,
			industry text NOT NULL, scale text NOT NULL, value_tier text NOT NULL,
			purchase_frequency_band text NOT NULL, scheme_version text NOT NULL,
			relationship_depth text NOT NULL, visits int NOT NULL,
			last_reviewed_month text NOT NULL, last_updated_month text NOT NULL,
			last_contact_at timestamptz, next_appointment_at timestamptz,
			registered_at timestamptz NOT NULL,
			version bigint NOT NULL, updated_at timestamptz NOT NULL
		) WITH (fillfactor = 80);
		CREATE TABLE customer_contacts (
			customer_id text NOT NULL, contact_id text NOT NULL,
			role_in_org text NOT NULL, personal jsonb NOT NULL,
			removed boolean NOT NULL, added_at timestamptz NOT NULL,
			version bigint NOT NULL, updated_at timestamptz NOT NULL,
			PRIMARY KEY (customer_id, contact_id)
		) WITH (fillfactor = 80);
		CREATE TABLE customer_contact_log (
			customer_id text NOT NULL, seq bigint NOT NULL,
			employee_id text NOT NULL, contact_id text NOT NULL, channel text NOT NULL,
			topic text NOT NULL, outcome text NOT NULL,
			next_appointment_at timestamptz, at timestamptz NOT NULL,
			PRIMARY KEY (customer_id, seq)
		);`)
	if err != nil {
		return err
	}
	return setupVersions(ctx, tx)
}

// Indexes implements Indexer. Every list sort but -updated_at has an
// index ending in the id, so a page is read in order rather than sorted
// out of the whole table. updated_at has none on purpose: every event
// rewrites it, and indexing it would make every update (a logged contact,
// say) a non-HOT one that inserts into every index. The other indexed
// columns change rarely (name) or never.
func (*Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, strings.Join(customerIndexes, ";\n")); err != nil {
		return err
	}
	return indexVersions(ctx, tx)
}

var customerIndexes = []string{
	"CREATE INDEX IF NOT EXISTS customers_owner ON customers (owner_rep_id, number)",
	"CREATE INDEX IF NOT EXISTS customers_number ON customers (number, customer_id)",
	"CREATE INDEX IF NOT EXISTS customers_name ON customers (name, customer_id)",
	"CREATE INDEX IF NOT EXISTS customers_registered ON customers (registered_at, customer_id)",
}

// IndexBuilds implements projections.IndexBuilds: the versions' GiSTs
// are most of a rebuild's last index builds (decision 46).
func (*Projection) IndexBuilds() []string {
	return append(slices.Clone(customerIndexes), versionIndexes...)
}

type customerRow struct {
	CustomerID            string     `db:"customer_id"`
	Number                string     `db:"number"`
	Name                  string     `db:"name"`
	Address               string     `db:"address"`
	PrimaryContact        string     `db:"primary_contact"`
	Phone                 string     `db:"phone"`
	Source                string     `db:"source"`
	Stage                 string     `db:"stage"`
	OwnerRepID            string     `db:"owner_rep_id"`
	OrgUnitID             string     `db:"org_unit_id"`
	Region                string     `db:"region"`
	Industry              string     `db:"industry"`
	Scale                 string     `db:"scale"`
	ValueTier             string     `db:"value_tier"`
	PurchaseFrequencyBand string     `db:"purchase_frequency_band"`
	SchemeVersion         string     `db:"scheme_version"`
	RelationshipDepth     string     `db:"relationship_depth"`
	Visits                int        `db:"visits"`
	LastReviewedMonth     string     `db:"last_reviewed_month"`
	LastUpdatedMonth      string     `db:"last_updated_month"`
	LastContactAt         *time.Time `db:"last_contact_at"`
	NextAppointmentAt     *time.Time `db:"next_appointment_at"`
	RegisteredAt          time.Time  `db:"registered_at"`
	tables.Stamp
}

type keyContactRow struct {
	CustomerID string                `db:"customer_id"`
	ContactID  string                `db:"contact_id"`
	RoleInOrg  string                `db:"role_in_org"`
	Personal   customer.PersonalData `db:"personal"`
	Removed    bool                  `db:"removed"`
	AddedAt    time.Time             `db:"added_at"`
	Version    uint64                `db:"version"`
	UpdatedAt  time.Time             `db:"updated_at"`
}

type contactLogRow struct {
	CustomerID        string     `db:"customer_id"`
	Seq               uint64     `db:"seq"`
	EmployeeID        string     `db:"employee_id"`
	ContactID         string     `db:"contact_id"`
	Channel           string     `db:"channel"`
	Topic             string     `db:"topic"`
	Outcome           string     `db:"outcome"`
	NextAppointmentAt *time.Time `db:"next_appointment_at"`
	At                time.Time  `db:"at"`
}

// customerBatch is what one batch changes.
type customerBatch struct {
	files    *tables.Set[customerRow]
	contacts *tables.Set[keyContactRow]
	log      *tables.AppendSet[contactLogRow]
	versions *tables.Versions[customerRow]
}

// Apply implements Projection: one read and one write round trip a batch.
func (p *Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	b := customerBatch{
		files:    tables.NewSet("customers", func(r *customerRow) string { return r.CustomerID }, "customer_id"),
		contacts: tables.NewSet("customer_contacts", func(r *keyContactRow) string { return r.CustomerID + "\x00" + r.ContactID }, "customer_id", "contact_id"),
		log:      &tables.AppendSet[contactLogRow]{Table: "customer_contact_log"},
		versions: newVersions(),
	}
	events, erased := tables.SplitErasures(events, privacy.KindContact)
	sets := []tables.Table{b.files, b.contacts, b.log, b.versions}
	if leaveContacts.All(events) {
		sets = []tables.Table{b.files, b.log, b.versions}
	}
	if err := tables.ApplyEvents(ctx, tx, p.events, events, func(id string, e tables.Decoded) {
		b.apply(id, e)
		b.versions.Record(id, b.files.Get(id), e)
	}, sets...); err != nil {
		return err
	}
	return scrubErased(ctx, tx, erased)
}

// leaveContacts are the event types whose fold neither reads nor writes a
// key contact (fileEvent): a batch of only these (a logged contact, the
// commonest) does not load the customers' contacts, a statement saved on
// most live batches. Every other type loads them.
var leaveContacts = tables.Types(customer.Registered{}, customer.ProfileUpdated{}, customer.ContactLogged{},
	customer.Visited{}, customer.NegotiationStarted{}, customer.BecameCooperating{}, customer.Parked{},
	customer.Abandoned{}, customer.Reactivated{}, customer.BecameDormant{}, customer.Classified{},
	customer.RelationshipDepthRecorded{}, customer.Reassigned{}, customer.FileReviewed{})

func (b customerBatch) apply(id string, e tables.Decoded) {
	row := tables.Advance(b.files, id, e, openCustomer)
	if row == nil {
		return // not registered (yet), or already applied
	}
	if !b.fileEvent(row, e) {
		customerPipeline(row, e.Event)
	}
}

// openCustomer opens the row of an aggregate on its first event.
func openCustomer(id string, e tables.Decoded) *customerRow {
	r, ok := e.Event.(customer.Registered)
	if !ok {
		return nil
	}
	return &customerRow{CustomerID: id, Number: r.Number, Name: r.Name, Address: r.Address,
		PrimaryContact: r.PrimaryContact, Phone: r.Phone, Source: string(r.Source),
		Stage: string(customer.StageTarget), OwnerRepID: r.OwnerRepID, OrgUnitID: r.OrgUnitID,
		Region: r.Region, LastUpdatedMonth: customer.MonthOf(r.RegisteredAt), RegisteredAt: r.RegisteredAt}
}
