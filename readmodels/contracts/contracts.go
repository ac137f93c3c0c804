package contracts

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection keeps one row per contract with status, value, deposit and
// signature (contracts), every step of the review chain with who decided,
// under which role, when, what and why (contract_steps), and the
// amendments with their own progress (contract_amendments).
type Projection struct {
	events tables.Events
}

// New returns the contracts projection.
func New() *Projection {
	return &Projection{events: tables.NewEvents(eventstore.NewCodec(contract.Events()...), contractPrefix,
		contract.Drafted{},
		contract.DraftRevised{}, contract.PriceLinked{}, contract.UnauthorisedQuotationDetected{}, contract.Registered{},
		contract.DeptHeadApproved{}, contract.LegalReviewPassed{}, contract.LegalReviewFailed{}, contract.ApprovedByGM{},
		contract.Returned{}, contract.Signed{}, contract.DepositReceived{}, contract.ExecutionStarted{},
		contract.ExecutionIssueRaised{}, contract.ExecutionIssueResolved{}, contract.AmendmentRequested{},
		contract.AmendmentApproved{}, contract.AmendmentWithdrawn{}, contract.Amended{}, contract.Completed{},
		contract.Closed{}, contract.Terminated{})}
}

const contractPrefix = "contract-"

// Name implements Projection.
func (*Projection) Name() string { return "contracts" }

// Tables implements Projection.
func (*Projection) Tables() []string {
	return []string{"contracts", "contract_steps", "contract_amendments", tables.VersionsTable("contracts")}
}

// Filter implements Projection.
func (*Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{contractPrefix}}
}

