package employee_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// §2.1.4-outing: a visit counts only on an outing the rep registered for
// the visit's company day.
func TestEmployee_OutingOn(t *testing.T) {
	reg := employee.DefaultRegulation()
	leaves := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // 09:00 in the company's zone (UTC+8)
	registered := employee.OutingRegistered{EmployeeID: "e-1", OutingID: "o-1", Destination: "x", Purpose: "visit", LeavesAt: leaves, RegisteredAt: leaves}
	s := domain.Fold(employee.Employee.Evolve, append(append([]domain.Event{}, atWork...), registered)...)
	tests := []struct {
		name   string
		outing string
		at     time.Time
		want   bool
	}{
		{name: "a visit later that day is on the outing", outing: "o-1", at: leaves.Add(5 * time.Hour), want: true},
		{name: "the last second of the company day still counts", outing: "o-1", at: time.Date(2026, 3, 2, 15, 59, 59, 0, time.UTC), want: true},
		{name: "the next company day does not", outing: "o-1", at: time.Date(2026, 3, 2, 16, 0, 0, 0, time.UTC)},
		{name: "the day before does not", outing: "o-1", at: leaves.AddDate(0, 0, -1)},
		{name: "an outing never registered does not", outing: "o-9", at: leaves},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.OutingOn(tt.outing, tt.at, reg); got != tt.want {
				t.Errorf("OutingOn(%q, %s) = %v, want %v", tt.outing, tt.at, got, tt.want)
			}
		})
	}
}
