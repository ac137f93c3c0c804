package projections

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
)

// Contracts keeps one row per contract with status, value, deposit and
// signature (contracts), every step of the review chain with who decided,
// under which role, when, what and why (contract_steps), and the
// amendments with their own progress (contract_amendments).
type Contracts struct {
	codec   *eventstore.Codec
	handled map[string]bool
}

// NewContracts returns the contracts projection.
func NewContracts() *Contracts {
	return &Contracts{codec: eventstore.NewCodec(contract.Events()...), handled: typeSet(contract.Drafted{},
		contract.DraftRevised{}, contract.PriceLinked{}, contract.UnauthorisedQuotationDetected{}, contract.Registered{},
		contract.DeptHeadApproved{}, contract.LegalReviewPassed{}, contract.LegalReviewFailed{}, contract.ApprovedByGM{},
		contract.Returned{}, contract.Signed{}, contract.DepositReceived{}, contract.ExecutionStarted{},
		contract.ExecutionIssueRaised{}, contract.ExecutionIssueResolved{}, contract.AmendmentRequested{},
		contract.AmendmentApproved{}, contract.AmendmentWithdrawn{}, contract.Amended{}, contract.Completed{},
		contract.Closed{}, contract.Terminated{})}
}

const contractPrefix = "contract-"

// Name implements Projection.
func (*Contracts) Name() string { return "contracts" }

// Tables implements Projection.
func (*Contracts) Tables() []string {
	return []string{"contracts", "contract_steps", "contract_amendments"}
}

// Filter implements Projection.
func (*Contracts) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{contractPrefix}}
}

