package audit

import "strings"

// evidence is the json object of one audit row (alias a) as an answer's
// evidence lists it; its note is the step's comment or reason.
func evidence(a string) string {
	return strings.ReplaceAll(`json_build_object('position', a.pos_major || '-' || a.pos_minor, 'event_id', a.event_id,
		'event_type', a.event_type, 'actor_id', a.actor_id, 'actor_role', a.actor_role, 'recorded_at', a.recorded_at,
		'effective_at', a.effective_at, 'note', coalesce(nullif(a.data->>'comment', ''), nullif(a.data->>'reason', ''), nullif(a.reason, '')))`,
		"a.", a+".")
}

// evidenceAgg aggregates the evidence of rows a in log order.
func evidenceAgg(a string) string {
	return "json_agg(" + evidence(a) + " ORDER BY " + a + ".ord)"
}

// events selects the audit rows of the given event types (of the subject
// $1 when set), with ord, their position as one sortable number.
func events(types ...string) string {
	return `SELECT t.*, t.pos_major::numeric * 1e20 + t.pos_minor AS ord FROM {T} t
		WHERE t.event_type IN ('` + strings.Join(types, "', '") + `') AND ($1::text = '' OR t.aggregate_id = $1::text)`
}

// stream selects the audit rows of one record (kind and id expression,
// typically a column of the outer query), with ord, through the trail's
// index on the aggregate: a correlated lookup, not a scan.
func stream(kind, id string, types ...string) string {
	return `(SELECT t.*, t.pos_major::numeric * 1e20 + t.pos_minor AS ord FROM {T} t
		WHERE t.aggregate_type = '` + kind + `' AND t.aggregate_id = ` + id + ` AND t.event_type IN ('` + strings.Join(types, "', '") + `'))`
}

// flags turns CASE expressions (each a flag name or NULL) into an array.
func flags(cases ...string) string {
	return "array_remove(ARRAY[" + strings.Join(cases, ", ") + "]::text[], NULL)"
}

var questionSQL = map[string]string{
	"A1": a1, "A2": a2, "A3": a3, "A4": a4, "A5": a5, "A7": a7, "A8": a8, "A9": a9,
	"A11": a11, "A12": a12, "A13": a13, "A16": a16, "A17": a17,
}

// A1: each contract's approval chain in log order. A signature counts the
// approvals given since the last return before it (a return sends the
// draft back, and the chain starts again); a chain not yet signed is
// checked for order from its last return on.
var a1 = `WITH e AS (` + events("contract.registered", "contract.dept_head_approved", "contract.legal_review_passed",
	"contract.legal_review_failed", "contract.approved_by_gm", "contract.returned", "contract.signed") + `
		AND coalesce(t.data->>'amendment_id', '') = ''),
	s AS (SELECT e.*, min(CASE WHEN event_type = 'contract.signed' THEN ord END) OVER (PARTITION BY aggregate_id) AS sig FROM e),
	r AS (SELECT s.*, max(CASE WHEN event_type = 'contract.returned' AND ord < coalesce(sig, 1e40) THEN ord END)
		OVER (PARTITION BY aggregate_id) AS ret FROM s),
	g AS (SELECT r.aggregate_id, r.sig,
		min(r.ord) FILTER (WHERE r.event_type = 'contract.dept_head_approved' AND r.ord > coalesce(r.ret, -1) AND r.ord < coalesce(r.sig, 1e40)) AS head,
		min(r.ord) FILTER (WHERE r.event_type = 'contract.legal_review_passed' AND r.ord > coalesce(r.ret, -1) AND r.ord < coalesce(r.sig, 1e40)) AS legal,
		min(r.ord) FILTER (WHERE r.event_type = 'contract.approved_by_gm' AND r.ord > coalesce(r.ret, -1) AND r.ord < coalesce(r.sig, 1e40)) AS gm,
		string_agg(replace(r.event_type, 'contract.', '') || ' by ' || r.actor_id, ' > ' ORDER BY r.ord) AS steps,
		` + evidenceAgg("r") + ` AS evidence, min(r.recorded_at) AS first_at, max(r.recorded_at) AS last_at
		FROM r GROUP BY r.aggregate_id, r.sig, r.ret)
	SELECT aggregate_id AS key, 'contract-' || aggregate_id AS subject,
		jsonb_build_object('contract_id', aggregate_id, 'steps', steps, 'signed', (sig IS NOT NULL)::text) AS facts,
		` + flags(`CASE WHEN sig IS NOT NULL AND head IS NULL THEN 'signed_without_dept_head_approval' END`,
	`CASE WHEN sig IS NOT NULL AND legal IS NULL THEN 'signed_without_legal_review' END`,
	`CASE WHEN sig IS NOT NULL AND gm IS NULL THEN 'signed_without_gm_approval' END`,
	`CASE WHEN gm < head OR gm < legal THEN 'gm_approved_before_earlier_steps' END`) + ` AS flags,
		evidence, first_at, last_at FROM g`

