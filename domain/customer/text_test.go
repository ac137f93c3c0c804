package customer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
)

// Given the customer file, when a registration or a profile change holds
// a field exactly as long as its kind allows, then the file takes it; one
// character more and it is refused naming the field, whoever calls
// (§2.5-text). The file's fields are what the read models index.
func TestCustomer_textLimits(t *testing.T) {
	for _, tc := range []struct {
		field string
		max   int
		set   func(*customer.Registration, string)
	}{
		{"name", 200, func(r *customer.Registration, s string) { r.Name = s }},
		{"address", 500, func(r *customer.Registration, s string) { r.Address = s }},
		{"primary_contact", 200, func(r *customer.Registration, s string) { r.PrimaryContact = s }},
		{"phone", 64, func(r *customer.Registration, s string) { r.Phone = s }},
		{"region", 200, func(r *customer.Registration, s string) { r.Region = s }},
		{"customer_id", 200, func(r *customer.Registration, s string) { r.CustomerID = s }},
	} {
		t.Run("registration "+tc.field, func(t *testing.T) {
			reg := registration
			tc.set(&reg, strings.Repeat("客", tc.max))
			if _, err := (customer.Customer{}).Register(reg, "rep-1", t0); err != nil {
				t.Fatalf("Register(%s at %d) error = %v, want success", tc.field, tc.max, err)
			}
			tc.set(&reg, strings.Repeat("客", tc.max+1))
			_, err := (customer.Customer{}).Register(reg, "rep-1", t0)
			var fe *domain.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("Register(%s at %d) error = %v, want an invalid-field error naming it", tc.field, tc.max+1, err)
			}
		})
	}
	for field, max := range map[string]int{"name": 200, "address": 500, "phone": 64, "strengths_weaknesses": 2000} {
		t.Run("profile "+field, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, history(registered)...)
			if _, err := c.UpdateProfile(map[string]string{field: strings.Repeat("x", max)}, "why", "rep-1", domain.RoleSalesRep, t1); err != nil {
				t.Fatalf("UpdateProfile(%s at %d) error = %v, want success", field, max, err)
			}
			_, err := c.UpdateProfile(map[string]string{field: strings.Repeat("x", max+1)}, "why", "rep-1", domain.RoleSalesRep, t1)
			var fe *domain.FieldError
			if !errors.As(err, &fe) || fe.Field != field {
				t.Fatalf("UpdateProfile(%s at %d) error = %v, want an invalid-field error naming it", field, max+1, err)
			}
		})
	}
}
