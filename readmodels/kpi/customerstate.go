package kpi

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// The customer KPIs of the state now (R3's files by stage, R8's
// cooperating customers, R10's file health) read counters, not the
// customer files (KPI-customer-counters): kpi_customer_counts holds, per
// owner rep, org unit and region, how many files count under each key
// (a stage, a registration month, ...). The read model keeps what each
// file counts under in kpi_customers, a row per file with the few fields
// the counters follow; an event that changes a file (a new stage, a
// reassignment, a region changed by a profile update) takes the file's
// keys out of the counters of its old row and adds those of its new row,
// so the counters follow reassignment and stay exact under every scope
// (its rows carry the person and department a scope filters on).

// customerStateEvents change what a file counts under: its owner, org
// unit and region, stage, completeness, registration, last contact and
// next appointment, last review and last update (as the customer files
// read model keeps them, readmodels/customers).
var customerStateEvents = []domain.Event{
	customer.Registered{}, customer.ProfileUpdated{}, customer.KeyContactAdded{}, customer.KeyContactUpdated{},
	customer.KeyContactRemoved{}, customer.ContactLogged{}, customer.Visited{}, customer.NegotiationStarted{},
	customer.BecameCooperating{}, customer.Parked{}, customer.Abandoned{}, customer.Reactivated{}, customer.BecameDormant{},
	customer.Classified{}, customer.Reassigned{}, customer.FileReviewed{},
}

var customerStates = tables.NewEvents(eventstore.NewCodec(customer.Events()...), customer.Stream(""), customerStateEvents...)

