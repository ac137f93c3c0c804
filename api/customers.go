package api

import (
	"context"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/customer"
)

const customerTag = "Customers"

func customerRoutes(s *Server, rt *routes) {
	create(rt, "/customers", customerTag, "Register a target customer (C1, C2)", s.registerTargetCustomer)
	command(rt, "/customers/{id}/profile", customerTag, "Change fields of the customer file (C3)", s.updateCustomerProfile)
	command(rt, "/customers/{id}/key-contacts", customerTag, "Add a key person of the customer", s.addKeyContact)
	command(rt, "/customers/{id}/key-contacts/{contact_id}/update", customerTag, "Replace a key person's role and personal data", s.updateKeyContact)
	command(rt, "/customers/{id}/key-contacts/{contact_id}/remove", customerTag, "Take a key person off the file", s.removeKeyContact)
	command(rt, "/customers/{id}/contact-log", customerTag, "Log a contact with the customer", s.logContact)
	customerPipelineRoutes(s, rt)
	customerServiceRoutes(s, rt)
	customerQueryRoutes(s, rt)
}

// RegisterTargetCustomerRequest opens a customer file. The owner defaults
// to the registering rep, the org unit to the registrant's.
type RegisterTargetCustomerRequest struct {
	Envelope
	Number         string `json:"number"`
	Name           string `json:"name"`
	Address        string `json:"address"`
	PrimaryContact string `json:"primary_contact"`
	Phone          string `json:"phone"`
	Source         string `json:"source"`
	OwnerRepID     string `json:"owner_rep_id,omitempty"`
	OrgUnitID      string `json:"org_unit_id,omitempty"`
	Region         string `json:"region,omitempty"`
}

func (s *Server) registerTargetCustomer(ctx context.Context, m commands.Meta, id string, req RegisterTargetCustomerRequest) (commands.Result, error) {
	return s.Commands.Customers.RegisterTargetCustomer(ctx, m, commands.RegisterTargetCustomer{
		CustomerID: id, Number: req.Number, Name: req.Name, Address: req.Address, PrimaryContact: req.PrimaryContact,
		Phone: req.Phone, Source: customer.Source(req.Source), OwnerRepID: req.OwnerRepID, OrgUnitID: req.OrgUnitID, Region: req.Region,
	})
}

// UpdateCustomerProfileRequest maps file fields to their new values; the
// envelope's reason is the change reason the file records.
type UpdateCustomerProfileRequest struct {
	Envelope
	Changes map[string]string `json:"changes"`
}

func (s *Server) updateCustomerProfile(ctx context.Context, m commands.Meta, id string, req UpdateCustomerProfileRequest) (commands.Result, error) {
	return s.Commands.Customers.UpdateCustomerProfile(ctx, m, commands.UpdateCustomerProfile{CustomerID: id, Changes: req.Changes})
}

// KeyContactFields are a key person's role in the customer's organisation
// and personal data (visible only to those who need to know).
type KeyContactFields struct {
	RoleInOrg string                `json:"role_in_org"`
	Personal  customer.PersonalData `json:"personal"`
}

func (f KeyContactFields) contact(id string) customer.KeyContact {
	return customer.KeyContact{ContactID: id, RoleInOrg: customer.ContactRole(f.RoleInOrg), Personal: f.Personal}
}

// AddKeyContactRequest names the new key person by a client-chosen id.
type AddKeyContactRequest struct {
	Envelope
	ContactID string `json:"contact_id"`
	KeyContactFields
}

func (s *Server) addKeyContact(ctx context.Context, m commands.Meta, id string, req AddKeyContactRequest) (commands.Result, error) {
	return s.Commands.Customers.AddKeyContact(ctx, m, commands.AddKeyContact{CustomerID: id, Contact: req.contact(req.ContactID)})
}

// UpdateKeyContactRequest replaces the key person's values.
type UpdateKeyContactRequest struct {
	Envelope
	KeyContactFields
}

func (s *Server) updateKeyContact(ctx context.Context, m commands.Meta, id string, req UpdateKeyContactRequest) (commands.Result, error) {
	return s.Commands.Customers.UpdateKeyContact(ctx, m, commands.UpdateKeyContact{CustomerID: id, Contact: req.contact(chi.URLParamFromCtx(ctx, "contact_id"))})
}

// RemoveKeyContactRequest says (in the envelope's reason) why the key
// person leaves the file.
type RemoveKeyContactRequest struct {
	Envelope
}

func (s *Server) removeKeyContact(ctx context.Context, m commands.Meta, id string, _ RemoveKeyContactRequest) (commands.Result, error) {
	return s.Commands.Customers.RemoveKeyContact(ctx, m, commands.RemoveKeyContact{CustomerID: id, ContactID: chi.URLParamFromCtx(ctx, "contact_id")})
}

// LogContactRequest is one contact with a person of the customer; the
// acting employee is the company's side.
type LogContactRequest struct {
	Envelope
	ContactID         string     `json:"contact_id"`
	Channel           string     `json:"channel"`
	Topic             string     `json:"topic"`
	Outcome           string     `json:"outcome"`
	NextAppointmentAt *time.Time `json:"next_appointment_at,omitempty"`
}

func (s *Server) logContact(ctx context.Context, m commands.Meta, id string, req LogContactRequest) (commands.Result, error) {
	e := customer.ContactEntry{ContactID: req.ContactID, Channel: req.Channel, Topic: req.Topic, Outcome: req.Outcome}
	if req.NextAppointmentAt != nil {
		e.NextAppointmentAt = *req.NextAppointmentAt
	}
	return s.Commands.Customers.LogContact(ctx, m, commands.LogContact{CustomerID: id, Entry: e})
}
