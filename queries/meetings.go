package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/research"
)

// ErrMeetingNotFound is returned for a meeting the read model does not
// know.
var ErrMeetingNotFound = domain.NotFound("meeting not found")

// ErrResearchProjectNotFound is returned for a research project the read
// model does not know.
var ErrResearchProjectNotFound = domain.NotFound("research project not found")

// Meeting and research filter values and sorts.
var (
	MeetingKinds            = names(meeting.Kinds()...)
	MeetingStatuses         = names(meeting.StatusScheduled, meeting.StatusHeld, meeting.StatusMinutesRecorded, meeting.StatusCountersigned, meeting.StatusClosed)
	MeetingSorts            = []string{"-starts_at", "starts_at", "-updated_at"}
	AttendanceStates        = []string{AttendanceExpected, AttendancePresent, AttendanceExcused, AttendanceAbsent}
	ResearchProjectStatuses = names(research.Statuses()...)
	ResearchProjectSorts    = []string{"-proposed_at", "proposed_at", "-updated_at"}
)

// The attendance of one attendee: EXPECTED until the meeting is held.
const (
	AttendanceExpected = "EXPECTED"
	AttendancePresent  = "PRESENT"
	AttendanceExcused  = "EXCUSED"
	AttendanceAbsent   = "ABSENT"
)

// MeetingReaders may read meetings and their attendance: the people who
// hold and attend department meetings, the office that books the rooms,
// leadership and the oversight roles.
var MeetingReaders = []domain.Role{
	domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor, domain.RoleBranchManager,
	domain.RoleSalesRep, domain.RoleSalesAssistant, domain.RoleCustomerService, domain.RoleSalesMgmt,
	domain.RoleMarketResearcher, domain.RoleClerk, domain.RoleAdminOffice, domain.RoleHR,
	domain.RoleGM, domain.RoleGMOffice, domain.RoleDeputyGM, domain.RoleLeadership,
	domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleProcessSupervisor,
}

// ResearchReaders may read market-research projects: the group that runs
// them, the managers who review, approve and receive them, and the
// oversight roles.
var ResearchReaders = []domain.Role{
	domain.RoleMarketResearcher, domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleSalesMgmt,
	domain.RoleOpsAnalyst, domain.RoleGM, domain.RoleGMOffice, domain.RoleDeputyGM, domain.RoleLeadership,
	domain.RoleBoard, domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleProcessSupervisor,
}

// MeetingView is one meeting with its attendance, minutes and
// countersignatures. OpenMinutes marks a held meeting whose minutes are
// not written (§3.14-minutes); Uncountersigned an important meeting whose
// minutes lack a signature (§3.14-countersign).
type MeetingView struct {
	MeetingID         string             `db:"meeting_id" json:"meeting_id"`
	Kind              string             `db:"kind" json:"kind"`
	Title             string             `db:"title" json:"title"`
	OrgUnitID         string             `db:"org_unit_id" json:"org_unit_id"`
	ChairID           string             `db:"chair_id" json:"chair_id"`
	StartsAt          time.Time          `db:"starts_at" json:"starts_at"`
	DurationMinutes   int64              `db:"duration_minutes" json:"duration_minutes"`
	Important         bool               `db:"important" json:"important"`
	Room              string             `db:"room" json:"room,omitempty"`
	RoomBookedAt      *time.Time         `db:"room_booked_at" json:"room_booked_at,omitempty"`
	Status            string             `db:"status" json:"status"`
	Attendance        []MeetingAttendee  `db:"attendance" json:"attendance"`
	StartedAt         *time.Time         `db:"started_at" json:"started_at,omitempty"`
	EndedAt           *time.Time         `db:"ended_at" json:"ended_at,omitempty"`
	Overran           bool               `db:"overran" json:"overran"`
	MinutesRecordedAt *time.Time         `db:"minutes_recorded_at" json:"minutes_recorded_at,omitempty"`
	Signatures        []MeetingSignature `db:"signatures" json:"signatures,omitempty"`
	OpenMinutes       bool               `db:"open_minutes" json:"open_minutes"`
	Uncountersigned   bool               `db:"uncountersigned" json:"uncountersigned"`
	ClosedAt          *time.Time         `db:"closed_at" json:"closed_at,omitempty"`
	Version           int64              `db:"version" json:"version"`
	UpdatedAt         time.Time          `db:"updated_at" json:"updated_at"`
	Actions           []string           `db:"actions" json:"actions,omitempty"`
	Minutes           string             `db:"minutes" json:"minutes,omitempty"`
}

// MeetingAttendee is one expected attendee and their attendance.
type MeetingAttendee struct {
	EmployeeID string `json:"employee_id"`
	State      string `json:"state"`
	Reason     string `json:"reason,omitempty"`
}

// MeetingSignature is one signatory of an important meeting's minutes;
// SignedAt is absent until they countersigned.
type MeetingSignature struct {
	SignatoryID string     `json:"signatory_id"`
	SignedAt    *time.Time `json:"signed_at,omitempty"`
}

// MeetingFilter selects meetings. Empty fields select everything;
// StartsFrom/StartsTo bound the start (inclusive, exclusive).
type MeetingFilter struct {
	Status          string
	Kind            string
	OrgUnitID       string
	OpenMinutes     bool
	Uncountersigned bool
	StartsFrom      time.Time
	StartsTo        time.Time
	// Sort is starts_at or updated_at; default -starts_at.
	Sort string
}

// ResearchProjectView is one market-research project and how far it got.
type ResearchProjectView struct {
	ProjectID  string           `db:"project_id" json:"project_id"`
	Title      string           `db:"title" json:"title"`
	OrgUnitID  string           `db:"org_unit_id" json:"org_unit_id"`
	Purpose    string           `db:"purpose" json:"purpose"`
	Scope      string           `db:"scope" json:"scope"`
	Methods    []string         `db:"methods" json:"methods"`
	StartsOn   time.Time        `db:"starts_on" json:"starts_on"`
	DueOn      time.Time        `db:"due_on" json:"due_on"`
	Status     string           `db:"status" json:"status"`
	ProposedBy string           `db:"proposed_by" json:"proposed_by"`
	ProposedAt time.Time        `db:"proposed_at" json:"proposed_at"`
	ReviewedBy string           `db:"reviewed_by" json:"reviewed_by,omitempty"`
	ReviewedAt *time.Time       `db:"reviewed_at" json:"reviewed_at,omitempty"`
	ApprovedBy string           `db:"approved_by" json:"approved_by,omitempty"`
	ApprovedAt *time.Time       `db:"approved_at" json:"approved_at,omitempty"`
	StartedAt  *time.Time       `db:"started_at" json:"started_at,omitempty"`
	ReportedAt *time.Time       `db:"reported_at" json:"reported_at,omitempty"`
	Report     *research.Report `db:"report" json:"report,omitempty"`
	Version    int64            `db:"version" json:"version"`
	UpdatedAt  time.Time        `db:"updated_at" json:"updated_at"`
}

// ResearchProjectFilter selects research projects by state and org unit.
type ResearchProjectFilter struct {
	Status    string
	OrgUnitID string
	// Sort is proposed_at or updated_at; default -proposed_at.
	Sort string
}

// ResearchProjectCount is how many projects stand in one state.
type ResearchProjectCount struct {
	Status string `db:"status" json:"status"`
	Count  int64  `db:"count" json:"count"`
}
