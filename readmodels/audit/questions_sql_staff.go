package audit

// A9: employees for whom a dismissal (two failed appraisal cycles) or an
// auto-resignation (two months without results) fell due, and employees
// dismissed or auto-resigned, with what followed and whether the
// departure had its due.
var a9 = `WITH e AS (` + events("employee.dismissal_due", "employee.auto_resignation_due", "employee.departure_initiated",
	"employee.improvement_plan_started", "employee.departed") + `),
	g AS (SELECT aggregate_id,
		min(ord) FILTER (WHERE event_type = 'employee.dismissal_due') AS dismissal_due,
		min(ord) FILTER (WHERE event_type = 'employee.auto_resignation_due') AS auto_due,
		(array_agg(data->'appraisal_ids' ORDER BY ord) FILTER (WHERE event_type = 'employee.dismissal_due'))[1] AS appraisals,
		min(ord) FILTER (WHERE event_type = 'employee.departure_initiated') AS initiated,
		(array_agg(data->>'type' ORDER BY ord) FILTER (WHERE event_type = 'employee.departure_initiated'))[1] AS departure,
		(array_agg(data->'basis' ORDER BY ord) FILTER (WHERE event_type = 'employee.departure_initiated'))[1] AS basis,
		count(*) FILTER (WHERE event_type = 'employee.improvement_plan_started') AS plans,
		bool_or(event_type = 'employee.departed') AS departed,
		` + evidenceAgg("e") + ` AS evidence, min(recorded_at) AS first_at, max(recorded_at) AS last_at
		FROM e GROUP BY aggregate_id)
	SELECT aggregate_id AS key, 'employee-' || aggregate_id AS subject,
		jsonb_strip_nulls(jsonb_build_object('employee_id', aggregate_id,
			'due', concat_ws(', ', CASE WHEN dismissal_due IS NOT NULL THEN 'dismissal (two failed appraisal cycles)' END,
				CASE WHEN auto_due IS NOT NULL THEN 'auto-resignation (two months without results)' END),
			'failed_appraisals', (SELECT string_agg(x, ', ') FROM json_array_elements_text(appraisals) x),
			'followed_by', concat_ws(', ', CASE WHEN departure IS NOT NULL THEN 'departure ' || departure END,
				CASE WHEN plans > 0 THEN plans || ' improvement plan(s)' END, CASE WHEN departed THEN 'departed' END))) AS facts,
		` + flags(`CASE WHEN dismissal_due IS NOT NULL AND (initiated IS NULL OR initiated < dismissal_due) THEN 'dismissal_due_not_acted_on' END`,
	`CASE WHEN auto_due IS NOT NULL AND (initiated IS NULL OR initiated < auto_due) THEN 'auto_resignation_due_not_acted_on' END`,
	`CASE WHEN departure = 'DISMISS' AND (dismissal_due IS NULL OR dismissal_due > initiated) AND basis IS NULL THEN 'dismissed_without_due_or_basis' END`,
	`CASE WHEN departure = 'AUTO_RESIGN' AND (auto_due IS NULL OR auto_due > initiated) THEN 'auto_resigned_without_due' END`) + ` AS flags,
		evidence, first_at, last_at
	FROM g WHERE dismissal_due IS NOT NULL OR auto_due IS NOT NULL OR departure IN ('DISMISS', 'AUTO_RESIGN')`

