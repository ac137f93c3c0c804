package employee_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

func TestEmployee_ApproveBaseSalary(t *testing.T) {
	approve := func(actor string, role domain.Role, yuan int64) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.ApproveBaseSalary(actor, role, domain.Yuan(yuan), t1)
		}
	}
	byHead := employee.BaseSalaryApproved{EmployeeID: "e-1", Amount: domain.Yuan(5000), ApproverID: "dh-1", ApproverRole: domain.RoleDeptHead, ApprovedAt: t1}
	byGM := employee.BaseSalaryApproved{EmployeeID: "e-1", Amount: domain.Yuan(5000), ApproverID: "gm-1", ApproverRole: domain.RoleGM, ApprovedAt: t1}
	set := employee.BaseSalarySet{EmployeeID: "e-1", Amount: domain.Yuan(5000), SetAt: t1}
	gmOther := byGM
	gmOther.Amount = domain.Yuan(6000)
	run(t, "ApproveBaseSalary", []testCase{
		{name: "the first approval alone sets nothing (E14)", given: atWork, when: approve("dh-1", domain.RoleDeptHead, 5000), want: []domain.Event{byHead}},
		{name: "the GM's approval of the same amount sets the salary (E14)", given: given(atWork, byHead), when: approve("gm-1", domain.RoleGM, 5000), want: []domain.Event{byGM, set}},
		{name: "the department head may approve second", given: given(atWork, byGM), when: approve("dh-1", domain.RoleDeptHead, 5000), want: []domain.Event{byHead, set}},
		{name: "a different amount restarts the approval", given: given(atWork, byHead), when: approve("gm-1", domain.RoleGM, 6000), want: []domain.Event{gmOther}},
		{name: "after a restart the first amount needs both again", given: given(atWork, byHead, gmOther), when: approve("gm-1", domain.RoleGM, 5000), want: []domain.Event{byGM}},
		{name: "the same side approving again records nothing", given: given(atWork, byHead), when: approve("dh-2", domain.RoleDeptHead, 5000)},
		{name: "one person cannot give both approvals (E14)", given: given(atWork, byHead), when: approve("dh-1", domain.RoleGM, 5000), wantErr: employee.ErrSameApprover},
		{name: "HR may not approve a base salary (E14)", given: atWork, when: approve("hr-1", domain.RoleHR, 5000), wantErr: employee.ErrSalaryApprover},
		{name: "a probationer has no base salary yet", given: onProbation, when: approve("dh-1", domain.RoleDeptHead, 5000), wantErr: employee.ErrNotRegular},
		{name: "the amount must be positive", given: atWork, when: approve("dh-1", domain.RoleDeptHead, 0), wantErr: employee.ErrBadAmount},
		{name: "a set salary is followed by a new approval round", given: given(atWork, byHead, byGM, set), when: approve("dh-1", domain.RoleDeptHead, 5000), want: []domain.Event{byHead}},
	})
}
