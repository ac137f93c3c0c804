package auth_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain"
)

// BenchmarkJWT_Authenticate is the token check of every request: a client
// sends the same bearer token again and again, and its subject is looked
// up on the roster (memory only) every time.
func BenchmarkJWT_Authenticate(b *testing.B) {
	roster := auth.NewRoster(nil)
	roster.Hire("emp-7")
	j, err := auth.NewJWT([]byte("a-shared-secret-that-is-long-enough-000"), time.Now, auth.WithRoster(roster))
	if err != nil {
		b.Fatal(err)
	}
	tok, err := j.Issue(domain.Actor{EmployeeID: "emp-7", Roles: []domain.Role{domain.RoleSalesRep, domain.RoleSalesMgmt}, OrgUnitID: "HQ-SALES"}, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := j.Authenticate(tok); err != nil {
			b.Fatal(err)
		}
	}
}