// A11: each employee whose departure was initiated: were the company's
// files archived, and which customers they still owned (assigned, or
// recorded as owned, and not handed over) when they left, or now.
var a11 = `WITH e AS (` + events("employee.departure_initiated", "employee.files_archived", "employee.departed",
	"employee.customer_assigned", "employee.customers_owned_recorded", "employee.customer_handed_over") + `),
	d AS (SELECT aggregate_id,
		(array_agg(data->>'type' ORDER BY ord) FILTER (WHERE event_type = 'employee.departure_initiated'))[1] AS departure,
		min(ord) FILTER (WHERE event_type = 'employee.files_archived') AS archived,
		min(ord) FILTER (WHERE event_type = 'employee.departed') AS departed,
		json_agg(` + evidence("e") + ` ORDER BY ord) FILTER (WHERE event_type IN ('employee.departure_initiated', 'employee.files_archived',
			'employee.departed', 'employee.customer_handed_over')) AS evidence,
		min(recorded_at) AS first_at, max(recorded_at) AS last_at
		FROM e GROUP BY aggregate_id HAVING bool_or(event_type = 'employee.departure_initiated')),
	portfolio AS (SELECT e.aggregate_id, e.ord, e.data->>'customer_id' AS customer, e.event_type = 'employee.customer_handed_over' AS gone
		FROM e WHERE e.event_type IN ('employee.customer_assigned', 'employee.customer_handed_over')
		UNION ALL
		SELECT e.aggregate_id, e.ord, c, false FROM e, json_array_elements_text(e.data->'customer_ids') c
		WHERE e.event_type = 'employee.customers_owned_recorded'),
	owned AS (SELECT DISTINCT ON (p.aggregate_id, p.customer) p.aggregate_id, p.customer, p.gone
		FROM portfolio p JOIN d USING (aggregate_id) WHERE p.ord < coalesce(d.departed, 1e40)
		ORDER BY p.aggregate_id, p.customer, p.ord DESC),
	ow AS (SELECT aggregate_id, string_agg(customer, ', ' ORDER BY customer) AS still FROM owned WHERE NOT gone GROUP BY aggregate_id)
	SELECT d.aggregate_id AS key, 'employee-' || d.aggregate_id AS subject,
		jsonb_build_object('employee_id', d.aggregate_id, 'departure', departure,
			'files_archived', (archived IS NOT NULL AND archived < coalesce(departed, 1e40))::text, 'departed', (departed IS NOT NULL)::text,
			'customers_not_reassigned', coalesce(ow.still, '')) AS facts,
		` + flags(`CASE WHEN departed IS NOT NULL AND (archived IS NULL OR archived > departed) THEN 'departed_without_archiving' END`,
	`CASE WHEN departed IS NOT NULL AND ow.still IS NOT NULL THEN 'departed_with_customers_not_reassigned' END`) + ` AS flags,
		evidence, first_at, last_at
	FROM d LEFT JOIN ow USING (aggregate_id)`

// A12: every fine and penalty with who decided it, under which rule and
// regulation version; a fine's amount is compared with the schedule of
// the version it records ($6: the default version; $7, $8: its items and
// amounts). The amount is personal: the API shows it to whoever may read
// the employee's record.
var a12 = `SELECT e.aggregate_id || '/' || ` + positionKey + ` AS key, 'employee-' || e.aggregate_id AS subject,
		jsonb_strip_nulls(jsonb_build_object('employee_id', e.aggregate_id, 'kind', replace(e.event_type, 'employee.', ''),
			'item', coalesce(e.data->>'item', e.data->>'type'), 'rule_ref', e.data->>'rule_ref', 'regulation_version', e.policy_version,
			'decided_by', coalesce(e.data->>'fined_by', e.data->>'decided_by'), 'decider_role', coalesce(e.data->>'decider_role', e.actor_role),
			'amount', CASE WHEN e.data->'amount' IS NOT NULL THEN ` + money("e.data->'amount'") + ` END)) AS facts,
		` + flags(`CASE WHEN e.event_type = 'employee.fined' AND e.policy_version = $6::text AND (e.data->'amount'->>'minor')::bigint
			IS DISTINCT FROM (SELECT s.amount FROM unnest($7::text[], $8::bigint[]) AS s(item, amount) WHERE s.item = e.data->>'item')
			THEN 'amount_off_schedule' END`,
	`CASE WHEN e.event_type = 'employee.fined' AND e.policy_version IS DISTINCT FROM $6::text THEN 'schedule_version_not_kept' END`) + ` AS flags,
		json_build_array(` + evidence("e") + `) AS evidence, e.recorded_at AS first_at, e.recorded_at AS last_at
	FROM (` + events("employee.fined", "employee.penalized") + `) e`

