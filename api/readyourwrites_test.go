package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// TestReadYourWrites_Repeated registers customers one after another and
// reads each back with the position its command returned: every read must
// see its write, while the other read models' runners keep transactions
// open that hold the global log back. It once caught a wait that ended
// between two reads of different snapshots, and a subscription that slept
// through the end of such a transaction.
func TestReadYourWrites_Repeated(t *testing.T) {
	env := apptest.New(t, nil)
	tok := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	for i := range 60 {
		n := fmt.Sprintf("RYW-%d", i)
		resp := env.Do(t, "POST", "/customers", tok, map[string]any{"number": n, "name": "Customer " + n,
			"address": "1 Harbour Road", "primary_contact": "Ms Lin", "phone": "021-5555", "source": "REFERRAL"})
		if resp.Status != http.StatusCreated {
			t.Fatalf("register %s = %d %s, want 201", n, resp.Status, resp.Body)
		}
		var created struct{ ID string }
		resp.JSON(t, &created)
		pos := resp.Header.Get("X-Opsledger-Position")
		got := env.Do(t, "GET", "/customers/"+created.ID+"?after="+pos, tok, nil)
		if got.Status != http.StatusOK {
			t.Fatalf("read %s after %s = %d %s, want 200", n, pos, got.Status, got.Body)
		}
	}
}
