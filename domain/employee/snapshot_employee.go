package employee

import (
	"encoding/json"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// StateSchema versions the state a snapshot of an employee file holds
// (see package snapshots): bump it whenever a field of Employee (or of the
// records its history keeps) changes, or what Evolve makes of an event,
// so a snapshot written by older code is ignored and the stream folded
// again.
const StateSchema = 3

// employeeSnapshot is Employee with its unexported fields spelled out.
type employeeSnapshot struct {
	Employee        Employee         `json:"employee"` // the exported fields
	Qualified       bool             `json:"qualified"`
	ProbationMonths int              `json:"probation_months"`
	DocumentsFiled  bool             `json:"documents_filed"`
	TrainingPassed  bool             `json:"training_passed"`
	ProbationEndsOn time.Time        `json:"probation_ends_on"`
	LeniencyGranted bool             `json:"leniency_granted"`
	Salary          salarySnapshot   `json:"salary"`
	CheckInDay      string           `json:"check_in_day"`
	CheckInSlots    []string         `json:"check_in_slots"`
	Departure       departureRecord  `json:"departure"`
	History         *historySnapshot `json:"history"` // nil: no event folded yet
}

type salarySnapshot struct {
	Amount domain.Money `json:"amount"`
	// Approvals tells nil (no approval pending) from empty, as with does.
	Approvals map[domain.Role]string `json:"approvals"`
}

type departureRecord struct {
	Kind          DepartureType `json:"kind"`
	Violation     Violation     `json:"violation"`
	FilesArchived bool          `json:"files_archived"`
	PayResolved   bool          `json:"pay_resolved"`
}

type historySnapshot struct {
	Leaves     map[string]leaveRecord     `json:"leaves"`
	Trips      map[string]tripRecord      `json:"trips"`
	Reports    map[string]bool            `json:"reports"`
	Appraisals map[string]appraisalRecord `json:"appraisals"`
	Periods    []periodRecord             `json:"periods"` // a map keyed by a struct, as a list
	Plans      map[string]bool            `json:"plans"`
	Penalties  map[string]bool            `json:"penalties"`
	Rewards    map[string]bool            `json:"rewards"`
	Fines      map[string]bool            `json:"fines"`
	Results    map[string]domain.Money    `json:"results"`
	Dailies    map[string]string          `json:"dailies"`
	Outings    map[string]time.Time       `json:"outings"`
}

type leaveRecord struct {
	Retroactive bool `json:"retroactive"`
	Approved    bool `json:"approved"`
}

type tripRecord struct {
	StartsAt time.Time `json:"starts_at"`
	Approved bool      `json:"approved"`
}

type appraisalRecord struct {
	ID    string `json:"id"`
	Grade Grade  `json:"grade"`
}

type periodRecord struct {
	Cycle     Cycle           `json:"cycle"`
	Start     string          `json:"start"`
	Appraisal appraisalRecord `json:"appraisal"`
}

// MarshalSnapshot encodes the whole state, unexported fields and the
// history's records included. It only reads s, whose history other
// copies may share.
func (s Employee) MarshalSnapshot() ([]byte, error) {
	return json.Marshal(employeeSnapshot{
		Employee: s, Qualified: s.qualified, ProbationMonths: s.probationMonths,
		DocumentsFiled: s.documentsFiled, TrainingPassed: s.trainingPassed,
		ProbationEndsOn: s.probationEndsOn, LeniencyGranted: s.leniencyGranted,
		Salary:     salarySnapshot{Amount: s.salary.amount, Approvals: s.salary.approvals},
		CheckInDay: s.checkInDay, CheckInSlots: s.checkInSlots,
		Departure: departureRecord{Kind: s.departure.kind, Violation: s.departure.violation,
			FilesArchived: s.departure.filesArchived, PayResolved: s.departure.payResolved},
		History: snapshotOf(s.history),
	})
}

// UnmarshalEmployeeSnapshot decodes what MarshalSnapshot encoded into a
// fresh state: it shares no map, slice or history with any other.
func UnmarshalEmployeeSnapshot(b []byte) (Employee, error) {
	var snap employeeSnapshot
	if err := json.Unmarshal(b, &snap); err != nil {
		return Employee{}, err
	}
	s := snap.Employee
	s.qualified, s.probationMonths = snap.Qualified, snap.ProbationMonths
	s.documentsFiled, s.trainingPassed = snap.DocumentsFiled, snap.TrainingPassed
	s.probationEndsOn, s.leniencyGranted = snap.ProbationEndsOn, snap.LeniencyGranted
	s.salary = pendingSalary{amount: snap.Salary.Amount, approvals: snap.Salary.Approvals}
	s.checkInDay, s.checkInSlots = snap.CheckInDay, snap.CheckInSlots
	d := snap.Departure
	s.departure = departure{kind: d.Kind, violation: d.Violation, filesArchived: d.FilesArchived, payResolved: d.PayResolved}
	s.history = snap.History.history()
	return s, nil
}

func snapshotOf(h *history) *historySnapshot {
	if h == nil {
		return nil
	}
	out := &historySnapshot{Reports: h.reports, Plans: h.plans, Penalties: h.penalties,
		Rewards: h.rewards, Fines: h.fines, Results: h.results, Dailies: h.dailies, Outings: h.outings,
		Leaves:     make(map[string]leaveRecord, len(h.leaves)),
		Trips:      make(map[string]tripRecord, len(h.trips)),
		Appraisals: make(map[string]appraisalRecord, len(h.appraisals)),
		Periods:    make([]periodRecord, 0, len(h.periods)),
	}
	for id, l := range h.leaves {
		out.Leaves[id] = leaveRecord{Retroactive: l.retroactive, Approved: l.approved}
	}
	for id, t := range h.trips {
		out.Trips[id] = tripRecord{StartsAt: t.startsAt, Approved: t.approved}
	}
	for id, a := range h.appraisals {
		out.Appraisals[id] = appraisalRecord{ID: a.id, Grade: a.grade}
	}
	for k, a := range h.periods {
		out.Periods = append(out.Periods, periodRecord{Cycle: k.cycle, Start: k.start, Appraisal: appraisalRecord{ID: a.id, Grade: a.grade}})
	}
	return out
}

// history rebuilds the records; every map exists, as newHistory makes
// them, since Evolve writes into them.
func (h *historySnapshot) history() *history {
	if h == nil {
		return nil
	}
	out := newHistory()
	for id, l := range h.Leaves {
		out.leaves[id] = leave{retroactive: l.Retroactive, approved: l.Approved}
	}
	for id, t := range h.Trips {
		out.trips[id] = trip{startsAt: t.StartsAt, approved: t.Approved}
	}
	for id, a := range h.Appraisals {
		out.appraisals[id] = appraisal{id: a.ID, grade: a.Grade}
	}
	for _, p := range h.Periods {
		out.periods[periodKey{cycle: p.Cycle, start: p.Start}] = appraisal{id: p.Appraisal.ID, grade: p.Appraisal.Grade}
	}
	copyInto(out.reports, h.Reports)
	copyInto(out.plans, h.Plans)
	copyInto(out.penalties, h.Penalties)
	copyInto(out.rewards, h.Rewards)
	copyInto(out.fines, h.Fines)
	copyInto(out.results, h.Results)
	copyInto(out.dailies, h.Dailies)
	copyInto(out.outings, h.Outings)
	return out
}

func copyInto[V any](dst, src map[string]V) {
	for k, v := range src {
		dst[k] = v
	}
}
