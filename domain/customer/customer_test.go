package customer_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
)

var (
	t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	t1 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

	registration = customer.Registration{
		CustomerID: "c-1", Number: "NJ-2026-0001", Name: "Jinling Valves", Address: "1 Xinjiekou, Nanjing",
		PrimaryContact: "Mr Wang", Phone: "025-1234567", Source: customer.SourceReferral,
		OwnerRepID: "rep-1", OrgUnitID: "branch-nj", Region: "east",
	}
	registered = customer.Registered{
		CustomerID: "c-1", Number: "NJ-2026-0001", Name: "Jinling Valves", Address: "1 Xinjiekou, Nanjing",
		PrimaryContact: "Mr Wang", Phone: "025-1234567", Source: customer.SourceReferral,
		OwnerRepID: "rep-1", OrgUnitID: "branch-nj", Region: "east", RegisteredBy: "rep-1", RegisteredAt: t0,
	}
	visited     = customer.Visited{CustomerID: "c-1", VisitNo: 1, OutingRegistrationID: "out-1", Outcome: customer.OutcomeContinueVisiting}
	negotiating = customer.NegotiationStarted{CustomerID: "c-1"}
	cooperating = customer.BecameCooperating{CustomerID: "c-1", ContractID: "k-1"}
	parked      = customer.Parked{CustomerID: "c-1", Reason: "no budget"}
	abandoned   = customer.Abandoned{CustomerID: "c-1", Reason: "closed down"}
	dormant     = customer.BecameDormant{CustomerID: "c-1", Reason: "no orders for 12 months"}
)

func history(events ...domain.Event) []domain.Event { return events }

// ruleOf names the rule (docs/RULES.md) a rejection cites ("" for none).
func ruleOf(err error) string {
	var re *domain.RuleError
	if errors.As(err, &re) {
		return re.Rule
	}
	return ""
}

// check compares a decision's outcome with the wanted one.
func check(t *testing.T, method string, got []domain.Event, err error, want []domain.Event, wantErr error) {
	t.Helper()
	if !errors.Is(err, wantErr) {
		t.Fatalf("%s() error = %v, want %v", method, err, wantErr)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s() events mismatch (-want +got):\n%s", method, diff)
	}
}

func TestCustomer_Register(t *testing.T) {
	change := func(f func(*customer.Registration)) customer.Registration { r := registration; f(&r); return r }
	tests := []struct {
		name    string
		given   []domain.Event
		reg     customer.Registration
		want    []domain.Event
		wantErr error
	}{
		{name: "a target customer is registered with its basic data", reg: registration, want: history(registered)},
		{name: "a second registration of the customer conflicts", given: history(registered), reg: registration, wantErr: customer.ErrAlreadyRegistered},
		{name: "the name is required (C2)", reg: change(func(r *customer.Registration) { r.Name = " " }), wantErr: domain.ErrInvalid},
		{name: "the address is required (C2)", reg: change(func(r *customer.Registration) { r.Address = "" }), wantErr: domain.ErrInvalid},
		{name: "the contact person is required (C2)", reg: change(func(r *customer.Registration) { r.PrimaryContact = "" }), wantErr: domain.ErrInvalid},
		{name: "the phone is required (C2)", reg: change(func(r *customer.Registration) { r.Phone = "" }), wantErr: domain.ErrInvalid},
		{name: "the number is required (C1)", reg: change(func(r *customer.Registration) { r.Number = "" }), wantErr: customer.ErrBadNumber},
		{name: "a number outside the uniform scheme is refused (C1)", reg: change(func(r *customer.Registration) { r.Number = "nj 1" }), wantErr: customer.ErrBadNumber},
		{name: "the source must be one of the three ways", reg: change(func(r *customer.Registration) { r.Source = "COLD_CALL" }), wantErr: domain.ErrInvalid},
		{name: "an owning rep is required", reg: change(func(r *customer.Registration) { r.OwnerRepID = "" }), wantErr: domain.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.Register(tt.reg, "rep-1", t0)

			check(t, "Register", got, err, tt.want, tt.wantErr)
		})
	}
	t.Run("a registered customer is a target", func(t *testing.T) {
		c := domain.Fold(customer.Customer.Evolve, registered)
		if !c.Exists() || c.Stage != customer.StageTarget || c.Number != "NJ-2026-0001" || c.OwnerRepID != "rep-1" || c.Region != "east" {
			t.Errorf("state after Registered = %+v", c)
		}
	})
}

