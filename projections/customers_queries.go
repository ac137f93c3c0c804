package projections

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
)

// ErrCustomerNotFound is returned for a customer file that does not exist.
var ErrCustomerNotFound = domain.NotFound("customer not found")

// CustomerView is a customer file as managers list it. Stale (C4) is
// computed for the now the query was given: the file was neither reviewed
// nor updated (registered, profile, key contacts, classification) in that
// calendar month; abandoned files are never stale.
type CustomerView struct {
	CustomerID            string     `db:"customer_id" json:"customer_id"`
	Number                string     `db:"number" json:"number"`
	Name                  string     `db:"name" json:"name"`
	Address               string     `db:"address" json:"address"`
	PrimaryContact        string     `db:"primary_contact" json:"primary_contact"`
	Phone                 string     `db:"phone" json:"phone"`
	Source                string     `db:"source" json:"source"`
	Stage                 string     `db:"stage" json:"stage"`
	OwnerRepID            string     `db:"owner_rep_id" json:"owner_rep_id"`
	OrgUnitID             string     `db:"org_unit_id" json:"org_unit_id"`
	Region                string     `db:"region" json:"region"`
	Industry              string     `db:"industry" json:"industry,omitempty"`
	Scale                 string     `db:"scale" json:"scale,omitempty"`
	ValueTier             string     `db:"value_tier" json:"value_tier,omitempty"`
	PurchaseFrequencyBand string     `db:"purchase_frequency_band" json:"purchase_frequency_band,omitempty"`
	SchemeVersion         string     `db:"scheme_version" json:"scheme_version,omitempty"`
	RelationshipDepth     string     `db:"relationship_depth" json:"relationship_depth,omitempty"`
	Visits                int        `db:"visits" json:"visits"`
	LastReviewedMonth     string     `db:"last_reviewed_month" json:"last_reviewed_month,omitempty"`
	LastUpdatedMonth      string     `db:"last_updated_month" json:"last_updated_month"`
	LastContactAt         *time.Time `db:"last_contact_at" json:"last_contact_at,omitempty"`
	NextAppointmentAt     *time.Time `db:"next_appointment_at" json:"next_appointment_at,omitempty"`
	RegisteredAt          time.Time  `db:"registered_at" json:"registered_at"`
	Stale                 bool       `db:"stale" json:"stale"`
	Version               int64      `db:"version" json:"version"`
	UpdatedAt             time.Time  `db:"updated_at" json:"updated_at"`
}

// CustomerFilter selects customer files. Empty fields select everything;
// Now (required for a correct stale flag) is the query's clock.
type CustomerFilter struct {
	Stage      customer.Stage
	OwnerRepID string
	OrgUnitID  string
	Region     string
	StaleOnly  bool
	Now        time.Time
	// Sort is number (default), name, -updated_at or registered_at.
	Sort string
}

var customerSorts = map[string]sortKey[CustomerView]{
	"number":        {col: "number", cast: "text", val: func(v CustomerView) string { return v.Number }},
	"name":          {col: "name", cast: "text", val: func(v CustomerView) string { return v.Name }},
	"registered_at": {col: "registered_at", cast: "timestamptz", val: func(v CustomerView) string { return timeKey(v.RegisteredAt) }},
	"-updated_at":   {col: "updated_at", cast: "timestamptz", desc: true, val: func(v CustomerView) string { return timeKey(v.UpdatedAt) }},
}

// staleSQL is the C4 flag for the month bound at placeholder m. An
// abandoned file is never reviewed (ReviewFile refuses it), so it is not
// flagged.
func staleSQL(m string) string {
	return fmt.Sprintf("(stage <> 'ABANDONED' AND last_reviewed_month <> %[1]s AND last_updated_month <> %[1]s)", m)
}

// Customer returns one customer file, with its stale flag as of now.
func (q *Queries) Customer(ctx context.Context, id string, now time.Time) (CustomerView, error) {
	return queryOne[CustomerView](ctx, q, ErrCustomerNotFound,
		"SELECT *, "+staleSQL("$2")+" AS stale FROM "+q.table("customers")+" WHERE customer_id = $1",
		id, customer.MonthOf(now))
}