// Setup implements Projection.
func (*Contracts) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE contracts (
			contract_id text PRIMARY KEY, customer_id text NOT NULL, status text NOT NULL,
			value_minor bigint NOT NULL, currency text NOT NULL,
			deposit_required_minor bigint NOT NULL, deposit_received_minor bigint NOT NULL,
			quotation_id text NOT NULL, price_linked boolean NOT NULL, unauthorised_quotation boolean NOT NULL,
			missing_recommended_clauses jsonb NOT NULL,
			drafter_id text NOT NULL, drafter_org_unit_id text NOT NULL, registration_no text NOT NULL,
			delivery_date timestamptz, signer_id text NOT NULL, signer_role text NOT NULL, signed_at timestamptz,
			open_issues int NOT NULL, amendment_id text NOT NULL, amendment_stage text NOT NULL,
			termination_reason text NOT NULL, drafted_at timestamptz NOT NULL, ended_at timestamptz,
			version bigint NOT NULL, updated_at timestamptz NOT NULL
		);
		CREATE INDEX contracts_customer ON contracts (customer_id, drafted_at);
		CREATE TABLE contract_steps (
			contract_id text NOT NULL, seq bigint NOT NULL, amendment_id text NOT NULL,
			step text NOT NULL, actor_id text NOT NULL, role text NOT NULL,
			decision text NOT NULL, comment text NOT NULL, at timestamptz NOT NULL,
			PRIMARY KEY (contract_id, seq)
		);
		CREATE TABLE contract_amendments (
			contract_id text NOT NULL, amendment_id text NOT NULL, status text NOT NULL, reason text NOT NULL,
			value_before_minor bigint NOT NULL, value_after_minor bigint NOT NULL, currency text NOT NULL,
			price_linked boolean NOT NULL, requested_by text NOT NULL, requested_at timestamptz NOT NULL,
			decided_at timestamptz, version bigint NOT NULL, updated_at timestamptz NOT NULL,
			PRIMARY KEY (contract_id, amendment_id)
		);`)
	return err
}

type contractRow struct {
	ContractID            string     `json:"contract_id"`
	CustomerID            string     `json:"customer_id"`
	Status                string     `json:"status"`
	ValueMinor            int64      `json:"value_minor"`
	Currency              string     `json:"currency"`
	DepositRequiredMinor  int64      `json:"deposit_required_minor"`
	DepositReceivedMinor  int64      `json:"deposit_received_minor"`
	QuotationID           string     `json:"quotation_id"`
	PriceLinked           bool       `json:"price_linked"`
	UnauthorisedQuotation bool       `json:"unauthorised_quotation"`
	MissingClauses        []string   `json:"missing_recommended_clauses"`
	DrafterID             string     `json:"drafter_id"`
	DrafterOrgUnitID      string     `json:"drafter_org_unit_id"`
	RegistrationNo        string     `json:"registration_no"`
	DeliveryDate          *time.Time `json:"delivery_date"`
	SignerID              string     `json:"signer_id"`
	SignerRole            string     `json:"signer_role"`
	SignedAt              *time.Time `json:"signed_at"`
	OpenIssues            int        `json:"open_issues"`
	AmendmentID           string     `json:"amendment_id"`
	AmendmentStage        string     `json:"amendment_stage"`
	TerminationReason     string     `json:"termination_reason"`
	DraftedAt             time.Time  `json:"drafted_at"`
	EndedAt               *time.Time `json:"ended_at"`
	Version               uint64     `json:"version"`
	UpdatedAt             time.Time  `json:"updated_at"`
}

type contractStepRow struct {
	ContractID  string    `json:"contract_id"`
	Seq         uint64    `json:"seq"`
	AmendmentID string    `json:"amendment_id"`
	Step        string    `json:"step"`
	ActorID     string    `json:"actor_id"`
	Role        string    `json:"role"`
	Decision    string    `json:"decision"`
	Comment     string    `json:"comment"`
	At          time.Time `json:"at"`
}

type amendmentRow struct {
	ContractID       string     `json:"contract_id"`
	AmendmentID      string     `json:"amendment_id"`
	Status           string     `json:"status"`
	Reason           string     `json:"reason"`
	ValueBeforeMinor int64      `json:"value_before_minor"`
	ValueAfterMinor  int64      `json:"value_after_minor"`
	Currency         string     `json:"currency"`
	PriceLinked      bool       `json:"price_linked"`
	RequestedBy      string     `json:"requested_by"`
	RequestedAt      time.Time  `json:"requested_at"`
	DecidedAt        *time.Time `json:"decided_at"`
	Version          uint64     `json:"version"`
	UpdatedAt        time.Time  `json:"updated_at"`
}

// contractBatch is what one batch changes.
type contractBatch struct {
	rows       *rowSet[contractRow]
	steps      *appendSet[contractStepRow]
	amendments *rowSet[amendmentRow]
}

// Apply implements Projection: one read and one write round trip a batch.
func (p *Contracts) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	evs, err := decodeBatch(p.codec, p.handled, events)
	if err != nil {
		return err
	}
	b := contractBatch{
		rows:  newRowSet("contracts", func(r *contractRow) string { return r.ContractID }, "contract_id"),
		steps: &appendSet[contractStepRow]{table: "contract_steps"},
		amendments: newRowSet("contract_amendments", func(r *amendmentRow) string { return r.ContractID + "\x00" + r.AmendmentID },
			"contract_id", "amendment_id"),
	}
	return applyBatch(ctx, tx, streamIDs(evs, contractPrefix), func() error {
		for _, e := range evs {
			b.apply(e)
		}
		return nil
	}, b.rows, b.steps, b.amendments)
}

func (b contractBatch) apply(e decoded) {
	id := e.Stream[len(contractPrefix):]
	row := b.rows.get(id)
	if d, ok := e.Event.(contract.Drafted); ok && row == nil {
		row = &contractRow{ContractID: id, CustomerID: d.CustomerID, Status: string(contract.StatusDraft),
			ValueMinor: d.Terms.Price.Minor, Currency: moneyCurrency(d.Terms.Price), DepositRequiredMinor: d.DepositRequired.Minor,
			QuotationID: d.QuotationID, PriceLinked: d.PriceLinked, MissingClauses: nonNil(d.MissingRecommendedClauses),
			DrafterID: d.DrafterID, DrafterOrgUnitID: d.DrafterOrgUnitID, DeliveryDate: optTime(d.Terms.DeliveryDate),
			DraftedAt: d.DraftedAt}
		b.rows.put(row)
	}
	if row == nil || e.StreamVersion <= row.Version {
		return // not drafted (yet), or already applied
	}
	row.Version, row.UpdatedAt = e.StreamVersion, e.RecordedAt
	b.rows.touch(row)
	if step := b.review(row, e); step != nil {
		step.ContractID, step.Seq = id, e.StreamVersion
		b.steps.add(step)
		return
	}
	b.lifecycle(row, e)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