// A13: leaves not signed by the department manager whose first day has
// come, and leaves filed after the fact.
var a13 = `WITH e AS (` + events("employee.leave_requested", "employee.leave_retroactively_filed", "employee.leave_approved") + `),
	g AS (SELECT aggregate_id, data->>'leave_id' AS leave_id,
		(array_agg(data->>'from' ORDER BY ord) FILTER (WHERE event_type <> 'employee.leave_approved'))[1] AS from_at,
		(array_agg(data->>'to' ORDER BY ord) FILTER (WHERE event_type <> 'employee.leave_approved'))[1] AS to_at,
		(array_agg(data->>'signed_by' ORDER BY ord) FILTER (WHERE event_type = 'employee.leave_approved'))[1] AS signed_by,
		bool_or(event_type = 'employee.leave_retroactively_filed') AS retro,
		` + evidenceAgg("e") + ` AS evidence, min(recorded_at) AS first_at, max(recorded_at) AS last_at
		FROM e GROUP BY aggregate_id, data->>'leave_id'),
	f AS (SELECT g.*, ` + flags(`CASE WHEN signed_by IS NULL AND from_at::timestamptz <= now() THEN 'taken_without_manager_signature' END`,
	`CASE WHEN retro THEN 'filed_retroactively' END`) + ` AS flags FROM g)
	SELECT aggregate_id || '/' || leave_id AS key, 'employee-' || aggregate_id AS subject,
		jsonb_strip_nulls(jsonb_build_object('employee_id', aggregate_id, 'leave_id', leave_id, 'from', from_at, 'to', to_at,
			'signed_by', signed_by)) AS facts, flags, evidence, first_at, last_at
	FROM f WHERE cardinality(flags) > 0`

// A17: each base salary set, with the approvals given since the previous
// one; both the department manager and the GM must have approved it. Each
// event falls in the batch of the set it leads to: the number of sets
// before it in its stream.
var a17 = `WITH e AS (` + events("employee.base_salary_approved", "employee.base_salary_set") + `),
	b AS (SELECT e.*, count(*) FILTER (WHERE event_type = 'employee.base_salary_set')
		OVER (PARTITION BY aggregate_id ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS batch FROM e),
	g AS (SELECT aggregate_id, batch,
		max(ord) FILTER (WHERE event_type = 'employee.base_salary_set') AS set_ord,
		(array_agg(data ORDER BY ord) FILTER (WHERE event_type = 'employee.base_salary_set'))[1] AS set_data,
		string_agg(data->>'approver_id' || ' (' || (data->>'approver_role') || ')', ', ' ORDER BY ord)
			FILTER (WHERE event_type = 'employee.base_salary_approved') AS approved_by,
		bool_or(event_type = 'employee.base_salary_approved' AND data->>'approver_role' = 'DEPT_HEAD') AS by_manager,
		bool_or(event_type = 'employee.base_salary_approved' AND data->>'approver_role' = 'GM') AS by_gm,
		` + evidenceAgg("b") + ` AS evidence, min(recorded_at) AS first_at, max(recorded_at) AS last_at
		FROM b GROUP BY aggregate_id, batch HAVING bool_or(event_type = 'employee.base_salary_set'))
	SELECT aggregate_id || '/' || lpad(set_ord::text, 45, '0') AS key, 'employee-' || aggregate_id AS subject,
		jsonb_build_object('employee_id', aggregate_id, 'set_at', set_data->>'set_at', 'approved_by', coalesce(approved_by, ''),
			'amount', ` + money("set_data->'amount'") + `) AS facts,
		` + flags(`CASE WHEN NOT coalesce(by_manager, false) THEN 'set_without_department_manager_approval' END`,
	`CASE WHEN NOT coalesce(by_gm, false) THEN 'set_without_gm_approval' END`) + ` AS flags,
		evidence, first_at, last_at
	FROM g`
