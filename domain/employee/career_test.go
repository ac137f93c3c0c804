package employee_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

func TestEmployee_ChangeRole(t *testing.T) {
	excellent := employee.AppraisalRecorded{EmployeeID: "e-1", AppraisalID: "a-1", Cycle: employee.CycleAnnual, Grade: employee.GradeExcellent}
	warned := employee.Penalized{EmployeeID: "e-1", PenaltyID: "p-1", Type: "WRITTEN_WARNING", RuleRef: "E12"}
	change := func(c employee.RoleChange) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.ChangeRole(c, t1) }
	}
	promote := employee.RoleChange{Kind: employee.Promotion, ToRole: domain.RoleTeamSupervisor, Basis: employee.RecordRef{Kind: employee.RecordAppraisal, ID: "a-1"}}
	run(t, "ChangeRole", []testCase{
		{name: "a promotion based on an appraisal is recorded", given: given(atWork, excellent), when: change(promote), want: []domain.Event{employee.RoleChanged{
			EmployeeID: "e-1", Kind: employee.Promotion, FromRole: domain.RoleSalesRep, ToRole: domain.RoleTeamSupervisor,
			FromOrgUnitID: "sales", ToOrgUnitID: "sales", Basis: promote.Basis, ChangedAt: t1,
		}}},
		{name: "a transfer based on a disciplinary record keeps the role", given: given(atWork, warned), when: change(employee.RoleChange{
			Kind: employee.Transfer, ToOrgUnitID: "service", SupervisorID: "dh-2", Basis: employee.RecordRef{Kind: employee.RecordDisciplinary, ID: "p-1"},
		}), want: []domain.Event{employee.RoleChanged{
			EmployeeID: "e-1", Kind: employee.Transfer, FromRole: domain.RoleSalesRep, ToRole: domain.RoleSalesRep,
			FromOrgUnitID: "sales", ToOrgUnitID: "service", SupervisorID: "dh-2",
			Basis: employee.RecordRef{Kind: employee.RecordDisciplinary, ID: "p-1"}, ChangedAt: t1,
		}}},
		{name: "a basis that is not on record is refused", given: atWork, when: change(promote), wantErr: employee.ErrUnknownBasis},
		{name: "a reward is no basis for a role change", given: given(atWork, employee.Rewarded{EmployeeID: "e-1", RewardID: "r-1"}), when: change(employee.RoleChange{
			Kind: employee.Promotion, ToRole: domain.RoleTeamSupervisor, Basis: employee.RecordRef{Kind: employee.RecordReward, ID: "r-1"},
		}), wantErr: employee.ErrUnknownBasis},
		{name: "a change that changes nothing is invalid", given: given(atWork, excellent), when: change(employee.RoleChange{Kind: employee.Promotion, ToRole: domain.RoleSalesRep, Basis: promote.Basis}), wantErr: employee.ErrNothingChanges},
		{name: "an unknown kind is invalid", given: given(atWork, excellent), when: change(employee.RoleChange{Kind: "SIDEWAYS", ToRole: domain.RoleTeamSupervisor, Basis: promote.Basis}), wantErr: employee.ErrBadChangeKind},
		{name: "a probationer's role is not changed", given: onProbation, when: change(promote), wantErr: employee.ErrNotRegular},
	})
}
