package tables

import (
	"strings"
	"testing"
)

// Given two filter specs, when VersionsIndexes writes their statements,
// then each time axis has a GiST of its range's point and each spec a
// btree named "_b<i>" (decision 30: a changed index is a new name).
func TestVersionsIndexes_indexesEachAxisAsAPointAndEachSpecAsABtree(t *testing.T) {
	sql := VersionsIndexes("orders", "(status)", "(customer_id)")
	for _, want := range []string{
		"orders_versions_sysp ON orders_versions USING gist ((" + rangePoint("sys_period") + "))",
		"orders_versions_validp ON orders_versions USING gist ((" + rangePoint("valid_period") + "))",
		"orders_versions_b0 ON orders_versions (status)",
		"orders_versions_b1 ON orders_versions (customer_id)",
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("VersionsIndexes = %s\nwant it to contain %q", sql, want)
		}
	}
	if strings.Contains(sql, "gist (sys_period)") || strings.Contains(sql, "gist (valid_period)") {
		t.Errorf("VersionsIndexes = %s: still a GiST of a range itself", sql)
	}
}

// Given a generation built before, when its retired indexes are
// dropped, then the range GiSTs and the btree_gist indexes go and
// nothing the versions table keeps does.
func TestRetiredVersionsIndexes_dropsWhatThePointsReplaced(t *testing.T) {
	sql := RetiredVersionsIndexes("orders")
	for _, want := range []string{"orders_versions_sys,", "orders_versions_valid,", "orders_versions_k0", "orders_versions_k1"} {
		if !strings.Contains(sql, want) {
			t.Errorf("RetiredVersionsIndexes = %s, want it to drop %q", sql, want)
		}
	}
	for _, kept := range []string{"_sysp", "_validp", "_b0"} {
		if strings.Contains(sql, kept) {
			t.Errorf("RetiredVersionsIndexes = %s drops %q, which the table keeps", sql, kept)
		}
	}
}
