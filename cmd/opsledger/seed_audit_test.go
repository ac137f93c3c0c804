package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/queries"
)

// Given the demo customer file and its September readers, when their reads
// are turned into log entries, then each is the entry the API records for
// GET /customers/{id}: the reader's roles as their token carries them, the
// contact fields, the file's owner; and a reader the access rule would
// have shown no contact (a rep who does not own the file) is refused, so the
// demo never claims a read the API would not have logged.
func TestSeed_DemoFileReadsAreLoggedAsTheAPIWould(t *testing.T) {
	file := demoCustomerFile(demoReadCustomer)
	entries, err := demoFileReads(file, demoFileReaders())
	if err != nil {
		t.Fatalf("demoFileReads: %v", err)
	}
	for i, e := range entries {
		reader := personOf(demoFileReaders()[i].id).actor()
		if e.ReaderID != reader.EmployeeID || len(e.ReaderRoles) != len(reader.Roles) || e.ReaderRoles[0] != string(reader.Roles[0]) ||
			e.Endpoint != "GET /customers/{id}" || e.Category != queries.CategoryCustomerContact ||
			!slices.Equal(e.Fields, queries.CustomerContactFields) || e.SubjectOwnerID != "emp-rep-02" || e.SubjectID != demoReadCustomer {
			t.Errorf("entry %d = %+v, want %s's read of %s as the API logs it", i, e, reader.EmployeeID, demoReadCustomer)
		}
	}
	outsider := demoFileReader{id: "emp-rep-01", at: day(2026, 9, 4)}
	if outsider.id == file.OwnerRepID {
		t.Fatalf("%s owns %s: pick another rep", outsider.id, file.CustomerID)
	}
	if _, err := demoFileReads(file, append(demoFileReaders(), outsider)); err == nil || !strings.Contains(err.Error(), outsider.id) {
		t.Errorf("a read by a rep who does not own the file: error %v, want one naming %s", err, outsider.id)
	}
}