// A2: each signature of a contract or an amendment, with the text that
// was registered for review before it.
var a2 = `WITH s AS (` + events("contract.signed", "contract.amended") + `)
	SELECT s.aggregate_id || '/' || coalesce(s.data->>'amendment_id', '') AS key, 'contract-' || s.aggregate_id AS subject,
		jsonb_strip_nulls(jsonb_build_object('contract_id', s.aggregate_id, 'amendment_id', nullif(s.data->>'amendment_id', ''),
			'signer_id', s.data->>'signer_id', 'signer_role', s.data->>'signer_role', 'place', s.data->>'place',
			'signed_hash', s.data->>'document_hash', 'approved_hash', reg.data->>'document_hash')) AS facts,
		` + flags(`CASE WHEN s.data->>'signer_role' NOT IN ('DEPT_HEAD', 'GM', 'BRANCH_MANAGER') THEN 'signer_not_a_manager' END`,
	`CASE WHEN s.data->>'place' IS DISTINCT FROM 'COMPANY' THEN 'not_signed_at_the_company' END`,
	`CASE WHEN reg.event_id IS NULL THEN 'no_registered_text' WHEN reg.data->>'document_hash' IS DISTINCT FROM s.data->>'document_hash' THEN 'signed_text_differs_from_approved' END`) + ` AS flags,
		json_build_array(` + evidence("reg") + `, ` + evidence("s") + `) AS evidence,
		least(s.recorded_at, reg.recorded_at) AS first_at, s.recorded_at AS last_at
	FROM s LEFT JOIN LATERAL (SELECT * FROM {T} x WHERE x.aggregate_id = s.aggregate_id AND x.aggregate_type = 'contract'
		AND x.event_type = 'contract.registered' AND coalesce(x.data->>'amendment_id', '') = coalesce(s.data->>'amendment_id', '')
		AND (x.pos_major, x.pos_minor) < (s.pos_major, s.pos_minor) ORDER BY x.pos_major DESC, x.pos_minor DESC LIMIT 1) reg ON true`

var (
	a3ContractEvents = []string{"contract.amended", "contract.dept_head_approved", "contract.legal_review_passed",
		"contract.amendment_approved", "contract.approved_by_gm", "contract.amendment_requested"}
	a3OrderEvents = []string{"order.confirmed", "order.changed", "order.change_approved", "order.change_requested"}
)

// A3: every amendment of a contract (amendments exist only after the
// signature, so after approval) and every change of an order after its
// confirmation, with who approved it and which terms or totals changed.
var a3 = `WITH c AS (` + events(a3ContractEvents...) + `),
	amended AS (SELECT * FROM c WHERE event_type = 'contract.amended'),
	o AS (` + events(a3OrderEvents...) + `),
	conf AS (SELECT aggregate_id, min(ord) AS at FROM o WHERE event_type = 'order.confirmed' GROUP BY aggregate_id),
	changed AS (SELECT o.* FROM o JOIN conf USING (aggregate_id) WHERE o.event_type = 'order.changed' AND o.ord > conf.at)
	SELECT 'contract-' || a.aggregate_id || '/' || (a.data->>'amendment_id') AS key, 'contract-' || a.aggregate_id AS subject,
		jsonb_build_object('contract_id', a.aggregate_id, 'amendment_id', a.data->>'amendment_id',
			'approved_by', coalesce((SELECT string_agg(x.data->>'reviewer_id' || ' (' || (x.data->>'reviewer_role') || ')', ', ' ORDER BY x.ord)
				FROM ` + stream("contract", "a.aggregate_id", a3ContractEvents...) + ` x WHERE x.data->>'amendment_id' = a.data->>'amendment_id'
				AND x.event_type <> 'contract.amendment_requested' AND x.data->>'decision' IN ('APPROVED', 'PASSED')), ''),
			'changed', coalesce((SELECT string_agg(k, ', ' ORDER BY k) FROM json_each_text(a.data->'after') AS n(k, v)
				WHERE v IS DISTINCT FROM a.data->'before'->>k), '')) AS facts,
		` + flags(`CASE WHEN NOT EXISTS (SELECT 1 FROM `+stream("contract", "a.aggregate_id", a3ContractEvents...)+` x WHERE x.event_type = 'contract.amendment_approved'
			AND x.data->>'amendment_id' = a.data->>'amendment_id' AND x.ord < a.ord) THEN 'changed_without_approval' END`) + ` AS flags,
		(SELECT ` + evidenceAgg("x") + ` FROM ` + stream("contract", "a.aggregate_id", a3ContractEvents...) + ` x WHERE
			(x.data->>'amendment_id' = a.data->>'amendment_id' OR (x.event_type = 'contract.approved_by_gm' AND x.ord < a.ord))) AS evidence,
		(SELECT min(x.recorded_at) FROM ` + stream("contract", "a.aggregate_id", a3ContractEvents...) + ` x WHERE x.data->>'amendment_id' = a.data->>'amendment_id') AS first_at,
		a.recorded_at AS last_at
	FROM amended a
	UNION ALL
	SELECT 'order-' || ch.aggregate_id || '/' || (ch.data->>'change_id'), 'order-' || ch.aggregate_id,
		jsonb_build_object('order_id', ch.aggregate_id, 'change_id', ch.data->>'change_id',
			'approved_by', coalesce((SELECT string_agg(x.data->>'approver_id' || ' (' || (x.data->>'approver_role') || ')', ', ' ORDER BY x.ord)
				FROM ` + stream("order", "ch.aggregate_id", a3OrderEvents...) + ` x WHERE x.event_type = 'order.change_approved'
				AND x.data->>'change_id' = ch.data->>'change_id'), ''),
			'changed', 'lines', 'total', ` + money("ch.data->'total'") + `),
		` + flags(`CASE WHEN NOT EXISTS (SELECT 1 FROM `+stream("order", "ch.aggregate_id", a3OrderEvents...)+` x WHERE x.event_type = 'order.change_approved'
			AND x.data->>'change_id' = ch.data->>'change_id' AND x.ord < ch.ord) THEN 'changed_without_approval' END`) + `,
		(SELECT ` + evidenceAgg("x") + ` FROM ` + stream("order", "ch.aggregate_id", a3OrderEvents...) + ` x WHERE
			(x.data->>'change_id' = ch.data->>'change_id' OR x.event_type = 'order.confirmed')),
		(SELECT min(x.recorded_at) FROM ` + stream("order", "ch.aggregate_id", a3OrderEvents...) + ` x WHERE true), ch.recorded_at
	FROM changed ch`
