package customer_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain/customer"
)

// TestProfileUpdated_storesTheContactFieldsApart (rule P1-erasure): a
// profile update stores the primary contact's name and phone in members
// of their own (which privacy encrypts), names them in its change list
// without their values, and reads back the same event; an update stored
// before keeps them in the list and reads as it did; erased members read
// as erased values.
func TestProfileUpdated_storesTheContactFieldsApart(t *testing.T) {
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	e := customer.ProfileUpdated{CustomerID: "c1", Reason: "moved", UpdatedBy: "rep-1", UpdatedAt: at, Changes: []customer.FieldChange{
		{Field: "address", Old: "1 Road", New: "2 Road"}, {Field: "phone", Old: "111", New: "222"},
		{Field: "primary_contact", Old: "Ms Lin", New: "Mr Wu"}}}
	body, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"customer_id":"c1","changes":[{"field":"address","old":"1 Road","new":"2 Road"},{"field":"phone"},{"field":"primary_contact"}],` +
		`"primary_contact":{"old":"Ms Lin","new":"Mr Wu"},"phone":{"old":"111","new":"222"},"reason":"moved","updated_by":"rep-1","updated_at":"2026-05-01T09:00:00Z"}`
	if string(body) != want {
		t.Fatalf("stored as\n%s\nwant\n%s", body, want)
	}
	var back customer.ProfileUpdated
	if err := json.Unmarshal(body, &back); err != nil || !reflect.DeepEqual(back, e) {
		t.Fatalf("read back %+v (%v), want %+v", back, err, e)
	}

	before := `{"customer_id":"c1","changes":[{"field":"phone","old":"111","new":"222"}],"reason":"r","updated_by":"rep-1","updated_at":"2026-05-01T09:00:00Z"}`
	var old customer.ProfileUpdated
	if err := json.Unmarshal([]byte(before), &old); err != nil || old.Changes[0] != (customer.FieldChange{Field: "phone", Old: "111", New: "222"}) {
		t.Fatalf("an update stored before reads %+v (%v)", old, err)
	}

	erased := strings.Replace(want, `"phone":{"old":"111","new":"222"}`, `"phone":{"old":"[erased]","new":"[erased]"}`, 1)
	var scrubbed customer.ProfileUpdated
	if err := json.Unmarshal([]byte(erased), &scrubbed); err != nil || scrubbed.Changes[1] != (customer.FieldChange{Field: "phone", Old: "[erased]", New: "[erased]"}) {
		t.Fatalf("an erased update reads %+v (%v)", scrubbed, err)
	}
}
