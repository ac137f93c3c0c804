package queries_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/opsledger/opsledger/queries"
)

func TestDay_IsWrittenAsABareDateInUTC(t *testing.T) {
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), `"2027-03-01"`},
		{time.Date(2027, 3, 1, 23, 59, 59, 0, time.UTC), `"2027-03-01"`},
		{time.Date(2027, 3, 2, 7, 0, 0, 0, time.FixedZone("CST", 8*3600)), `"2027-03-01"`},
	} {
		b, err := json.Marshal(queries.Day{Time: tc.at})
		if err != nil || string(b) != tc.want {
			t.Errorf("Day(%s) = %s, %v; want %s", tc.at, b, err, tc.want)
		}
	}
	var d queries.Day
	if err := json.Unmarshal([]byte(`"2027-03-01"`), &d); err != nil || !d.Equal(time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("read %v, %v; want midnight UTC of 2027-03-01", d, err)
	}
	if err := json.Unmarshal([]byte(`"01/03/2027"`), &d); err == nil {
		t.Error("a date not in YYYY-MM-DD was read")
	}
	if queries.DayOf(time.Time{}) != nil {
		t.Error("DayOf(zero) is not nil: an absent day would be written as 0001-01-01")
	}
}

func TestPosition_IsWrittenAsTheStringAfterTakes(t *testing.T) {
	b, err := json.Marshal(queries.Status{Name: "orders", Position: queries.Position{Major: 12, Minor: 3}})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil || got["position"] != "12-3" || got["name"] != "orders" {
		t.Errorf("status = %s, want position \"12-3\" and snake_case keys", b)
	}
	var p queries.Position
	if err := json.Unmarshal([]byte(`"12-3"`), &p); err != nil || p != (queries.Position{Major: 12, Minor: 3}) {
		t.Errorf("read %+v, %v; want 12-3", p, err)
	}
	for _, bad := range []string{`"12"`, `"a-3"`, `"12-"`, `12`} {
		if err := json.Unmarshal([]byte(bad), &p); err == nil {
			t.Errorf("position %s was read", bad)
		}
	}
}