// Customers lists customer files matching f.
func (q *Queries) Customers(ctx context.Context, f CustomerFilter, page PageRequest) (Page[CustomerView], error) {
	var w where
	stale := staleSQL(bind(&w, customer.MonthOf(f.Now)))
	addIf(&w, "stage = ?", string(f.Stage))
	addIf(&w, "owner_rep_id = ?", f.OwnerRepID)
	addIf(&w, "org_unit_id = ?", f.OrgUnitID)
	addIf(&w, "region = ?", f.Region)
	if f.StaleOnly {
		w.add(stale)
	}
	return salesList(ctx, q, listSpec[CustomerView]{view: "customers", idCol: "customer_id",
		id: func(v CustomerView) string { return v.CustomerID }, sorts: customerSorts, dflt: "number",
		fields: "*, " + stale + " AS stale"}, f.Sort, &w, page)
}

// KeyContactView is a current key person of a customer. Personal is
// present only when the caller may see personal data.
type KeyContactView struct {
	ContactID string                 `json:"contact_id"`
	RoleInOrg string                 `json:"role_in_org"`
	Personal  *customer.PersonalData `json:"personal,omitempty"`
	AddedAt   time.Time              `json:"added_at"`
	Version   int64                  `json:"version"`
	UpdatedAt time.Time              `json:"updated_at"`
}

// CustomerContacts returns the current key contacts of a customer, the
// personal data only when withPersonal is set (PIPL: need to know).
func (q *Queries) CustomerContacts(ctx context.Context, customerID string, withPersonal bool) ([]KeyContactView, error) {
	if err := q.requireCustomer(ctx, customerID); err != nil {
		return nil, err
	}
	personalCol := "NULL::jsonb"
	if withPersonal {
		personalCol = "personal"
	}
	rows, err := q.pool.Query(ctx, "SELECT contact_id, role_in_org, "+personalCol+", added_at, version, updated_at FROM "+
		q.table("customer_contacts")+" WHERE customer_id = $1 AND NOT removed ORDER BY added_at, contact_id", customerID)
	if err != nil {
		return nil, fmt.Errorf("customer contacts: %w", err)
	}
	out := []KeyContactView{}
	var k KeyContactView
	var personal []byte
	_, err = pgx.ForEachRow(rows, []any{&k.ContactID, &k.RoleInOrg, &personal, &k.AddedAt, &k.Version, &k.UpdatedAt}, func() error {
		v := k
		if personal != nil {
			v.Personal = new(customer.PersonalData)
			if err := json.Unmarshal(personal, v.Personal); err != nil {
				return err
			}
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// requireCustomer returns ErrCustomerNotFound unless the file exists, so
// an unknown customer is told apart from one with nothing listed.
func (q *Queries) requireCustomer(ctx context.Context, id string) error {
	var one int
	err := q.pool.QueryRow(ctx, "SELECT 1 FROM "+q.table("customers")+" WHERE customer_id = $1", id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrCustomerNotFound
	}
	return err
}

// ContactLogEntry is one logged contact with a customer.
type ContactLogEntry struct {
	Seq               int64      `db:"seq" json:"seq"`
	EmployeeID        string     `db:"employee_id" json:"employee_id"`
	ContactID         string     `db:"contact_id" json:"contact_id"`
	Channel           string     `db:"channel" json:"channel"`
	Topic             string     `db:"topic" json:"topic"`
	Outcome           string     `db:"outcome" json:"outcome"`
	NextAppointmentAt *time.Time `db:"next_appointment_at" json:"next_appointment_at,omitempty"`
	At                time.Time  `db:"at" json:"at"`
}

// ContactLog lists a customer's contact log, newest first.
func (q *Queries) ContactLog(ctx context.Context, customerID string, page PageRequest) (Page[ContactLogEntry], error) {
	if err := q.requireCustomer(ctx, customerID); err != nil {
		return Page[ContactLogEntry]{}, err
	}
	var w where
	w.add("customer_id = ?", customerID)
	return salesList(ctx, q, listSpec[ContactLogEntry]{view: "customer_contact_log", idCol: "seq", idCast: "bigint",
		id: func(v ContactLogEntry) string { return strconv.FormatInt(v.Seq, 10) },
		sorts: map[string]sortKey[ContactLogEntry]{"-seq": {col: "seq", cast: "bigint", desc: true,
			val: func(v ContactLogEntry) string { return strconv.FormatInt(v.Seq, 10) }}},
		dflt: "-seq", fields: "seq, employee_id, contact_id, channel, topic, outcome, next_appointment_at, at"}, "", &w, page)
}
