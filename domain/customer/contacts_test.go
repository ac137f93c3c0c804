package customer_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
)

var (
	liPersonal = customer.PersonalData{Name: "Ms Li", Gender: "F", ContactDetails: "138…", AgeBracket: "40-49"}
	liAdded    = customer.KeyContactAdded{CustomerID: "c-1", ContactID: "k-li", RoleInOrg: customer.ContactFinancialReviewer, Personal: liPersonal, AddedBy: "rep-1", AddedAt: t0}
	liRemoved  = customer.KeyContactRemoved{CustomerID: "c-1", ContactID: "k-li", Reason: "left the company"}
	li         = customer.KeyContact{ContactID: "k-li", RoleInOrg: customer.ContactFinancialReviewer, Personal: liPersonal}
)

func TestCustomer_AddKeyContact(t *testing.T) {
	noRole := li
	noRole.RoleInOrg = ""
	noName := li
	noName.Personal.Name = ""
	tests := []struct {
		name    string
		given   []domain.Event
		contact customer.KeyContact
		actor   string
		role    domain.Role
		want    []domain.Event
		wantErr error
	}{
		{name: "a key person is added with personal data in its own sub-struct", given: history(registered), contact: li, actor: "rep-1", role: domain.RoleSalesRep, want: history(liAdded)},
		{name: "the role in the customer organisation is required", given: history(registered), contact: noRole, actor: "rep-1", role: domain.RoleSalesRep, wantErr: domain.ErrInvalid},
		{name: "the name is required", given: history(registered), contact: noName, actor: "rep-1", role: domain.RoleSalesRep, wantErr: domain.ErrInvalid},
		{name: "an id in use conflicts", given: history(registered, liAdded), contact: li, actor: "rep-1", role: domain.RoleSalesRep, wantErr: customer.ErrContactExists},
		{name: "the primary contact id is reserved", given: history(registered), contact: customer.KeyContact{ContactID: customer.PrimaryContactID, RoleInOrg: customer.ContactHead, Personal: liPersonal}, actor: "rep-1", role: domain.RoleSalesRep, wantErr: domain.ErrInvalid},
		{name: "another rep's customer is refused", given: history(registered), contact: li, actor: "rep-2", role: domain.RoleSalesRep, wantErr: customer.ErrNotOwner},
		{name: "unknown customer", contact: li, actor: "rep-1", role: domain.RoleSalesRep, wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.AddKeyContact(tt.contact, tt.actor, tt.role, t0)

			check(t, "AddKeyContact", got, err, tt.want, tt.wantErr)
		})
	}
	if liAdded.PersonalSubject() != "k-li" {
		t.Errorf("PersonalSubject() = %q, want k-li", liAdded.PersonalSubject())
	}
}

func TestCustomer_UpdateKeyContact(t *testing.T) {
	promoted := li
	promoted.RoleInOrg = customer.ContactHead
	tests := []struct {
		name    string
		given   []domain.Event
		contact customer.KeyContact
		want    []domain.Event
		wantErr error
	}{
		{name: "a key person's new values are recorded", given: history(registered, liAdded), contact: promoted,
			want: history(customer.KeyContactUpdated{CustomerID: "c-1", ContactID: "k-li", RoleInOrg: customer.ContactHead, Personal: liPersonal, UpdatedBy: "cs-1", UpdatedAt: t1})},
		{name: "an update that changes nothing records nothing", given: history(registered, liAdded), contact: li},
		{name: "a removed contact cannot be updated", given: history(registered, liAdded, liRemoved), contact: li, wantErr: customer.ErrContactNotFound},
		{name: "an unknown contact cannot be updated", given: history(registered), contact: li, wantErr: customer.ErrContactNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.UpdateKeyContact(tt.contact, "cs-1", domain.RoleCustomerService, t1)

			check(t, "UpdateKeyContact", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_RemoveKeyContact(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		reason  string
		want    []domain.Event
		wantErr error
	}{
		{name: "a key person is taken off the file", given: history(registered, liAdded), reason: "left the company",
			want: history(customer.KeyContactRemoved{CustomerID: "c-1", ContactID: "k-li", Reason: "left the company", RemovedBy: "cs-1", RemovedAt: t1})},
		{name: "a reason is required", given: history(registered, liAdded), wantErr: domain.ErrInvalid},
		{name: "removing twice records nothing", given: history(registered, liAdded, liRemoved), reason: "x"},
		{name: "an unknown contact is not found", given: history(registered), reason: "x", wantErr: customer.ErrContactNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.RemoveKeyContact("k-li", tt.reason, "cs-1", domain.RoleCustomerService, t1)

			check(t, "RemoveKeyContact", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_LogContact(t *testing.T) {
	entry := customer.ContactEntry{ContactID: "k-li", Channel: "phone", Topic: "payment terms", Outcome: "agrees to 30 days", NextAppointmentAt: t1}
	change := func(f func(*customer.ContactEntry)) customer.ContactEntry { e := entry; f(&e); return e }
	tests := []struct {
		name    string
		given   []domain.Event
		entry   customer.ContactEntry
		want    []domain.Event
		wantErr error
	}{
		{name: "a contact with a key person is logged", given: history(registered, liAdded), entry: entry,
			want: history(customer.ContactLogged{CustomerID: "c-1", EmployeeID: "rep-1", ContactID: "k-li", Channel: "phone", Topic: "payment terms", Outcome: "agrees to 30 days", NextAppointmentAt: t1, At: t0})},
		{name: "a contact with the primary contact needs no key-contact entry", given: history(registered), entry: change(func(e *customer.ContactEntry) {
			e.ContactID = customer.PrimaryContactID
			e.NextAppointmentAt = t0.Add(0)
		}),
			want: history(customer.ContactLogged{CustomerID: "c-1", EmployeeID: "rep-1", ContactID: "primary", Channel: "phone", Topic: "payment terms", Outcome: "agrees to 30 days", NextAppointmentAt: t0, At: t0})},
		{name: "the contact person must exist", given: history(registered), entry: entry, wantErr: customer.ErrContactNotFound},
		{name: "a removed contact person no longer exists", given: history(registered, liAdded, liRemoved), entry: entry, wantErr: customer.ErrContactNotFound},
		{name: "the outcome is required", given: history(registered, liAdded), entry: change(func(e *customer.ContactEntry) { e.Outcome = "" }), wantErr: domain.ErrInvalid},
		{name: "unknown customer", entry: entry, wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.LogContact(tt.entry, "rep-1", t0)

			check(t, "LogContact", got, err, tt.want, tt.wantErr)
		})
	}
}
