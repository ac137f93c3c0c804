package quotations

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection keeps one row per quotation with status, margin, K7 tier and
// approver role and the retro-approval flag (quotations), and every
// approval request and decision (quotation_approval_steps).
type Projection struct {
	events tables.Events
}

// New returns the quotations projection.
func New() *Projection {
	return &Projection{events: tables.NewEvents(eventstore.NewCodec(quotation.Events()...), quotationPrefix,
		quotation.Events()...)}
}

const quotationPrefix = "quotation-"

// Name implements Projection.
func (*Projection) Name() string { return "quotations" }

// Tables implements Projection.
func (*Projection) Tables() []string { return []string{"quotations", "quotation_approval_steps"} }

// Filter implements Projection.
func (*Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{quotationPrefix}}
}

// Setup implements Projection.
func (*Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE quotations (
			quotation_id text PRIMARY KEY, customer_id text NOT NULL, type text NOT NULL, status text NOT NULL,
			price_minor bigint NOT NULL, cost_minor bigint NOT NULL, currency text NOT NULL,
			margin bigint NOT NULL, tier text NOT NULL, approver_role text NOT NULL, policy_version text NOT NULL,
			retro_approval_pending boolean NOT NULL, retro_rejected boolean NOT NULL,
			drafted_by text NOT NULL, valid_until timestamptz, supersedes text NOT NULL, superseded_by text NOT NULL,
			drafted_at timestamptz NOT NULL, issued_at timestamptz,
			version bigint NOT NULL, updated_at timestamptz NOT NULL
		) WITH (fillfactor = 80);
		CREATE TABLE quotation_approval_steps (
			quotation_id text NOT NULL, seq bigint NOT NULL, action text NOT NULL,
			actor_id text NOT NULL, role text NOT NULL, margin bigint NOT NULL, tier text NOT NULL,
			policy_version text NOT NULL, retro boolean NOT NULL, comment text NOT NULL, at timestamptz NOT NULL,
			PRIMARY KEY (quotation_id, seq)
		);`)
	return err
}

// Indexes implements Indexer: one index per list sort but -updated_at,
// ending in the id so keyset pages are read in order (see
// customers.Projection.Indexes for why updated_at has none). The margin changes only
// when it is computed.
func (*Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS quotations_customer ON quotations (customer_id, drafted_at);
		CREATE INDEX IF NOT EXISTS quotations_drafted ON quotations (drafted_at, quotation_id);
		CREATE INDEX IF NOT EXISTS quotations_margin ON quotations (margin, quotation_id);`)
	return err
}

// quotationRow and quotationStepRow keep the column "policy_version" for
// RegulationVersion: tables already built carry that name.
type quotationRow struct {
	QuotationID          string     `db:"quotation_id"`
	CustomerID           string     `db:"customer_id"`
	Type                 string     `db:"type"`
	Status               string     `db:"status"`
	PriceMinor           int64      `db:"price_minor"`
	CostMinor            int64      `db:"cost_minor"`
	Currency             string     `db:"currency"`
	Margin               int64      `db:"margin"`
	Tier                 string     `db:"tier"`
	ApproverRole         string     `db:"approver_role"`
	RegulationVersion    string     `db:"policy_version"`
	RetroApprovalPending bool       `db:"retro_approval_pending"`
	RetroRejected        bool       `db:"retro_rejected"`
	DraftedBy            string     `db:"drafted_by"`
	ValidUntil           *time.Time `db:"valid_until"`
	Supersedes           string     `db:"supersedes"`
	SupersededBy         string     `db:"superseded_by"`
	DraftedAt            time.Time  `db:"drafted_at"`
	IssuedAt             *time.Time `db:"issued_at"`
	tables.Stamp
}

type quotationStepRow struct {
	QuotationID       string    `db:"quotation_id"`
	Seq               uint64    `db:"seq"`
	Action            string    `db:"action"`
	ActorID           string    `db:"actor_id"`
	Role              string    `db:"role"`
	Margin            int64     `db:"margin"`
	Tier              string    `db:"tier"`
	RegulationVersion string    `db:"policy_version"`
	Retro             bool      `db:"retro"`
	Comment           string    `db:"comment"`
	At                time.Time `db:"at"`
}

// Apply implements Projection: one read and one write round trip a batch.
func (p *Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	rows := tables.NewSet("quotations", func(r *quotationRow) string { return r.QuotationID }, "quotation_id")
	steps := &tables.AppendSet[quotationStepRow]{Table: "quotation_approval_steps"}
	return tables.ApplyEvents(ctx, tx, p.events, events, func(id string, e tables.Decoded) {
		row := tables.Advance(rows, id, e, openQuotation)
		if row == nil {
			return // not drafted (yet), or already applied
		}
		if step := row.apply(e.Event); step != nil {
			step.QuotationID, step.Seq = id, e.StreamVersion
			steps.Add(step)
		}
	}, rows, steps)
}

