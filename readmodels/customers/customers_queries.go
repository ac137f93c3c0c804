package customers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

var customerSorts = map[string]tables.SortKey[queries.CustomerView]{
	"number":        {Col: "number", Cast: "text", Val: func(v queries.CustomerView) string { return v.Number }},
	"name":          {Col: "name", Cast: "text", Val: func(v queries.CustomerView) string { return v.Name }},
	"registered_at": {Col: "registered_at", Cast: "timestamptz", Val: func(v queries.CustomerView) string { return tables.TimeKey(v.RegisteredAt) }},
	"-updated_at":   {Col: "updated_at", Cast: "timestamptz", Desc: true, Val: func(v queries.CustomerView) string { return tables.TimeKey(v.UpdatedAt) }},
}

// staleSQL is the C4 flag for the month bound at placeholder m. An
// abandoned file is never reviewed (ReviewFile refuses it), so it is not
// flagged.
func staleSQL(m string) string {
	return fmt.Sprintf("(stage <> 'ABANDONED' AND last_reviewed_month <> %[1]s AND last_updated_month <> %[1]s)", m)
}

// Customer returns one customer file, with its stale flag as of now.
func (q *Queries) Customer(ctx context.Context, id string, now time.Time) (queries.CustomerView, error) {
	return tables.One[queries.CustomerView](ctx, q.DB, queries.ErrCustomerNotFound,
		"SELECT *, "+staleSQL("$2")+" AS stale FROM "+q.Table("customers")+" WHERE customer_id = $1",
		id, customer.MonthOf(now))
}

// Customers lists customer files matching f.
func (q *Queries) Customers(ctx context.Context, f queries.CustomerFilter, page queries.PageRequest) (queries.Page[queries.CustomerView], error) {
	var w tables.Where
	stale := staleSQL(tables.Bind(&w, customer.MonthOf(f.At.Clock(f.Now))))
	tables.AddIf(&w, "stage = ?", string(f.Stage))
	tables.AddIf(&w, "owner_rep_id = ?", f.OwnerRepID)
	tables.AddIf(&w, "org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(&w, "region = ?", f.Region)
	if f.StaleOnly {
		w.Add(stale)
	}
	return tables.List(ctx, q.DB, listSpec(f, &w, stale), f.Sort, &w, page)
}

// CustomerContacts returns the current key contacts of a customer, the
// personal data only when withPersonal is set (PIPL: need to know).
func (q *Queries) CustomerContacts(ctx context.Context, customerID string, withPersonal bool) ([]queries.KeyContactView, error) {
	if err := q.requireCustomer(ctx, customerID); err != nil {
		return nil, err
	}
	personalCol := "NULL::jsonb"
	if withPersonal {
		personalCol = "personal"
	}
	rows, err := q.Query(ctx, "SELECT contact_id, role_in_org, "+personalCol+", added_at, version, updated_at FROM "+
		q.Table("customer_contacts")+" WHERE customer_id = $1 AND NOT removed ORDER BY added_at, contact_id", customerID)
	if err != nil {
		return nil, fmt.Errorf("customer contacts: %w", err)
	}
	out := []queries.KeyContactView{}
	var k queries.KeyContactView
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
	err := q.QueryRow(ctx, "SELECT 1 FROM "+q.Table("customers")+" WHERE customer_id = $1", id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return queries.ErrCustomerNotFound
	}
	return err
}

// ContactLog lists a customer's contact log, newest first.
func (q *Queries) ContactLog(ctx context.Context, customerID string, page queries.PageRequest) (queries.Page[queries.ContactLogEntry], error) {
	if err := q.requireCustomer(ctx, customerID); err != nil {
		return queries.Page[queries.ContactLogEntry]{}, err
	}
	var w tables.Where
	w.Add("customer_id = ?", customerID)
	return tables.List(ctx, q.DB, tables.ListSpec[queries.ContactLogEntry]{View: "customer_contact_log",
		ID: []tables.Key[queries.ContactLogEntry]{{Col: "seq", Cast: "bigint",
			Val: func(v queries.ContactLogEntry) string { return strconv.FormatInt(v.Seq, 10) }}},
		Sorts: map[string]tables.SortKey[queries.ContactLogEntry]{"-seq": {Col: "seq", Cast: "bigint", Desc: true,
			Val: func(v queries.ContactLogEntry) string { return strconv.FormatInt(v.Seq, 10) }}},
		Default: "-seq", Fields: "seq, employee_id, contact_id, channel, topic, outcome, next_appointment_at, at"}, "", &w, page)
}
