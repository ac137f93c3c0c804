package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app/apptest"
)

// Given the instance's pool, when it reads a timestamptz, then the time
// is in UTC (not the process's local zone), so every body the API writes
// from a read model gives its times in UTC.
func TestPool_ReadsTimesInUTC(t *testing.T) {
	env := apptest.New(t, nil)
	var got time.Time
	if err := env.App.Pool.QueryRow(context.Background(), `SELECT '2026-01-01T08:00:00+08:00'::timestamptz`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if got.Location() != time.UTC || !got.Equal(want) {
		t.Errorf("read %s (%s), want %s in UTC", got, got.Location(), want)
	}
}
