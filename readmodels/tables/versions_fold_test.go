package tables_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

type foldRow struct {
	ID        string     `db:"id"`
	Value     int64      `db:"value_minor"`
	Due       *time.Time `db:"due"`
	Missing   *time.Time `db:"missing"`
	Groups    string     `db:"groups"`
	Hidden    string     `db:"-"`
	OnlyInRow string     `db:"only_in_row"`
	tables.Stamp
}

type foldView struct {
	ID      string             `db:"id"`
	Value   queries.MinorUnits `db:"value_minor"`
	Due     *queries.Day       `db:"due"`
	Missing *queries.Day       `db:"missing"`
	Groups  []string           `db:"groups"`
	Hidden  string             `db:"-"`
	Version int64              `db:"version"`
	Other   string             `db:"other"`
}

// Given a read model's row, when its columns are copied into a view, then
// each view field gets the column of its db tag as reading the row back
// would give it: a named integer from int64, a Day from a time, nil from
// a nil time, a list from JSON text, the version from the embedded stamp;
// fields the row lacks, and db:"-" fields, are left alone.
func TestCopyColumns(t *testing.T) {
	due := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	row := foldRow{ID: "k1", Value: 12345, Due: &due, Groups: `["key accounts","retail"]`, Hidden: "row", OnlyInRow: "x",
		Stamp: tables.Stamp{Version: 7, UpdatedAt: due}}
	v := foldView{Hidden: "view", Other: "kept"}
	if err := tables.CopyColumns(&v, &row); err != nil {
		t.Fatalf("CopyColumns: %v", err)
	}
	if v.ID != "k1" || v.Value != 12345 || v.Version != 7 {
		t.Errorf("scalars: %+v", v)
	}
	if v.Due == nil || !v.Due.Time.Equal(due) || v.Missing != nil {
		t.Errorf("times: due %v, missing %v; want %s and nil", v.Due, v.Missing, due)
	}
	if len(v.Groups) != 2 || v.Groups[1] != "retail" {
		t.Errorf("groups %v, want the JSON list", v.Groups)
	}
	if v.Hidden != "view" || v.Other != "kept" {
		t.Errorf("fields the row does not map were changed: %+v", v)
	}
}

// Given a column whose type cannot become the view's field, when copied,
// then CopyColumns says which column, rather than guessing.
func TestCopyColumns_RefusesAnIncompatibleColumn(t *testing.T) {
	row := struct {
		ID int64 `db:"id"`
	}{ID: 1}
	var v struct {
		ID time.Time `db:"id"`
	}
	if err := tables.CopyColumns(&v, row); err == nil {
		t.Fatal("an int64 column copied into a time field")
	}
}
