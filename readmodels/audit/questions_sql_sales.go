package audit

// money writes a stored amount ({"minor":…,"currency":…}) as the API
// writes amounts: "CNY 20.00".
func money(x string) string {
	return `((` + x + `)->>'currency') || ' ' || round(((` + x + `)->>'minor')::numeric / 100, 2)`
}

// A4: the quotations an auditor must look at (margin under 20%, issued
// before any approval, issued under the rep's authority without the retro
// approval), and every contract or order whose price was found not to be
// an approved quotation's.
var a4 = `WITH q AS (` + events("quotation.margin_computed", "quotation.approval_requested", "quotation.approved",
	"quotation.rejected", "quotation.issued", "quotation.issued_under_rep_authority") + `),
	g AS (SELECT aggregate_id,
		(array_agg(data->>'margin' ORDER BY ord DESC) FILTER (WHERE event_type = 'quotation.margin_computed'))[1] AS margin,
		(array_agg(data->>'tier' ORDER BY ord DESC) FILTER (WHERE event_type = 'quotation.margin_computed'))[1] AS tier,
		string_agg(data->>'approver_id' || ' (' || (data->>'approver_role') || ')', ', ' ORDER BY ord)
			FILTER (WHERE event_type = 'quotation.approved') AS approved_by,
		bool_or(event_type = 'quotation.approved' AND data->>'approver_role' = 'GM') AS gm_approved,
		min(ord) FILTER (WHERE event_type = 'quotation.approved') AS approved,
		min(ord) FILTER (WHERE event_type = 'quotation.issued') AS issued,
		bool_or(event_type = 'quotation.issued_under_rep_authority') AS rep_authority,
		bool_or(event_type = 'quotation.approved' AND (data->>'retro')::boolean) AS retro,
		` + evidenceAgg("q") + ` AS evidence, min(recorded_at) AS first_at, max(recorded_at) AS last_at
		FROM q GROUP BY aggregate_id),
	f AS (SELECT g.*, ` + flags(`CASE WHEN margin::numeric < 20 AND NOT gm_approved THEN 'below_20_percent_without_gm_approval' END`,
	`CASE WHEN issued IS NOT NULL AND (approved IS NULL OR approved > issued) THEN 'issued_without_approval' END`,
	`CASE WHEN rep_authority AND NOT retro THEN 'retro_approval_missing' END`) + ` AS flags FROM g),
	d AS (` + events("contract.unauthorised_quotation_detected", "order.unauthorised_quotation_detected") + `)
	SELECT 'quotation-' || aggregate_id AS key, 'quotation-' || aggregate_id AS subject,
		jsonb_strip_nulls(jsonb_build_object('quotation_id', aggregate_id, 'margin', margin, 'tier', tier,
			'approved_by', coalesce(approved_by, ''), 'issued', (issued IS NOT NULL OR rep_authority)::text,
			'under_rep_authority', rep_authority::text)) AS facts, flags, evidence, first_at, last_at
	FROM f WHERE margin::numeric < 20 OR cardinality(flags) > 0
	UNION ALL
	SELECT d.aggregate_type || '-' || d.aggregate_id || '/' || d.event_id, d.aggregate_type || '-' || d.aggregate_id,
		jsonb_strip_nulls(jsonb_build_object(d.aggregate_type || '_id', d.aggregate_id, 'quotation_id', nullif(d.data->>'quotation_id', ''),
			'price', ` + money("d.data->'contract_price'") + `, 'quote_price', ` + money("d.data->'quote_price'") + `,
			'drafter_id', d.data->>'drafter_id')),
		ARRAY['price_deviates_from_approved_quotation'], json_build_array(` + evidence("d") + `), d.recorded_at, d.recorded_at
	FROM d`

// A16: contracts that require a deposit and were signed before it was
// received, and orders under such contracts confirmed before it; an
// order's evidence includes its contract's requirement and deposit.
var a16 = `WITH c AS (` + events("contract.drafted", "contract.signed", "contract.deposit_received") + `),
	cg AS (SELECT aggregate_id,
		(array_agg(data->'deposit_required' ORDER BY ord) FILTER (WHERE event_type = 'contract.drafted'))[1] AS required,
		min(ord) FILTER (WHERE event_type = 'contract.signed') AS signed,
		min(ord) FILTER (WHERE event_type = 'contract.deposit_received') AS deposit,
		` + evidenceAgg("c") + ` AS evidence, min(recorded_at) AS first_at, max(recorded_at) AS last_at
		FROM c GROUP BY aggregate_id),
	o AS (SELECT t.*, t.pos_major::numeric * 1e20 + t.pos_minor AS ord FROM {T} t
		WHERE t.event_type IN ('order.created', 'order.confirmed') AND ($1::text = '' OR t.aggregate_id = $1::text
			OR t.aggregate_id IN (SELECT x.aggregate_id FROM {T} x WHERE x.event_type = 'order.created' AND x.data->>'contract_id' = $1::text))),
	og AS (SELECT aggregate_id, (array_agg(data->>'contract_id') FILTER (WHERE event_type = 'order.created'))[1] AS contract_id,
		min(ord) FILTER (WHERE event_type = 'order.confirmed') AS confirmed, min(recorded_at) AS first_at, max(recorded_at) AS last_at
		FROM o GROUP BY aggregate_id),
	deposits AS (SELECT t.aggregate_id, min(t.pos_major::numeric * 1e20 + t.pos_minor) AS deposit FROM {T} t
		WHERE t.event_type = 'contract.deposit_received' GROUP BY t.aggregate_id),
	requirements AS (SELECT t.aggregate_id, (array_agg(t.data->'deposit_required' ORDER BY t.pos_major, t.pos_minor))[1] AS required
		FROM {T} t WHERE t.event_type = 'contract.drafted' GROUP BY t.aggregate_id)
	SELECT 'contract-' || cg.aggregate_id AS key, 'contract-' || cg.aggregate_id AS subject,
		jsonb_build_object('contract_id', cg.aggregate_id, 'deposit_required', ` + money("cg.required") + `,
			'deposit_received', CASE WHEN deposit IS NULL THEN 'not yet' ELSE 'after signing' END) AS facts,
		ARRAY['signed_before_deposit'] AS flags,
		cg.evidence, cg.first_at, cg.last_at
	FROM cg WHERE (cg.required->>'minor')::bigint > 0 AND signed IS NOT NULL AND (deposit IS NULL OR deposit > signed)
	UNION ALL
	SELECT 'order-' || og.aggregate_id, 'order-' || og.aggregate_id,
		jsonb_build_object('order_id', og.aggregate_id, 'contract_id', og.contract_id, 'deposit_required', ` + money("r.required") + `,
			'deposit_received', CASE WHEN d.deposit IS NULL THEN 'not yet' ELSE 'after confirmation' END),
		ARRAY['confirmed_before_deposit'],
		(SELECT ` + evidenceAgg("x") + ` FROM (SELECT * FROM ` + stream("order", "og.aggregate_id", "order.created", "order.confirmed") + ` y
			UNION ALL SELECT * FROM ` + stream("contract", "og.contract_id", "contract.drafted", "contract.deposit_received") + ` z) x),
		og.first_at, og.last_at
	FROM og JOIN requirements r ON r.aggregate_id = og.contract_id LEFT JOIN deposits d ON d.aggregate_id = og.contract_id
	WHERE (r.required->>'minor')::bigint > 0 AND og.confirmed IS NOT NULL AND (d.deposit IS NULL OR d.deposit > og.confirmed)`
