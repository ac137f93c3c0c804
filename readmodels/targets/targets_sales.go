package targets

import (
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// salesBatch collects the contracts of a batch: who drafted each (the rep
// its sale is credited to) and which were signed.
type salesBatch struct {
	owners []*contractOwnerRow
	sales  []*saleRow
}

type contractOwnerRow struct {
	ContractID string `db:"contract_id"`
	RepID      string `db:"rep_id"`
	OrgUnitID  string `db:"org_unit_id"`
}

type saleRow struct {
	ContractID  string    `db:"contract_id"`
	CustomerID  string    `db:"customer_id"`
	SignedAt    time.Time `db:"signed_at"`
	AmountMinor int64     `db:"amount_minor"`
	Currency    string    `db:"currency"`
	Version     int64     `db:"version"`
	UpdatedAt   time.Time `db:"updated_at"`
	Month       string    `db:"month"` // the company month signed in (YYYY-MM), sales_months' key
}

func (s *salesBatch) drafted(e tables.Decoded) error {
	ev := e.Event.(contract.Drafted)
	s.owners = append(s.owners, &contractOwnerRow{e.Stream[len(contract.Stream("")):], ev.DrafterID, ev.DrafterOrgUnitID})
	return nil
}

func (s *salesBatch) signed(e tables.Decoded) error {
	ev := e.Event.(contract.Signed)
	s.sales = append(s.sales, &saleRow{e.Stream[len(contract.Stream("")):], ev.CustomerID, ev.SignedAt,
		ev.Value.Minor, tables.Currency(ev.Value), int64(e.StreamVersion), e.RecordedAt, ev.SignedAt.In(companyZone).Format("2006-01")})
	return nil
}

// queue writes the owners, then the sales with their owners, and adds
// to sales_months the sales it inserted; a contract is signed once, so a
// sale already recorded stays as it is and is not counted again.
func (s *salesBatch) queue(b *pgx.Batch) error {
	if err := tables.QueueUpsert(b, "sales_contract_owners", []string{"contract_id"}, s.owners, true); err != nil || len(s.sales) == 0 {
		return err
	}
	sales, args, err := tables.Unnest(s.sales)
	if err != nil {
		return err
	}
	b.Queue(`WITH ins AS (
			INSERT INTO sales_actuals (contract_id, customer_id, rep_id, org_unit_id, signed_at, amount_minor, currency,
				version, updated_at)
			SELECT d.contract_id, d.customer_id, coalesce(o.rep_id, ''), coalesce(o.org_unit_id, ''), d.signed_at,
				d.amount_minor, d.currency, d.version, d.updated_at
			FROM `+sales+`
			LEFT JOIN sales_contract_owners o ON o.contract_id = d.contract_id
			ON CONFLICT (contract_id) DO NOTHING
			RETURNING contract_id, version, rep_id, org_unit_id, amount_minor)
		INSERT INTO sales_months (rep_id, org_unit_id, month, sales, amount_minor)
		SELECT ins.rep_id, ins.org_unit_id, d.month, count(*), sum(ins.amount_minor)
		FROM ins JOIN `+sales+` ON d.contract_id = ins.contract_id AND d.version = ins.version
		GROUP BY 1, 2, 3
		ON CONFLICT (rep_id, org_unit_id, month) DO UPDATE SET sales = sales_months.sales + excluded.sales,
			amount_minor = sales_months.amount_minor + excluded.amount_minor`, args...)
	return nil
}
