package snapshots_test

import (
	"testing"

	"github.com/opsledger/opsledger/snapshots"
)

func TestParseSchema(t *testing.T) {
	type parsed struct {
		name    string
		version int64
		ok      bool
	}
	for schema, want := range map[string]parsed{
		"customer.Customer/1":        {"customer.Customer", 1, true},
		"employee.Employee/12":       {"employee.Employee", 12, true},
		"a/b/3":                      {"a/b", 3, true},
		"order/0":                    {"order", 0, true},
		"order":                      {},
		"order/":                     {},
		"/1":                         {},
		"order/x":                    {},
		"order/+1":                   {},
		"order/-1":                   {},
		"order/1 ":                   {},
		"order/99999999999999999999": {},
	} {
		name, version, ok := snapshots.ParseSchema(schema)
		if got := (parsed{name, version, ok}); got != want {
			t.Errorf("ParseSchema(%q) = %+v, want %+v", schema, got, want)
		}
	}
}
