// Package expenses is the expense claim read model (SPEC §5 item 12):
// each claim with its itemised list and where it stands, and the totals
// claimed, approved and paid per person, department and month.
package expenses

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection keeps the expense read model's tables.
type Projection struct{ codec *eventstore.Codec }

// New returns the expense projection.
func New() *Projection { return &Projection{codec: eventstore.NewCodec(expense.Events()...)} }

// Name implements Projection.
func (*Projection) Name() string { return "expenses" }

// Tables implements Projection.
func (*Projection) Tables() []string { return []string{"expense_claims", "expense_items"} }

// Filter implements Projection.
func (*Projection) Filter() eventstore.Filter {
	var types []string
	for _, e := range expense.Events() {
		types = append(types, e.EventType())
	}
	return eventstore.Filter{EventTypes: types}
}

// Setup implements Projection. A claim's items are kept per draft (the
// stream version of the Drafted event): the claim row names the draft in
// force, so applying an older draft again never mixes its lines in.
func (*Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE expense_claims (
			claim_id text PRIMARY KEY, claimant_id text NOT NULL, org_unit_id text NOT NULL, purpose text NOT NULL,
			status text NOT NULL, draft_version bigint NOT NULL, total_minor bigint NOT NULL, currency text NOT NULL,
			prior_approved boolean NOT NULL DEFAULT false, signatures text[] NOT NULL DEFAULT '{}',
			payment_ref text NOT NULL DEFAULT '', submitted_at timestamptz, paid_at timestamptz,
			updated_at timestamptz NOT NULL, version bigint NOT NULL);
		CREATE TABLE expense_items (
			claim_id text NOT NULL, draft_version bigint NOT NULL, line int NOT NULL, kind text NOT NULL,
			amount_minor bigint NOT NULL, currency text NOT NULL, incurred_on text NOT NULL, month text NOT NULL,
			voucher_ref text NOT NULL, description text NOT NULL,
			PRIMARY KEY (claim_id, draft_version, line));`)
	return err
}

// Indexes implements Indexer: the lists read by claimant, unit and month.
func (*Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS expense_claims_claimant ON expense_claims (claimant_id);
		CREATE INDEX IF NOT EXISTS expense_claims_unit ON expense_claims (org_unit_id, status);
		CREATE INDEX IF NOT EXISTS expense_items_month ON expense_items (month);`)
	return err
}

// Apply implements Projection: every event becomes statements of one
// batch, in order; each change is guarded by the stream version, so
// applying a batch again changes nothing.
func (p *Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	b := &pgx.Batch{}
	for _, r := range events {
		e, err := p.codec.DecodeRecorded(r)
		if err != nil {
			return fmt.Errorf("expenses: decode %s: %w", r.Type, err)
		}
		queue(b, e, int64(r.StreamVersion))
	}
	return tables.Write(ctx, tx, b)
}

// set queues an update of a claim's row at version v of its stream.
func set(b *pgx.Batch, claimID string, v int64, assignments string, args ...any) {
	b.Queue(`UPDATE expense_claims SET `+assignments+`, version = $2 WHERE claim_id = $1 AND version < $2`,
		append([]any{claimID, v}, args...)...)
}

func queue(b *pgx.Batch, e any, v int64) {
	switch e := e.(type) {
	case expense.Drafted:
		drafted(b, e, v)
	case expense.PriorApproved:
		set(b, e.ClaimID, v, `status = $3, prior_approved = true, updated_at = $4`, string(expense.StatusPriorApproved), e.ApprovedAt)
	case expense.Submitted:
		set(b, e.ClaimID, v, `status = $3, signatures = '{}', submitted_at = $4, updated_at = $4`, string(expense.StatusSubmitted), e.SubmittedAt)
	case expense.Signed:
		status := expense.StatusSubmitted
		if e.Complete {
			status = expense.StatusSigned
		}
		set(b, e.ClaimID, v, `status = $3, signatures = signatures || $4::text, updated_at = $5`, string(status), e.SignerID, e.SignedAt)
	case expense.FinanceApproved:
		set(b, e.ClaimID, v, `status = $3, updated_at = $4`, string(expense.StatusFinanceApproved), e.ApprovedAt)
	case expense.Paid:
		set(b, e.ClaimID, v, `status = $3, payment_ref = $4, paid_at = $5, updated_at = $5`, string(expense.StatusPaid), e.PaymentRef, e.PaidAt)
	case expense.Returned:
		set(b, e.ClaimID, v, `status = $3, signatures = '{}', updated_at = $4`, string(expense.StatusReturned), e.ReturnedAt)
	case expense.Rejected:
		set(b, e.ClaimID, v, `status = $3, updated_at = $4`, string(expense.StatusRejected), e.RejectedAt)
	}
}

// drafted records a draft: the claim row (a rework keeps an approval in
// advance) and the draft's lines.
func drafted(b *pgx.Batch, e expense.Drafted, v int64) {
	total, err := expense.Total(e.Items)
	if err != nil { // the aggregate drafts only claims whose total adds up
		total.Currency = ""
	}
	b.Queue(`INSERT INTO expense_claims (claim_id, claimant_id, org_unit_id, purpose, status, draft_version, total_minor, currency, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $6)
		ON CONFLICT (claim_id) DO UPDATE SET purpose = excluded.purpose, draft_version = excluded.draft_version,
			total_minor = excluded.total_minor, currency = excluded.currency, updated_at = excluded.updated_at, version = excluded.version,
			status = CASE WHEN expense_claims.prior_approved THEN $10 ELSE $5 END
		WHERE expense_claims.version < excluded.version`,
		e.ClaimID, e.ClaimantID, e.OrgUnitID, e.Purpose, string(expense.StatusDraft), v, total.Minor, tables.Currency(total), e.DraftedAt,
		string(expense.StatusPriorApproved))
	for i, it := range e.Items {
		b.Queue(`INSERT INTO expense_items VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
			e.ClaimID, v, i+1, string(it.Kind), it.Amount.Minor, tables.Currency(it.Amount), it.IncurredOn, monthOf(it.IncurredOn), it.VoucherRef, it.Description)
	}
}

// monthOf is the month "2006-01" of a day "2006-01-02" ("" for a value
// that is not a day, which the aggregate never records).
func monthOf(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	return t.Format("2006-01")
}
