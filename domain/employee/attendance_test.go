package employee_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

func TestEmployee_CheckIn(t *testing.T) {
	checkIn := func(slot string, p employee.Regulation, at time.Time) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.CheckIn(slot, p, at) }
	}
	morning := employee.CheckedIn{EmployeeID: "e-1", Slot: "MORNING", Day: "2026-01-05", CheckedInAt: t0}
	// 23:30 UTC on the 4th is 07:30 on the 5th in company time (+8h)
	earlyMorning := time.Date(2026, 1, 4, 23, 30, 0, 0, time.UTC)
	twoSlots := reg
	twoSlots.CheckInSlots = []string{"MORNING", "EVENING"}
	run(t, "CheckIn", []testCase{
		{name: "a morning check-in is recorded with its company day", given: onProbation, when: checkIn("MORNING", reg, t0), want: []domain.Event{morning}},
		{name: "the same slot twice a day records nothing", given: given(onProbation, morning), when: checkIn("MORNING", reg, t1)},
		{name: "the day is the company's, not UTC's", given: onProbation, when: checkIn("MORNING", reg, earlyMorning),
			want: []domain.Event{employee.CheckedIn{EmployeeID: "e-1", Slot: "MORNING", Day: "2026-01-05", CheckedInAt: earlyMorning}}},
		{name: "the same slot the next day is recorded", given: given(onProbation, morning), when: checkIn("MORNING", reg, t0.AddDate(0, 0, 1)),
			want: []domain.Event{employee.CheckedIn{EmployeeID: "e-1", Slot: "MORNING", Day: "2026-01-06", CheckedInAt: t0.AddDate(0, 0, 1)}}},
		{name: "slots are configurable: noon is not a slot of a two-slot regulation", given: onProbation, when: checkIn("NOON", twoSlots, t0), wantErr: employee.ErrUnknownSlot},
		{name: "a hire not at work does not check in", given: onboarding, when: checkIn("MORNING", reg, t0), wantErr: employee.ErrNotWorking},
	})
}

var (
	tomorrow    = t0.AddDate(0, 0, 1)
	yesterday   = t0.AddDate(0, 0, -1)
	leaveAhead  = employee.LeaveRequest{LeaveID: "l-1", From: tomorrow, To: tomorrow.Add(8 * time.Hour), Reason: "family"}
	leaveBehind = employee.LeaveRequest{LeaveID: "l-2", From: yesterday, To: yesterday.Add(8 * time.Hour), Reason: "emergency"}
	requested   = employee.LeaveRequested{EmployeeID: "e-1", LeaveID: "l-1", From: leaveAhead.From, To: leaveAhead.To, Reason: "family", RequestedAt: t0}
	retroFiled  = employee.LeaveRetroactivelyFiled{EmployeeID: "e-1", LeaveID: "l-2", From: leaveBehind.From, To: leaveBehind.To, Reason: "emergency", FiledAt: t0}
)

func TestEmployee_RequestLeave(t *testing.T) {
	request := func(r employee.LeaveRequest) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.RequestLeave(r, t0) }
	}
	backwards := leaveAhead
	backwards.To = t0
	run(t, "RequestLeave", []testCase{
		{name: "a written request is recorded, not yet effective (E7)", given: atWork, when: request(leaveAhead), want: []domain.Event{requested}},
		{name: "a repeated request records nothing", given: given(atWork, requested), when: request(leaveAhead)},
		{name: "leave that already started is filed retroactively", given: atWork, when: request(leaveBehind), wantErr: employee.ErrLeaveInPast},
		{name: "the end is not before the start", given: atWork, when: request(backwards), wantErr: employee.ErrBadPeriod},
		{name: "a reason is required", given: atWork, when: request(employee.LeaveRequest{LeaveID: "l-1", From: tomorrow, To: tomorrow}), wantErr: domain.ErrInvalid},
	})
}

func TestEmployee_FileRetroactiveLeave(t *testing.T) {
	file := func(r employee.LeaveRequest) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.FileRetroactiveLeave(r, t0) }
	}
	run(t, "FileRetroactiveLeave", []testCase{
		{name: "emergency leave filed afterwards is recorded and flagged", given: atWork, when: file(leaveBehind), want: []domain.Event{retroFiled}},
		{name: "future leave is requested, not filed retroactively", given: atWork, when: file(leaveAhead), wantErr: employee.ErrLeaveNotPast},
		{name: "filing twice records nothing", given: given(atWork, retroFiled), when: file(leaveBehind)},
		{name: "a departed employee files no leave", given: given(atWork, employee.Departed{EmployeeID: "e-1"}), when: file(leaveBehind), wantErr: employee.ErrNotActive},
	})
}

func TestEmployee_SignLeave(t *testing.T) {
	sign := func(id, signer string, role domain.Role) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.SignLeave(id, signer, role, t1) }
	}
	run(t, "SignLeave", []testCase{
		{name: "the department manager's signature makes leave effective (E7)", given: given(atWork, requested), when: sign("l-1", "dh-1", domain.RoleDeptHead),
			want: []domain.Event{employee.LeaveApproved{EmployeeID: "e-1", LeaveID: "l-1", SignedBy: "dh-1", SignedAt: t1}}},
		{name: "a retroactive filing stays flagged when signed", given: given(atWork, retroFiled), when: sign("l-2", "dh-1", domain.RoleDeptHead),
			want: []domain.Event{employee.LeaveApproved{EmployeeID: "e-1", LeaveID: "l-2", Retroactive: true, SignedBy: "dh-1", SignedAt: t1}}},
		{name: "another role's signature does not make leave effective (E7)", given: given(atWork, requested), when: sign("l-1", "hr-1", domain.RoleHR), wantErr: employee.ErrLeaveSigner},
		{name: "nobody signs their own leave (E7)", given: given(atWork, requested), when: sign("l-1", "e-1", domain.RoleDeptHead), wantErr: employee.ErrLeaveSigner},
		{name: "signing twice records nothing", given: given(atWork, requested, employee.LeaveApproved{EmployeeID: "e-1", LeaveID: "l-1"}), when: sign("l-1", "dh-1", domain.RoleDeptHead)},
		{name: "an unknown request is not found", given: atWork, when: sign("l-9", "dh-1", domain.RoleDeptHead), wantErr: employee.ErrLeaveNotFound},
	})
}