func TestNumberClaim_Claim(t *testing.T) {
	claimed := customer.NumberClaimed{Number: "NJ-1", CustomerID: "c-1", ClaimedBy: "rep-1", ClaimedAt: t0}
	tests := []struct {
		name     string
		given    []domain.Event
		customer string
		want     []domain.Event
		wantErr  error
	}{
		{name: "a free number is claimed", customer: "c-1", want: history(claimed)},
		{name: "claiming again for the same customer records nothing", given: history(claimed), customer: "c-1"},
		{name: "a number held by another customer is taken (C1)", given: history(claimed), customer: "c-2", wantErr: customer.ErrNumberTaken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := domain.Fold(customer.NumberClaim.Evolve, tt.given...)

			got, err := n.Claim("NJ-1", tt.customer, "rep-1", t0)

			check(t, "Claim", got, err, tt.want, tt.wantErr)
		})
	}
	if customer.NumberStream("NJ-1") != "customernumber-NJ-1" {
		t.Errorf("NumberStream() = %q", customer.NumberStream("NJ-1"))
	}
}

func TestCustomer_UpdateProfile(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		changes map[string]string
		reason  string
		actor   string
		role    domain.Role
		want    []domain.Event
		wantErr error
	}{
		{
			name: "changed fields are recorded with old and new values", given: history(registered),
			changes: map[string]string{"phone": "025-7654321", "name": "Jinling Valves", "demand_capacity": "200 units a year"},
			reason:  "phone changed", actor: "rep-1", role: domain.RoleSalesRep,
			want: history(customer.ProfileUpdated{CustomerID: "c-1", Changes: []customer.FieldChange{
				{Field: "demand_capacity", Old: "", New: "200 units a year"},
				{Field: "phone", Old: "025-1234567", New: "025-7654321"},
			}, Reason: "phone changed", UpdatedBy: "rep-1", UpdatedAt: t1}),
		},
		{name: "a change that alters nothing records nothing", given: history(registered), changes: map[string]string{"name": "Jinling Valves"}, reason: "check", actor: "cs-1", role: domain.RoleCustomerService},
		{name: "a reason is required (C3)", given: history(registered), changes: map[string]string{"phone": "1"}, actor: "cs-1", role: domain.RoleCustomerService, wantErr: domain.ErrInvalid},
		{name: "basic data cannot be cleared (C2)", given: history(registered), changes: map[string]string{"address": ""}, reason: "x", actor: "cs-1", role: domain.RoleCustomerService, wantErr: domain.ErrInvalid},
		{name: "an unknown field is refused", given: history(registered), changes: map[string]string{"number": "X-1"}, reason: "x", actor: "cs-1", role: domain.RoleCustomerService, wantErr: customer.ErrUnknownField},
		{name: "a rep who does not own the customer is refused", given: history(registered), changes: map[string]string{"phone": "1"}, reason: "x", actor: "rep-2", role: domain.RoleSalesRep, wantErr: domain.ErrForbidden},
		{name: "a department head may update any customer", given: history(registered), changes: map[string]string{"region": "north"}, reason: "moved", actor: "head-1", role: domain.RoleDeptHead,
			want: history(customer.ProfileUpdated{CustomerID: "c-1", Changes: []customer.FieldChange{{Field: "region", Old: "east", New: "north"}}, Reason: "moved", UpdatedBy: "head-1", UpdatedAt: t1})},
		{name: "unknown customer", changes: map[string]string{"phone": "1"}, reason: "x", actor: "cs-1", role: domain.RoleCustomerService, wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.UpdateProfile(tt.changes, tt.reason, tt.actor, tt.role, t1)

			check(t, "UpdateProfile", got, err, tt.want, tt.wantErr)
		})
	}
	t.Run("the new values are the file's current values", func(t *testing.T) {
		c := domain.Fold(customer.Customer.Evolve, registered, customer.ProfileUpdated{Changes: []customer.FieldChange{{Field: "region", New: "north"}, {Field: "name", New: "JV"}}})
		if c.Region != "north" || c.Name != "JV" || c.ProfileValue("region") != "north" {
			t.Errorf("state after ProfileUpdated: region %q, name %q", c.Region, c.Name)
		}
	})
}
