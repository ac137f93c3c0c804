package employee

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ChangeKind is the kind of a role change.
type ChangeKind string

// Role change kinds.
const (
	Promotion ChangeKind = "PROMOTION"
	Transfer  ChangeKind = "TRANSFER"
	Demotion  ChangeKind = "DEMOTION"
)

// RecordKind says what kind of record a RecordRef points to.
type RecordKind string

// Kinds of records a role change or departure may be based on.
const (
	RecordAppraisal    RecordKind = "APPRAISAL"
	RecordDisciplinary RecordKind = "DISCIPLINARY"
	RecordReward       RecordKind = "REWARD"
)

// RecordRef points to an appraisal, penalty or reward of this employee.
type RecordRef struct {
	Kind RecordKind `json:"kind"`
	ID   string     `json:"id"`
}

// exists reports whether ref names a record in this employee's history.
func (s Employee) exists(ref RecordRef) bool {
	if s.history == nil {
		return false
	}
	switch ref.Kind {
	case RecordAppraisal:
		_, ok := s.appraisals[ref.ID]
		return ok
	case RecordDisciplinary:
		return s.penalties[ref.ID]
	case RecordReward:
		return s.rewards[ref.ID]
	}
	return false
}

// RoleChange is a promotion, transfer or demotion.
type RoleChange struct {
	Kind         ChangeKind
	ToRole       domain.Role
	ToOrgUnitID  string
	SupervisorID string
	// Basis is the appraisal or disciplinary record the change rests on (D).
	Basis RecordRef
}

// ChangeRole promotes, transfers or demotes a regular employee. It refuses
// a change that changes nothing and one whose basis is not an appraisal or
// disciplinary record of this employee.
func (s Employee) ChangeRole(c RoleChange, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("to_org_unit_id", c.ToOrgUnitID), domain.Text("supervisor_id", c.SupervisorID), domain.Text("basis.id", c.Basis.ID)); err != nil {
		return nil, err
	}
	if s.Status != StatusRegular {
		if s.employed() || s.Status == StatusOnboarding {
			return nil, ErrNotRegular
		}
		return nil, s.activeError()
	}
	if c.Kind != Promotion && c.Kind != Transfer && c.Kind != Demotion {
		return nil, ErrBadChangeKind
	}
	to := c.ToRole
	if to == "" {
		to = s.Role
	}
	org := c.ToOrgUnitID
	if org == "" {
		org = s.OrgUnitID
	}
	switch {
	case !to.Valid():
		return nil, ErrBadRole
	case to == s.Role && org == s.OrgUnitID:
		return nil, ErrNothingChanges
	case c.Basis.Kind != RecordAppraisal && c.Basis.Kind != RecordDisciplinary, !s.exists(c.Basis):
		return nil, ErrUnknownBasis
	}
	return []domain.Event{RoleChanged{
		EmployeeID: s.ID, Kind: c.Kind, FromRole: s.Role, ToRole: to, FromOrgUnitID: s.OrgUnitID,
		ToOrgUnitID: org, SupervisorID: c.SupervisorID, Basis: c.Basis, ChangedAt: now,
	}}, nil
}
