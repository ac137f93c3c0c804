package audit

// positionKey sorts rows of single events in log order.
const positionKey = `lpad(e.pos_major::text, 20, '0') || '-' || lpad(e.pos_minor::text, 20, '0')`

// A5: the change log of customer files, one row per recorded change:
// which fields changed (by name; values, some of them personal, stay in
// the events), who changed them and why. The file as it stood on a date
// is the customer as of that date; from= gives the changes since.
var a5 = `SELECT e.aggregate_id || '/' || ` + positionKey + ` AS key, 'customer-' || e.aggregate_id AS subject,
		jsonb_build_object('customer_id', e.aggregate_id, 'change', replace(e.event_type, 'customer.', ''),
			'fields', coalesce(CASE WHEN e.event_type = 'customer.profile_updated'
				THEN (SELECT string_agg(c->>'field', ', ') FROM json_array_elements(e.data->'changes') c)
				WHEN json_typeof(e.data) = 'object'
				THEN (SELECT string_agg(k, ', ' ORDER BY k) FROM json_object_keys(e.data) k WHERE k <> 'customer_id') END, ''),
			'by', e.actor_id, 'role', e.actor_role,
			'why', coalesce(nullif(e.data->>'reason', ''), e.reason)) AS facts,
		ARRAY[]::text[] AS flags, json_build_array(` + evidence("e") + `) AS evidence,
		e.recorded_at AS first_at, e.recorded_at AS last_at
	FROM (SELECT t.*, 0 AS ord FROM {T} t WHERE t.aggregate_type = 'customer' AND ($1::text = '' OR t.aggregate_id = $1::text)) e`

// A7: each complaint from receipt to close. A complaint is closed when its
// last close came after its last reopening.
var a7 = `WITH e AS (SELECT t.*, t.pos_major::numeric * 1e20 + t.pos_minor AS ord FROM {T} t
		WHERE t.aggregate_type = 'complaint' AND ($1::text = '' OR t.aggregate_id = $1::text)),
	g AS (SELECT aggregate_id,
		min(data->>'received_at') FILTER (WHERE event_type = 'complaint.received') AS received_at,
		(array_agg(data->>'department_id' ORDER BY ord) FILTER (WHERE event_type = 'complaint.routed'))[1] AS department,
		(array_agg(data->>'routed_at' ORDER BY ord) FILTER (WHERE event_type = 'complaint.routed'))[1] AS routed_at,
		count(*) FILTER (WHERE event_type = 'complaint.customer_updated') AS updates,
		max(ord) FILTER (WHERE event_type = 'complaint.closed') AS closed,
		max(ord) FILTER (WHERE event_type = 'complaint.reopened') AS reopened,
		(array_agg(data->>'satisfaction_confirmed_by' ORDER BY ord DESC) FILTER (WHERE event_type = 'complaint.closed'))[1] AS confirmed_by,
		(array_agg(data->>'category' ORDER BY ord DESC) FILTER (WHERE event_type = 'complaint.root_cause_recorded'))[1] AS root_cause,
		bool_or(event_type = 'complaint.routed' AND (data->>'late')::boolean) AS routed_late,
		bool_or(event_type = 'complaint.customer_updated' AND (data->>'late')::boolean) AS update_late,
		bool_or(event_type = 'complaint.closed' AND (data->>'late')::boolean) AS closed_late,
		` + evidenceAgg("e") + ` AS evidence, min(recorded_at) AS first_at, max(recorded_at) AS last_at
		FROM e GROUP BY aggregate_id)
	SELECT aggregate_id AS key, 'complaint-' || aggregate_id AS subject,
		jsonb_strip_nulls(jsonb_build_object('complaint_id', aggregate_id, 'received_at', received_at, 'department', department,
			'routed_at', routed_at, 'customer_updates', updates::text,
			'status', CASE WHEN closed IS NOT NULL AND closed > coalesce(reopened, -1) THEN 'closed' ELSE 'open' END,
			'satisfaction_confirmed_by', nullif(confirmed_by, ''), 'root_cause', root_cause)) AS facts,
		` + flags(`CASE WHEN closed IS NOT NULL AND coalesce(confirmed_by, '') = '' THEN 'closed_without_satisfaction_confirmation' END`,
	`CASE WHEN routed_at IS NULL THEN 'not_routed' WHEN routed_late THEN 'routed_late' END`,
	`CASE WHEN update_late THEN 'customer_update_late' END`, `CASE WHEN closed_late THEN 'closed_late' END`) + ` AS flags,
		evidence, first_at, last_at FROM g`

// A8: dispatched orders not (yet) signed off by the customer, and
// deliveries recorded without a sign-off or a delivery-note handover.
var a8 = `WITH e AS (` + events("order.dispatched", "order.delivered") + `),
	g AS (SELECT aggregate_id,
		(array_agg(data ORDER BY ord DESC) FILTER (WHERE event_type = 'order.delivered'))[1] AS delivered,
		(array_agg(data->>'dispatched_at' ORDER BY ord DESC) FILTER (WHERE event_type = 'order.dispatched'))[1] AS dispatched_at,
		` + evidenceAgg("e") + ` AS evidence, min(recorded_at) AS first_at, max(recorded_at) AS last_at
		FROM e GROUP BY aggregate_id),
	f AS (SELECT g.*, ` + flags(`CASE WHEN delivered IS NULL THEN 'awaiting_customer_sign_off'
			WHEN coalesce(delivered->>'signed_by', '') = '' THEN 'delivered_without_customer_sign_off' END`,
	`CASE WHEN delivered IS NOT NULL AND coalesce(delivered->>'note_handed_to_employee_id', '') = '' THEN 'delivery_note_not_handed_over' END`) + ` AS flags FROM g)
	SELECT aggregate_id AS key, 'order-' || aggregate_id AS subject,
		jsonb_strip_nulls(jsonb_build_object('order_id', aggregate_id, 'dispatched_at', dispatched_at,
			'signed_by', nullif(delivered->>'signed_by', ''), 'delivery_note_no', nullif(delivered->>'delivery_note_no', ''),
			'note_handed_to', nullif(delivered->>'note_handed_to_employee_id', ''))) AS facts,
		flags, evidence, first_at, last_at FROM f WHERE cardinality(flags) > 0`
