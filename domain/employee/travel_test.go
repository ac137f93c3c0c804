package employee_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

func TestEmployee_RegisterOuting(t *testing.T) {
	register := func(o employee.Outing) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.RegisterOuting(o, t0) }
	}
	visit := employee.Outing{OutingID: "o-1", Destination: "Xinjiekou", Purpose: "visit", CustomerIDs: []string{"c-1"}, ExpectedBackAt: t1}
	late := visit
	late.LeavesAt = t0.Add(-time.Minute)
	run(t, "RegisterOuting", []testCase{
		{name: "an outing is registered before leaving", given: atWork, when: register(visit), want: []domain.Event{employee.OutingRegistered{
			EmployeeID: "e-1", OutingID: "o-1", Destination: "Xinjiekou", Purpose: "visit", CustomerIDs: []string{"c-1"},
			LeavesAt: t0, ExpectedBackAt: t1, RegisteredAt: t0,
		}}},
		{name: "an outing that already began is refused", given: atWork, when: register(late), wantErr: employee.ErrOutingLate},
		{name: "destination and purpose are required", given: atWork, when: register(employee.Outing{OutingID: "o-1"}), wantErr: domain.ErrInvalid},
		{name: "a hire not at work does not go out", given: onboarding, when: register(visit), wantErr: employee.ErrNotWorking},
	})
}

var (
	trip          = employee.Trip{TripID: "t-1", Destination: "Suzhou", Purpose: "tender", StartsAt: tomorrow, EndsAt: tomorrow.AddDate(0, 0, 2)}
	tripRequested = employee.BusinessTripRequested{EmployeeID: "e-1", TripID: "t-1", Destination: "Suzhou", Purpose: "tender", StartsAt: trip.StartsAt, EndsAt: trip.EndsAt, RequestedAt: t0}
)

func TestEmployee_RequestBusinessTrip(t *testing.T) {
	request := func(tr employee.Trip, at time.Time) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.RequestBusinessTrip(tr, at) }
	}
	run(t, "RequestBusinessTrip", []testCase{
		{name: "a trip is requested before it starts", given: atWork, when: request(trip, t0), want: []domain.Event{tripRequested}},
		{name: "a trip already under way cannot be approved beforehand (E8)", given: atWork, when: request(trip, tomorrow), wantErr: employee.ErrTripStarted},
		{name: "a repeated request records nothing", given: given(atWork, tripRequested), when: request(trip, t0)},
		{name: "the end is not before the start", given: atWork, when: request(employee.Trip{TripID: "t-2", Destination: "x", StartsAt: tomorrow, EndsAt: t0}, t0), wantErr: employee.ErrBadPeriod},
	})
}

func TestEmployee_ApproveBusinessTrip(t *testing.T) {
	approve := func(role domain.Role, at time.Time) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.ApproveBusinessTrip("t-1", "dh-1", role, at)
		}
	}
	approved := employee.BusinessTripApproved{EmployeeID: "e-1", TripID: "t-1", ApprovedBy: "dh-1", ApprovedAt: t1}
	run(t, "ApproveBusinessTrip", []testCase{
		{name: "the department manager approves before the start (E8)", given: given(atWork, tripRequested), when: approve(domain.RoleDeptHead, t1), want: []domain.Event{approved}},
		{name: "approval at the start time is refused (E8)", given: given(atWork, tripRequested), when: approve(domain.RoleDeptHead, tomorrow), wantErr: employee.ErrTripStarted},
		{name: "approval after the start date is refused (E8)", given: given(atWork, tripRequested), when: approve(domain.RoleDeptHead, tomorrow.AddDate(0, 0, 1)), wantErr: employee.ErrTripStarted},
		{name: "another role does not approve trips (E8)", given: given(atWork, tripRequested), when: approve(domain.RoleHR, t1), wantErr: employee.ErrTripApprover},
		{name: "approving twice records nothing", given: given(atWork, tripRequested, approved), when: approve(domain.RoleDeptHead, t1)},
		{name: "an unknown trip is not found", given: atWork, when: approve(domain.RoleDeptHead, t1), wantErr: employee.ErrTripNotFound},
	})
}
