package orders

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection keeps one row per order with its status, amounts and delivery
// progress: promised time, shipment, transport, sign-off and recorded
// delays (orders). Whether an undelivered order is late depends on the
// time asked about, so queries compute it.
type Projection struct {
	events tables.Events
}

// New returns the orders projection.
func New() *Projection {
	return &Projection{events: tables.NewEvents(eventstore.NewCodec(order.Events()...), orderPrefix,
		order.Created{}, order.Confirmed{},
		order.ChangeRequested{}, order.ChangeApproved{}, order.ChangeRejected{}, order.Changed{},
		order.ProductionRequested{}, order.GoodsInspected{}, order.ShipmentRequested{}, order.ShipmentScheduled{},
		order.Dispatched{}, order.TransportStatusUpdated{}, order.Delivered{}, order.DeliveryDelayed{}, order.Accepted{},
		order.PaymentReceived{}, order.Settled{}, order.Closed{}, order.Cancelled{})}
}

const orderPrefix = "order-"

// Name implements Projection.
func (*Projection) Name() string { return "orders" }

// Tables implements Projection.
func (*Projection) Tables() []string { return []string{"orders", tables.VersionsTable("orders")} }

// Filter implements Projection.
func (*Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{orderPrefix}}
}

// Setup implements Projection.
func (*Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE orders (
			order_id text PRIMARY KEY, contract_id text NOT NULL, customer_id text NOT NULL,
			kind text NOT NULL, status text NOT NULL,
			total_minor bigint NOT NULL, paid_minor bigint NOT NULL, currency text NOT NULL,
			created_by text NOT NULL, due_at timestamptz, production_needed boolean NOT NULL,
			pending_change_id text NOT NULL, ship_on timestamptz, dispatched_at timestamptz,
			transport_status text NOT NULL, transport_location text NOT NULL,
			delivered_at timestamptz, delivery_note_no text NOT NULL,
			delays int NOT NULL, last_delay_due_at timestamptz, last_delay_reason text NOT NULL,
			created_at timestamptz NOT NULL, version bigint NOT NULL, updated_at timestamptz NOT NULL
		) WITH (fillfactor = 80);`)
	if err != nil {
		return err
	}
	return setupVersions(ctx, tx)
}

// Indexes implements Indexer: the list's default order (newest first) and
// its customer and contract filters, none on updated_at, which every
// payment rewrites (see customers.Projection.Indexes).
func (*Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, strings.Join(orderIndexes, ";\n")); err != nil {
		return err
	}
	return indexVersions(ctx, tx)
}

var orderIndexes = []string{
	"CREATE INDEX IF NOT EXISTS orders_customer ON orders (customer_id, created_at)",
	"CREATE INDEX IF NOT EXISTS orders_contract ON orders (contract_id, created_at)",
	"CREATE INDEX IF NOT EXISTS orders_created ON orders (created_at, order_id)",
}

// IndexBuilds implements projections.IndexBuilds: the versions' GiSTs
// are most of a rebuild's last index builds (decision 46).
func (*Projection) IndexBuilds() []string {
	return append(slices.Clone(orderIndexes), versionIndexes...)
}

type orderRow struct {
	OrderID           string     `db:"order_id"`
	ContractID        string     `db:"contract_id"`
	CustomerID        string     `db:"customer_id"`
	Kind              string     `db:"kind"`
	Status            string     `db:"status"`
	TotalMinor        int64      `db:"total_minor"`
	PaidMinor         int64      `db:"paid_minor"`
	Currency          string     `db:"currency"`
	CreatedBy         string     `db:"created_by"`
	DueAt             *time.Time `db:"due_at"`
	ProductionNeeded  bool       `db:"production_needed"`
	PendingChangeID   string     `db:"pending_change_id"`
	ShipOn            *time.Time `db:"ship_on"`
	DispatchedAt      *time.Time `db:"dispatched_at"`
	TransportStatus   string     `db:"transport_status"`
	TransportLocation string     `db:"transport_location"`
	DeliveredAt       *time.Time `db:"delivered_at"`
	DeliveryNoteNo    string     `db:"delivery_note_no"`
	Delays            int        `db:"delays"`
	LastDelayDueAt    *time.Time `db:"last_delay_due_at"`
	LastDelayReason   string     `db:"last_delay_reason"`
	CreatedAt         time.Time  `db:"created_at"`
	tables.Stamp
}

// Apply implements Projection: one read and one write round trip a batch.
func (p *Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	rows := tables.NewSet("orders", func(r *orderRow) string { return r.OrderID }, "order_id")
	versions := newVersions()
	return tables.ApplyEvents(ctx, tx, p.events, events, func(id string, e tables.Decoded) {
		defer func() { versions.Record(id, rows.Get(id), e) }()
		row := tables.Advance(rows, id, e, openOrder)
		if row == nil {
			return // not created (yet), or already applied
		}
		row.apply(e.Event)
	}, rows, versions)
}

func (r *orderRow) apply(e domain.Event) {
	switch e := e.(type) {
	case order.Confirmed:
		r.Status = string(order.StatusConfirmed)
	case order.ChangeRequested:
		r.PendingChangeID = e.ChangeID
	case order.ChangeApproved, order.ChangeRejected:
		r.PendingChangeID = ""
	case order.Changed:
		r.TotalMinor, r.DueAt = e.Total.Minor, earliestDelivery(e.After)
	case order.ProductionRequested:
		r.Status, r.ProductionNeeded = string(order.StatusInProduction), true
	case order.GoodsInspected:
		if e.Passed {
			r.Status = string(order.StatusReady)
		}
	case order.ShipmentRequested:
		r.Status = string(order.StatusShipmentRequested)
	case order.ShipmentScheduled:
		r.Status, r.ShipOn = string(order.StatusScheduled), &e.ShipOn
	case order.Dispatched:
		r.Status, r.DispatchedAt = string(order.StatusInTransit), &e.DispatchedAt
	default:
		r.applyDelivery(e)
	}
}

func (r *orderRow) applyDelivery(e domain.Event) {
	switch e := e.(type) {
	case order.TransportStatusUpdated:
		r.TransportStatus, r.TransportLocation = e.Status, e.Location
	case order.Delivered:
		r.Status, r.DeliveredAt, r.DeliveryNoteNo = string(order.StatusDelivered), &e.DeliveredAt, e.DeliveryNoteNo
	case order.DeliveryDelayed:
		r.Delays, r.LastDelayDueAt, r.LastDelayReason = r.Delays+1, &e.DueAt, e.Reason
	case order.Accepted:
		r.Status = string(order.StatusAccepted)
	case order.PaymentReceived:
		r.PaidMinor += e.Amount.Minor
	case order.Settled:
		r.Status = string(order.StatusSettled)
	case order.Closed:
		r.Status = string(order.StatusClosed)
	case order.Cancelled:
		r.Status = string(order.StatusCancelled)
	}
}

// earliestDelivery is the first delivery time the lines promise.
func earliestDelivery(lines []order.Line) *time.Time {
	var first *time.Time
	for _, l := range lines {
		if !l.DeliveryTime.IsZero() && (first == nil || l.DeliveryTime.Before(*first)) {
			t := l.DeliveryTime
			first = &t
		}
	}
	return first
}

// openOrder opens the row of an aggregate on its first event.
func openOrder(id string, e tables.Decoded) *orderRow {
	c, ok := e.Event.(order.Created)
	if !ok {
		return nil
	}
	return &orderRow{OrderID: id, ContractID: c.ContractID, CustomerID: c.CustomerID, Kind: string(c.Kind),
		Status: string(order.StatusDraft), TotalMinor: c.Total.Minor, Currency: tables.Currency(c.Total),
		CreatedBy: c.CreatedBy, DueAt: earliestDelivery(c.Lines), CreatedAt: c.CreatedAt}
}
