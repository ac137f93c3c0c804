package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/domain"
)

// BenchmarkJWT_Authenticate is the auth path of every request: a client
// sends the same bearer token again and again.
func BenchmarkJWT_Authenticate(b *testing.B) {
	auth, err := api.NewJWT([]byte("a-shared-secret-that-is-long-enough-000"), time.Now)
	if err != nil {
		b.Fatal(err)
	}
	tok, err := auth.Issue(domain.Actor{EmployeeID: "emp-7", Roles: []domain.Role{domain.RoleSalesRep, domain.RoleSalesMgmt}, OrgUnitID: "HQ-SALES"}, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := auth.Authenticate(r); err != nil {
			b.Fatal(err)
		}
	}
}
