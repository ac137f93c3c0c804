package projections

import (
	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
)

// The statements of the sales-vs-target read model.

// annualRow selects a plan's own annual target among its targets.
const annualRow = `level = 'ORG_UNIT' AND period_kind = 'YEAR'`

func queuePlanDrafted(b *pgx.Batch, e eventstore.Recorded) error {
	ev, err := decodeBody[salesplan.Drafted](e)
	if err != nil {
		return err
	}
	d := ev.Details
	cur := currencyOr(d.Target)
	b.Queue(`INSERT INTO sales_plans (plan_id, year, org_unit_id, region, status, target_minor, currency, version, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (plan_id) DO UPDATE SET year = excluded.year, org_unit_id = excluded.org_unit_id,
			region = excluded.region, status = excluded.status, target_minor = excluded.target_minor, currency = excluded.currency`,
		ev.PlanID, d.Year, d.OrgUnitID, d.Region, string(salesplan.StatusDraft), d.Target.Minor, cur,
		int64(e.StreamVersion), e.RecordedAt)
	// The plan's target is its org unit's annual target (salesplan.normalize).
	b.Queue(`DELETE FROM sales_targets WHERE plan_id = $1 AND `+annualRow, ev.PlanID)
	return queueAllocation(b, e, ev.PlanID, salesplan.Allocation{
		Period: salesplan.YearPeriod(d.Year), Level: salesplan.LevelOrgUnit, AssigneeID: d.OrgUnitID,
		Amount: domain.Money{Minor: d.Target.Minor, Currency: cur},
	})
}

func queuePlanReviewed(b *pgx.Batch, e eventstore.Recorded) error {
	ev, err := decodeBody[salesplan.Reviewed](e)
	if err != nil || !ev.Passed {
		return err
	}
	b.Queue(`UPDATE sales_plans SET status = $2 WHERE plan_id = $1`, ev.PlanID, string(salesplan.StatusReviewed))
	return nil
}

// queuePlanDecomposed drops the earlier decomposition; the allocations
// that follow in the same append make the new one.
func queuePlanDecomposed(b *pgx.Batch, e eventstore.Recorded) error {
	ev, err := decodeBody[salesplan.Decomposed](e)
	if err != nil {
		return err
	}
	b.Queue(`UPDATE sales_plans SET status = $2 WHERE plan_id = $1`, ev.PlanID, string(salesplan.StatusDecomposed))
	b.Queue(`DELETE FROM sales_targets WHERE plan_id = $1 AND NOT (`+annualRow+`)`, ev.PlanID)
	return nil
}

func queueTargetAllocated(b *pgx.Batch, e eventstore.Recorded) error {
	ev, err := decodeBody[salesplan.TargetAllocated](e)
	if err != nil {
		return err
	}
	return queueAllocation(b, e, ev.PlanID, ev.Allocation)
}

func queueTargetRevised(b *pgx.Batch, e eventstore.Recorded) error {
	ev, err := decodeBody[salesplan.TargetRevised](e)
	if err != nil {
		return err
	}
	b.Queue(`UPDATE sales_plans SET status = $2 WHERE plan_id = $1`, ev.PlanID, string(salesplan.StatusRevised))
	return queueAllocation(b, e, ev.PlanID, ev.Allocation)
}

// queueAllocation upserts one target. An org unit target without an
// assignee is the plan's own org unit.
func queueAllocation(b *pgx.Batch, e eventstore.Recorded, planID string, a salesplan.Allocation) error {
	kind, start, end, err := periodBounds(a.Period)
	if err != nil {
		return err
	}
	b.Queue(`INSERT INTO sales_targets (plan_id, period, period_kind, period_start, period_end, level, assignee_id,
			team_id, target_minor, currency, version, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6,
			CASE WHEN $7 = '' AND $6 = 'ORG_UNIT' THEN coalesce((SELECT org_unit_id FROM sales_plans WHERE plan_id = $1), '') ELSE $7 END,
			$8, $9, $10, $11, $12)
		ON CONFLICT (plan_id, period, level, assignee_id) DO UPDATE SET team_id = excluded.team_id,
			target_minor = excluded.target_minor, currency = excluded.currency`,
		planID, string(a.Period), kind, start, end, string(a.Level), a.AssigneeID, a.TeamID, a.Amount.Minor,
		currencyOr(a.Amount), int64(e.StreamVersion), e.RecordedAt)
	return nil
}

// queueContractOwner remembers who drafted a contract: the rep its sale is
// credited to.
func queueContractOwner(b *pgx.Batch, e eventstore.Recorded) error {
	ev, err := decodeBody[contract.Drafted](e)
	if err != nil {
		return err
	}
	b.Queue(`INSERT INTO sales_contract_owners (contract_id, rep_id, org_unit_id) VALUES ($1, $2, $3)
		ON CONFLICT (contract_id) DO NOTHING`, e.Stream[len(contract.Stream("")):], ev.DrafterID, ev.DrafterOrgUnitID)
	return nil
}

// queueSale records a signed contract as a sale of its owner.
func queueSale(b *pgx.Batch, e eventstore.Recorded) error {
	ev, err := decodeBody[contract.Signed](e)
	if err != nil {
		return err
	}
	b.Queue(`INSERT INTO sales_actuals (contract_id, customer_id, rep_id, org_unit_id, signed_at, amount_minor, currency,
			version, updated_at)
		SELECT $1, $2, coalesce(o.rep_id, ''), coalesce(o.org_unit_id, ''), $3, $4, $5, $6, $7
		FROM (SELECT $1::text AS contract_id) c LEFT JOIN sales_contract_owners o USING (contract_id)
		ON CONFLICT (contract_id) DO NOTHING`,
		e.Stream[len(contract.Stream("")):], ev.CustomerID, ev.SignedAt, ev.Value.Minor, currencyOr(ev.Value),
		int64(e.StreamVersion), e.RecordedAt)
	return nil
}

// currencyOr returns m's currency, the default when it names none.
func currencyOr(m domain.Money) string {
	if m.Currency == "" {
		return domain.DefaultCurrency
	}
	return m.Currency
}
