package tables

import (
	"strings"
	"testing"
)

// Given a GiST spec and a btree spec, when VersionsIndexes writes their
// statements, then the GiST one is "_k<i>" USING gist and the btree one
// "_b<i>" without it, beside the two range GiST indexes (decision
// 30: a change of kind is a new index name).
func TestVersionsIndexes_namesAGistAndABtreeSpecApart(t *testing.T) {
	sql := VersionsIndexes("orders", "gist (status, sys_period)", "(customer_id)")
	for _, want := range []string{
		"orders_versions_sys ON orders_versions USING gist (sys_period)",
		"orders_versions_valid ON orders_versions USING gist (valid_period)",
		"orders_versions_k0 ON orders_versions USING gist (status, sys_period)",
		"orders_versions_b1 ON orders_versions (customer_id)",
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("VersionsIndexes = %s\nwant it to contain %q", sql, want)
		}
	}
	if strings.Contains(sql, "_k1") || strings.Contains(sql, "_b0") {
		t.Errorf("VersionsIndexes = %s: a spec named after the other kind", sql)
	}
}