// Setup implements Projection.
func (*Projection) Setup(ctx context.Context, tx pgx.Tx) error {
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
		) WITH (fillfactor = 80);
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
		) WITH (fillfactor = 80);`)
	if err != nil {
		return err
	}
	return setupVersions(ctx, tx)
}

// Indexes implements Indexer: one index per list sort but -updated_at,
// ending in the id so keyset pages are read in order (see
// customers.Projection.Indexes for why updated_at has none). The value changes only
// with an amendment. The returned steps are indexed by time for the
// contract board (KPI R5), which counts a period's returns.
func (*Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, strings.Join(contractIndexes, ";\n")); err != nil {
		return err
	}
	return indexVersions(ctx, tx)
}

var contractIndexes = []string{
	"CREATE INDEX IF NOT EXISTS contracts_customer ON contracts (customer_id, drafted_at)",
	"CREATE INDEX IF NOT EXISTS contracts_drafted ON contracts (drafted_at, contract_id)",
	"CREATE INDEX IF NOT EXISTS contracts_value ON contracts (value_minor, contract_id)",
	"CREATE INDEX IF NOT EXISTS contract_steps_returned ON contract_steps (at) WHERE decision = 'RETURNED'",
}

// IndexBuilds implements projections.IndexBuilds: the versions' GiSTs
// are most of a rebuild's last index builds (decision 46).
func (*Projection) IndexBuilds() []string {
	return append(slices.Clone(contractIndexes), versionIndexes...)
}

type contractRow struct {
	ContractID            string     `db:"contract_id"`
	CustomerID            string     `db:"customer_id"`
	Status                string     `db:"status"`
	ValueMinor            int64      `db:"value_minor"`
	Currency              string     `db:"currency"`
	DepositRequiredMinor  int64      `db:"deposit_required_minor"`
	DepositReceivedMinor  int64      `db:"deposit_received_minor"`
	QuotationID           string     `db:"quotation_id"`
	PriceLinked           bool       `db:"price_linked"`
	UnauthorisedQuotation bool       `db:"unauthorised_quotation"`
	MissingClauses        []string   `db:"missing_recommended_clauses"`
	DrafterID             string     `db:"drafter_id"`
	DrafterOrgUnitID      string     `db:"drafter_org_unit_id"`
	RegistrationNo        string     `db:"registration_no"`
	DeliveryDate          *time.Time `db:"delivery_date"`
	SignerID              string     `db:"signer_id"`
	SignerRole            string     `db:"signer_role"`
	SignedAt              *time.Time `db:"signed_at"`
	OpenIssues            int        `db:"open_issues"`
	AmendmentID           string     `db:"amendment_id"`
	AmendmentStage        string     `db:"amendment_stage"`
	TerminationReason     string     `db:"termination_reason"`
	DraftedAt             time.Time  `db:"drafted_at"`
	EndedAt               *time.Time `db:"ended_at"`
	tables.Stamp
}

type contractStepRow struct {
	ContractID  string    `db:"contract_id"`
	Seq         uint64    `db:"seq"`
	AmendmentID string    `db:"amendment_id"`
	Step        string    `db:"step"`
	ActorID     string    `db:"actor_id"`
	Role        string    `db:"role"`
	Decision    string    `db:"decision"`
	Comment     string    `db:"comment"`
	At          time.Time `db:"at"`
}

type amendmentRow struct {
	ContractID       string     `db:"contract_id"`
	AmendmentID      string     `db:"amendment_id"`
	Status           string     `db:"status"`
	Reason           string     `db:"reason"`
	ValueBeforeMinor int64      `db:"value_before_minor"`
	ValueAfterMinor  int64      `db:"value_after_minor"`
	Currency         string     `db:"currency"`
	PriceLinked      bool       `db:"price_linked"`
	RequestedBy      string     `db:"requested_by"`
	RequestedAt      time.Time  `db:"requested_at"`
	DecidedAt        *time.Time `db:"decided_at"`
	Version          uint64     `db:"version"`
	UpdatedAt        time.Time  `db:"updated_at"`
}

// contractBatch is what one batch changes.
type contractBatch struct {
	rows       *tables.Set[contractRow]
	steps      *tables.AppendSet[contractStepRow]
	amendments *tables.Set[amendmentRow]
	versions   *tables.Versions[contractRow]
}

// Apply implements Projection: one read and one write round trip a batch.
func (p *Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	b := contractBatch{
		rows:  tables.NewSet("contracts", func(r *contractRow) string { return r.ContractID }, "contract_id"),
		steps: &tables.AppendSet[contractStepRow]{Table: "contract_steps"},
		amendments: tables.NewSet("contract_amendments", func(r *amendmentRow) string { return r.ContractID + "\x00" + r.AmendmentID },
			"contract_id", "amendment_id"),
		versions: newVersions(),
	}
	sets := []tables.Table{b.rows, b.steps, b.amendments, b.versions}
	if leaveAmendments.All(events) {
		sets = []tables.Table{b.rows, b.steps, b.versions}
	}
	return tables.ApplyEvents(ctx, tx, p.events, events, func(id string, e tables.Decoded) {
		b.apply(id, e)
		b.versions.Record(id, b.rows.Get(id), e)
	}, sets...)
}

// leaveAmendments are the event types whose fold neither reads nor writes
// an amendment (review, lifecycle, amendOrEnd): those that can name one
// (a registration, a review step, a revision, a termination with one
// open) are not among them. A batch of only these (a payment, the
// commonest) does not load the contracts' amendments, a statement saved
// on most live batches. Every other type loads them.
var leaveAmendments = tables.Types(contract.Drafted{}, contract.UnauthorisedQuotationDetected{}, contract.ApprovedByGM{},
	contract.Signed{}, contract.DepositReceived{}, contract.ExecutionStarted{}, contract.ExecutionIssueRaised{},
	contract.ExecutionIssueResolved{}, contract.Completed{}, contract.CustomerFeedbackRecorded{}, contract.Closed{},
	contract.CollectionPlanSet{}, contract.PaymentReceived{}, contract.DunningLetterSent{}, contract.CollectionVisitMade{},
	contract.LegalActionApproved{}, contract.LegalActionInitiated{}, contract.CollectionStepDue{})

func (b contractBatch) apply(id string, e tables.Decoded) {
	row := tables.Advance(b.rows, id, e, openContract)
	if row == nil {
		return // not drafted (yet), or already applied
	}
	if step := b.review(row, e); step != nil {
		step.ContractID, step.Seq = id, e.StreamVersion
		b.steps.Add(step)
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

// openContract opens the row of an aggregate on its first event.
func openContract(id string, e tables.Decoded) *contractRow {
	d, ok := e.Event.(contract.Drafted)
	if !ok {
		return nil
	}
	return &contractRow{ContractID: id, CustomerID: d.CustomerID, Status: string(contract.StatusDraft),
		ValueMinor: d.Terms.Price.Minor, Currency: tables.Currency(d.Terms.Price), DepositRequiredMinor: d.DepositRequired.Minor,
		QuotationID: d.QuotationID, PriceLinked: d.PriceLinked, MissingClauses: nonNil(d.MissingRecommendedClauses),
		DrafterID: d.DrafterID, DrafterOrgUnitID: d.DrafterOrgUnitID, DeliveryDate: tables.OptTime(d.Terms.DeliveryDate),
		DraftedAt: d.DraftedAt}
}
