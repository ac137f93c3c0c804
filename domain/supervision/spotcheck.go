package supervision

import (
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Aspect is what a spot check looks at in a process's execution (§3.15:
// "accuracy, timeliness and compliance").
type Aspect string

// The aspects a finding is about.
const (
	AspectAccuracy   Aspect = "ACCURACY"
	AspectTimeliness Aspect = "TIMELINESS"
	AspectCompliance Aspect = "COMPLIANCE"
)

// Aspects lists the aspects, for validation and the API's enums.
func Aspects() []Aspect { return []Aspect{AspectAccuracy, AspectTimeliness, AspectCompliance} }

// Valid reports whether a is a known aspect.
func (a Aspect) Valid() bool {
	for _, k := range Aspects() {
		if a == k {
			return true
		}
	}
	return false
}

// Finding is one observation of a spot check: the aspect, what was seen,
// and whether the execution conformed.
type Finding struct {
	Aspect      Aspect `json:"aspect"`
	Description string `json:"description"`
	Conforming  bool   `json:"conforming"`
}

// SpotCheck is the state of a spot-check stream: whether it is recorded,
// and the department it checked (a notice issued on it goes there).
type SpotCheck struct {
	ID           string
	DepartmentID string
}

// Exists reports whether the spot check was recorded.
func (s SpotCheck) Exists() bool { return s.ID != "" }

// Evolve returns the state after e.
func (s SpotCheck) Evolve(e domain.Event) SpotCheck {
	if e, ok := e.(SpotCheckRecorded); ok {
		s.ID, s.DepartmentID = e.SpotCheckID, e.DepartmentID
	}
	return s
}

// SpotCheckInput is what the supervision team records of a spot check.
type SpotCheckInput struct {
	SpotCheckID  string
	DepartmentID string
	Process      string
	CheckedOn    time.Time
	Findings     []Finding
}

// Record records a spot check (§3.15-spot-check): the department, the
// process, the day and at least one finding on accuracy, timeliness or
// compliance. It refuses a day after today and an id already used.
func (s SpotCheck) Record(in SpotCheckInput, by string, now time.Time) ([]domain.Event, error) {
	if err := checkSpotCheckTexts(in); err != nil {
		return nil, err
	}
	if s.Exists() {
		return nil, ErrSpotCheckRecorded
	}
	if err := requiredAll("spot_check_id", in.SpotCheckID, "department_id", in.DepartmentID, "process", in.Process); err != nil {
		return nil, err
	}
	if in.CheckedOn.IsZero() {
		return nil, domain.InvalidField("checked_on", "required")
	}
	if Day(in.CheckedOn).After(Day(now)) {
		return nil, ErrCheckedInFuture
	}
	if err := validFindings(in.Findings); err != nil {
		return nil, err
	}
	return []domain.Event{SpotCheckRecorded{
		SpotCheckID: in.SpotCheckID, DepartmentID: in.DepartmentID, Process: in.Process,
		CheckedOn: Day(in.CheckedOn), Findings: in.Findings, RecordedBy: by, RecordedAt: now,
	}}, nil
}

func checkSpotCheckTexts(in SpotCheckInput) error {
	texts := []domain.FieldText{domain.Text("spot_check_id", in.SpotCheckID),
		domain.Text("department_id", in.DepartmentID), domain.Text("process", in.Process)}
	for i, f := range in.Findings {
		texts = append(texts, domain.Text(fmt.Sprintf("findings[%d].description", i), f.Description))
	}
	return domain.CheckTexts(texts...)
}

func validFindings(findings []Finding) error {
	if len(findings) == 0 {
		return ErrNoFindings
	}
	for i, f := range findings {
		if !f.Aspect.Valid() {
			return ErrUnknownAspect
		}
		if f.Description == "" {
			return domain.InvalidField(fmt.Sprintf("findings[%d].description", i), "required")
		}
	}
	return nil
}
