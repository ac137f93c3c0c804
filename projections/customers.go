package projections

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
)

// Customers keeps the customer files: one row per customer with stage,
// owner and classification (customers), the key contacts
// (customer_contacts) and the contact log (customer_contact_log).
type Customers struct {
	codec   *eventstore.Codec
	handled map[string]bool
}

// NewCustomers returns the customer-file projection.
func NewCustomers() *Customers {
	return &Customers{
		codec: eventstore.NewCodec(customer.Events()...),
		handled: typeSet(customer.Registered{}, customer.ProfileUpdated{}, customer.KeyContactAdded{},
			customer.KeyContactUpdated{}, customer.KeyContactRemoved{}, customer.ContactLogged{},
			customer.Visited{}, customer.NegotiationStarted{}, customer.BecameCooperating{}, customer.Parked{},
			customer.Abandoned{}, customer.Reactivated{}, customer.BecameDormant{}, customer.Classified{},
			customer.RelationshipDepthRecorded{}, customer.Reassigned{}, customer.FileReviewed{}),
	}
}

// Name implements Projection.
func (*Customers) Name() string { return "customers" }

// Tables implements Projection.
func (*Customers) Tables() []string {
	return []string{"customers", "customer_contacts", "customer_contact_log"}
}

// Filter implements Projection: every event of a customer stream, so the
// version column follows the stream.
func (*Customers) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{customerPrefix}}
}

const customerPrefix = "customer-"

// Setup implements Projection.
func (*Customers) Setup(ctx context.Context, tx pgx.Tx) error {
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
		);
		CREATE INDEX customers_owner ON customers (owner_rep_id, number);
		CREATE TABLE customer_contacts (
			customer_id text NOT NULL, contact_id text NOT NULL,
			role_in_org text NOT NULL, personal jsonb NOT NULL,
			removed boolean NOT NULL, added_at timestamptz NOT NULL,
			version bigint NOT NULL, updated_at timestamptz NOT NULL,
			PRIMARY KEY (customer_id, contact_id)
		);
		CREATE TABLE customer_contact_log (
			customer_id text NOT NULL, seq bigint NOT NULL,
			employee_id text NOT NULL, contact_id text NOT NULL, channel text NOT NULL,
			topic text NOT NULL, outcome text NOT NULL,
			next_appointment_at timestamptz, at timestamptz NOT NULL,
			PRIMARY KEY (customer_id, seq)
		);`)
	return err
}

type customerRow struct {
	CustomerID            string     `json:"customer_id"`
	Number                string     `json:"number"`
	Name                  string     `json:"name"`
	Address               string     `json:"address"`
	PrimaryContact        string     `json:"primary_contact"`
	Phone                 string     `json:"phone"`
	Source                string     `json:"source"`
	Stage                 string     `json:"stage"`
	OwnerRepID            string     `json:"owner_rep_id"`
	OrgUnitID             string     `json:"org_unit_id"`
	Region                string     `json:"region"`
	Industry              string     `json:"industry"`
	Scale                 string     `json:"scale"`
	ValueTier             string     `json:"value_tier"`
	PurchaseFrequencyBand string     `json:"purchase_frequency_band"`
	SchemeVersion         string     `json:"scheme_version"`
	RelationshipDepth     string     `json:"relationship_depth"`
	Visits                int        `json:"visits"`
	LastReviewedMonth     string     `json:"last_reviewed_month"`
	LastUpdatedMonth      string     `json:"last_updated_month"`
	LastContactAt         *time.Time `json:"last_contact_at"`
	NextAppointmentAt     *time.Time `json:"next_appointment_at"`
	RegisteredAt          time.Time  `json:"registered_at"`
	Version               uint64     `json:"version"`
	UpdatedAt             time.Time  `json:"updated_at"`
}

type keyContactRow struct {
	CustomerID string                `json:"customer_id"`
	ContactID  string                `json:"contact_id"`
	RoleInOrg  string                `json:"role_in_org"`
	Personal   customer.PersonalData `json:"personal"`
	Removed    bool                  `json:"removed"`
	AddedAt    time.Time             `json:"added_at"`
	Version    uint64                `json:"version"`
	UpdatedAt  time.Time             `json:"updated_at"`
}

type contactLogRow struct {
	CustomerID        string     `json:"customer_id"`
	Seq               uint64     `json:"seq"`
	EmployeeID        string     `json:"employee_id"`
	ContactID         string     `json:"contact_id"`
	Channel           string     `json:"channel"`
	Topic             string     `json:"topic"`
	Outcome           string     `json:"outcome"`
	NextAppointmentAt *time.Time `json:"next_appointment_at"`
	At                time.Time  `json:"at"`
}

// customerBatch is what one batch changes.
type customerBatch struct {
	files    *rowSet[customerRow]
	contacts *rowSet[keyContactRow]
	log      *appendSet[contactLogRow]
}

// Apply implements Projection: one read and one write round trip a batch.
func (p *Customers) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	evs, err := decodeBatch(p.codec, p.handled, events)
	if err != nil {
		return err
	}
	b := customerBatch{
		files:    newRowSet("customers", func(r *customerRow) string { return r.CustomerID }, "customer_id"),
		contacts: newRowSet("customer_contacts", func(r *keyContactRow) string { return r.CustomerID + "\x00" + r.ContactID }, "customer_id", "contact_id"),
		log:      &appendSet[contactLogRow]{table: "customer_contact_log"},
	}
	return applyBatch(ctx, tx, streamIDs(evs, customerPrefix), func() error {
		for _, e := range evs {
			b.apply(e)
		}
		return nil
	}, b.files, b.contacts, b.log)
}

func (b customerBatch) apply(e decoded) {
	id := e.Stream[len(customerPrefix):]
	row := b.files.get(id)
	if r, ok := e.Event.(customer.Registered); ok && row == nil {
		row = &customerRow{CustomerID: id, Number: r.Number, Name: r.Name, Address: r.Address,
			PrimaryContact: r.PrimaryContact, Phone: r.Phone, Source: string(r.Source),
			Stage: string(customer.StageTarget), OwnerRepID: r.OwnerRepID, OrgUnitID: r.OrgUnitID,
			Region: r.Region, LastUpdatedMonth: customer.MonthOf(r.RegisteredAt), RegisteredAt: r.RegisteredAt}
		b.files.put(row)
	}
	if row == nil || e.StreamVersion <= row.Version {
		return // not registered (yet), or already applied
	}
	row.Version, row.UpdatedAt = e.StreamVersion, e.RecordedAt
	b.files.touch(row)
	if !b.fileEvent(row, e) {
		customerPipeline(row, e.Event)
	}
}