func createCustomerState(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE kpi_customers (
			customer_id text PRIMARY KEY,
			owner_rep_id text NOT NULL, org_unit_id text NOT NULL, region text NOT NULL, stage text NOT NULL,
			has_address boolean NOT NULL, has_primary_contact boolean NOT NULL, has_phone boolean NOT NULL,
			has_industry boolean NOT NULL, has_scale boolean NOT NULL,
			registered_at timestamptz NOT NULL, last_contact_at timestamptz, next_appointment_at timestamptz,
			last_reviewed_month text NOT NULL, last_updated_month text NOT NULL,
			version bigint NOT NULL, updated_at timestamptz NOT NULL
		);
		CREATE INDEX kpi_customers_contact ON kpi_customers (last_contact_at);
		CREATE TABLE kpi_customer_counts (
			kind       text NOT NULL,
			k1         text NOT NULL,
			k2         text NOT NULL,
			person     text NOT NULL,
			department text NOT NULL,
			region     text NOT NULL,
			n          bigint NOT NULL,
			PRIMARY KEY (kind, k1, k2, person, department, region)
		);`)
	return err
}

type customerState struct {
	CustomerID        string     `db:"customer_id"`
	OwnerRepID        string     `db:"owner_rep_id"`
	OrgUnitID         string     `db:"org_unit_id"`
	Region            string     `db:"region"`
	Stage             string     `db:"stage"`
	HasAddress        bool       `db:"has_address"`
	HasPrimaryContact bool       `db:"has_primary_contact"`
	HasPhone          bool       `db:"has_phone"`
	HasIndustry       bool       `db:"has_industry"`
	HasScale          bool       `db:"has_scale"`
	RegisteredAt      time.Time  `db:"registered_at"`
	LastContactAt     *time.Time `db:"last_contact_at"`
	NextAppointmentAt *time.Time `db:"next_appointment_at"`
	LastReviewedMonth string     `db:"last_reviewed_month"`
	LastUpdatedMonth  string     `db:"last_updated_month"`
	tables.Stamp
}

// Kinds of customer counters; k1 and k2 are the key within the kind.
const (
	countFile        = "file"        // k1: the stage
	countIncomplete  = "incomplete"  // address, primary contact, phone, industry or scale empty
	countRegistered  = "registered"  // k1: the company month registered (2026-11)
	countAppointment = "appointment" // k1: the company month of the next appointment
	countReview      = "review"      // not abandoned; k1: last reviewed month, k2: last updated month
	countContact     = "contact"     // not abandoned; k1: the UTC day of the last contact, '' for none
)

// counterKey is one counter a file counts in.
type counterKey struct{ kind, k1, k2, person, department, region string }

// counts are the counters a file counts in, one each.
func (s *customerState) counts() []counterKey {
	key := func(kind, k1, k2 string) counterKey {
		return counterKey{kind, k1, k2, s.OwnerRepID, s.OrgUnitID, s.Region}
	}
	out := []counterKey{key(countFile, s.Stage, ""), key(countRegistered, queries.KPIMonthOf(s.RegisteredAt).Label, "")}
	if !(s.HasAddress && s.HasPrimaryContact && s.HasPhone && s.HasIndustry && s.HasScale) {
		out = append(out, key(countIncomplete, "", ""))
	}
	if s.NextAppointmentAt != nil {
		out = append(out, key(countAppointment, queries.KPIMonthOf(*s.NextAppointmentAt).Label, ""))
	}
	if s.Stage != string(customer.StageAbandoned) {
		out = append(out, key(countReview, s.LastReviewedMonth, s.LastUpdatedMonth), key(countContact, contactDay(s.LastContactAt), ""))
	}
	return out
}

// contactDay is the UTC day of a last contact, '' for none.
func contactDay(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// applyCustomerStates folds the batch's customer events into the files'
// rows and adds to the counters the difference each file's keys made.
func applyCustomerStates(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	if len(tables.StreamIDs(events, customer.Stream(""))) == 0 {
		return nil // no customer event: no round trip to load files
	}
	files := tables.NewSet("kpi_customers", func(r *customerState) string { return r.CustomerID }, "customer_id")
	delta := map[counterKey]int64{}
	var touched []string
	seen := map[string]bool{}
	err := tables.ApplyEvents(ctx, tx, customerStates, events, func(id string, e tables.Decoded) {
		if !seen[id] {
			seen[id] = true
			touched = append(touched, id)
			if old := files.Get(id); old != nil {
				for _, k := range old.counts() {
					delta[k]--
				}
			}
		}
		if row := tables.Advance(files, id, e, openCustomerState); row != nil {
			foldCustomerState(row, e.Event)
		}
	}, files)
	if err != nil {
		return err
	}
	for _, id := range touched {
		if row := files.Get(id); row != nil {
			for _, k := range row.counts() {
				delta[k]++
			}
		}
	}
	return tables.Write(ctx, tx, queueCounts(delta))
}

// queueCounts adds the deltas to the counters and drops the counters
// they bring to zero, so the table holds the same rows however the
// history was cut into batches.
func queueCounts(delta map[counterKey]int64) *pgx.Batch {
	var kind, k1, k2, person, dept, region []string
	var n []int64
	for k, d := range delta {
		if d != 0 {
			kind, k1, k2, person, dept, region = append(kind, k.kind), append(k1, k.k1), append(k2, k.k2),
				append(person, k.person), append(dept, k.department), append(region, k.region)
			n = append(n, d)
		}
	}
	b := &pgx.Batch{}
	if len(n) == 0 {
		return b
	}
	const keys = "unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]"
	b.Queue(`INSERT INTO kpi_customer_counts (kind, k1, k2, person, department, region, n)
		SELECT * FROM `+keys+`, $7::bigint[])
		ON CONFLICT (kind, k1, k2, person, department, region) DO UPDATE SET n = kpi_customer_counts.n + excluded.n`,
		kind, k1, k2, person, dept, region, n)
	b.Queue(`DELETE FROM kpi_customer_counts c USING `+keys+`) AS d(kind, k1, k2, person, department, region)
		WHERE c.n = 0 AND (c.kind, c.k1, c.k2, c.person, c.department, c.region) = (d.kind, d.k1, d.k2, d.person, d.department, d.region)`,
		kind, k1, k2, person, dept, region)
	return b
}

// openCustomerState opens a file's row on its registration.
func openCustomerState(id string, e tables.Decoded) *customerState {
	r, ok := e.Event.(customer.Registered)
	if !ok {
		return nil
	}
	return &customerState{CustomerID: id, OwnerRepID: r.OwnerRepID, OrgUnitID: r.OrgUnitID, Region: r.Region,
		Stage: string(customer.StageTarget), HasAddress: r.Address != "", HasPrimaryContact: r.PrimaryContact != "",
		HasPhone: r.Phone != "", RegisteredAt: r.RegisteredAt, LastUpdatedMonth: customer.MonthOf(r.RegisteredAt)}
}

// stageAfter is the stage each pipeline event moves a file to.
var stageAfter = map[string]customer.Stage{
	customer.NegotiationStarted{}.EventType(): customer.StageNegotiating, customer.BecameCooperating{}.EventType(): customer.StageCooperating,
	customer.Parked{}.EventType(): customer.StageParked, customer.Abandoned{}.EventType(): customer.StageAbandoned,
	customer.Reactivated{}.EventType(): customer.StageTarget, customer.BecameDormant{}.EventType(): customer.StageDormant,
}

// foldCustomerState applies an event to a file's row as the customer
// files read model does to the fields the counters follow.
func foldCustomerState(s *customerState, e domain.Event) {
	if e == nil {
		return // a customer fact (a survey, an inquiry): no change to the file
	}
	if st, ok := stageAfter[e.EventType()]; ok {
		s.Stage = string(st)
		return
	}
	switch ev := e.(type) {
	case customer.ProfileUpdated:
		for _, c := range ev.Changes {
			setStateField(s, c.Field, c.New)
		}
		s.LastUpdatedMonth = customer.MonthOf(ev.UpdatedAt)
	case customer.KeyContactAdded:
		s.LastUpdatedMonth = customer.MonthOf(ev.AddedAt)
	case customer.KeyContactUpdated:
		s.LastUpdatedMonth = customer.MonthOf(ev.UpdatedAt)
	case customer.KeyContactRemoved:
		s.LastUpdatedMonth = customer.MonthOf(ev.RemovedAt)
	case customer.ContactLogged:
		s.LastContactAt = &ev.At
		if !ev.NextAppointmentAt.IsZero() {
			s.NextAppointmentAt = &ev.NextAppointmentAt
		}
	case customer.Visited:
		if s.Stage == string(customer.StageTarget) {
			s.Stage = string(customer.StageVisiting)
		}
	case customer.Classified:
		s.HasIndustry, s.HasScale = ev.Industry != "", ev.Scale != ""
		s.LastUpdatedMonth = customer.MonthOf(ev.ClassifiedAt)
	case customer.Reassigned:
		s.OwnerRepID = ev.ToRepID
	case customer.FileReviewed:
		s.LastReviewedMonth = ev.Month
	}
}

func setStateField(s *customerState, field, value string) {
	switch field {
	case customer.FieldAddress:
		s.HasAddress = value != ""
	case customer.FieldPrimaryContact:
		s.HasPrimaryContact = value != ""
	case customer.FieldPhone:
		s.HasPhone = value != ""
	case customer.FieldRegion:
		s.Region = value
	}
}

// customerCounts is a source of the customer counters of the given kinds,
// credited to the file's owner, org unit and region as they are now; vals
// are over k (the counter row).
func customerCounts(q *Queries, vals map[string]string, kinds ...string) source {
	return source{from: "FROM " + q.Table("kpi_customer_counts") + " k WHERE k.kind IN (" + quoted(kinds) + ")",
		person: "k.person", department: "k.department", region: "k.region", vals: vals}
}

// ofCount is the files a counter row k counts when cond holds, else 0.
func ofCount(cond string) string { return "CASE WHEN " + cond + " THEN k.n ELSE 0 END" }

// monthKeyIn is "the month key k1 falls in the period p" (keys are
// company months, 2026-11, and periods whole company months).
func monthKeyIn(w *tables.Where, p queries.KPIPeriod) string {
	return "k.k1 >= " + tables.Bind(w, queries.KPIMonthOf(p.Start).Label) + " AND k.k1 < " + tables.Bind(w, queries.KPIMonthOf(p.End).Label)
}