// apply changes the row for one event and returns the approval step the
// event records, if any.
func (r *quotationRow) apply(e domain.Event) *quotationStepRow {
	switch e := e.(type) {
	case quotation.Drafted:
		r.Status = string(quotation.StatusDraft)
		r.setPrice(e.Price, e.Cost)
	case quotation.Revised:
		r.setPrice(e.Price, e.Cost)
	case quotation.MarginComputed:
		r.setPrice(e.Price, e.Cost)
		r.Margin, r.Tier, r.ApproverRole, r.RegulationVersion = int64(e.Margin), string(e.Tier), string(e.ApproverRole), e.RegulationVersion
	case quotation.ApprovalRequested:
		r.Status, r.ApproverRole = string(quotation.StatusPendingApproval), string(e.RequiredRole)
		return &quotationStepRow{Action: "REQUESTED", ActorID: e.RequestedBy, Role: string(e.RequiredRole),
			Margin: int64(e.Margin), Tier: string(e.Tier), RegulationVersion: e.RegulationVersion, At: e.RequestedAt}
	case quotation.Approved:
		if e.Retro {
			r.RetroApprovalPending = false
		} else {
			r.Status = string(quotation.StatusApproved)
		}
		return &quotationStepRow{Action: "APPROVED", ActorID: e.ApproverID, Role: string(e.ApproverRole), Margin: int64(e.Margin),
			Tier: string(e.Tier), RegulationVersion: e.RegulationVersion, Retro: e.Retro, Comment: e.Comment, At: e.ApprovedAt}
	case quotation.Rejected:
		if e.Retro {
			r.RetroApprovalPending, r.RetroRejected = false, true
		} else {
			r.Status = string(quotation.StatusDraft) // returned to the rep
		}
		return &quotationStepRow{Action: "REJECTED", ActorID: e.ApproverID, Role: string(e.ApproverRole), Margin: int64(e.Margin),
			Tier: string(e.Tier), RegulationVersion: e.RegulationVersion, Retro: e.Retro, Comment: e.Reason, At: e.RejectedAt}
	default:
		return r.applyCosting(e)
	}
	return nil
}

// applyCosting records the business engineer's costing and leadership's
// approved price as steps of the quote's approval chain (K7-costing,
// K7-price); the margin they lead to arrives with MarginComputed.
func (r *quotationRow) applyCosting(e domain.Event) *quotationStepRow {
	switch e := e.(type) {
	case quotation.CostingRecorded:
		return &quotationStepRow{Action: "COSTED", ActorID: e.CostedBy, Role: string(domain.RoleBusinessEngineer), Margin: int64(e.Margin),
			Tier: string(e.Tier), Comment: e.CostingRef, At: e.CostedAt}
	case quotation.PriceApproved:
		// the tier is the costing's, which MarginComputed set on the row
		return &quotationStepRow{Action: "PRICE_APPROVED", ActorID: e.ApproverID, Role: string(e.ApproverRole), Margin: int64(e.Margin),
			Tier: r.Tier, Comment: e.Comment, At: e.ApprovedAt}
	default:
		r.applyOutcome(e)
	}
	return nil
}

func (r *quotationRow) applyOutcome(e domain.Event) {
	switch e := e.(type) {
	case quotation.Issued:
		r.Status, r.IssuedAt = string(quotation.StatusIssued), &e.IssuedAt
	case quotation.IssuedUnderRepAuthority:
		r.Status, r.IssuedAt, r.RetroApprovalPending = string(quotation.StatusIssued), &e.IssuedAt, true
	case quotation.AcceptedByCustomer:
		r.Status = string(quotation.StatusAccepted)
	case quotation.RejectedByCustomer:
		r.Status = string(quotation.StatusRejectedByCustomer)
	case quotation.Superseded:
		r.Status, r.SupersededBy = string(quotation.StatusSuperseded), e.SupersededBy
	case quotation.Expired:
		r.Status = string(quotation.StatusExpired)
	}
}

func (r *quotationRow) setPrice(price, cost domain.Money) {
	r.PriceMinor, r.CostMinor, r.Currency = price.Minor, cost.Minor, tables.Currency(price)
}

// openQuotation opens the row of an aggregate on its first event.
func openQuotation(id string, e tables.Decoded) *quotationRow {
	d, ok := e.Event.(quotation.Drafted)
	if !ok {
		return nil
	}
	return &quotationRow{QuotationID: id, CustomerID: d.CustomerID, Type: string(d.Type),
		DraftedBy: d.DraftedBy, ValidUntil: tables.OptTime(d.ValidUntil), Supersedes: d.Supersedes, DraftedAt: d.DraftedAt}
}
