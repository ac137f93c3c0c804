package employee

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// pendingSalary is a base salary approved by one side and awaiting the
// other (E14). A different amount restarts it: the other side must agree
// to the same figure.
type pendingSalary struct {
	amount    domain.Money
	approvals map[domain.Role]string // approver role → employee id
}

func (p pendingSalary) with(e BaseSalaryApproved) pendingSalary {
	if p.approvals == nil || !p.amount.Equal(e.Amount) {
		p = pendingSalary{amount: e.Amount, approvals: map[domain.Role]string{}}
	} else {
		// copy, so earlier states keep their own map
		m := make(map[domain.Role]string, len(p.approvals)+1)
		for k, v := range p.approvals {
			m[k] = v
		}
		p.approvals = m
	}
	p.approvals[e.ApproverRole] = e.ApproverID
	return p
}

// ApproveBaseSalary records the department manager's or the GM's approval
// of a regular employee's base salary. The salary takes effect (BaseSalarySet)
// only when both have approved the same amount, as two different people
// (E14). Approving the pending amount again under the same role is a no-op;
// approving a different amount restarts the approval.
func (s Employee) ApproveBaseSalary(actorID string, role domain.Role, amount domain.Money, now time.Time) ([]domain.Event, error) {
	if role != domain.RoleDeptHead && role != domain.RoleGM {
		return nil, ErrSalaryApprover
	}
	if s.Status != StatusRegular {
		if s.Status == StatusOnboarding || s.Status == StatusOnProbation {
			return nil, ErrNotRegular
		}
		return nil, s.activeError()
	}
	if !amount.IsPositive() {
		return nil, ErrBadAmount
	}
	approved := BaseSalaryApproved{EmployeeID: s.ID, Amount: amount, ApproverID: actorID, ApproverRole: role, ApprovedAt: now}
	p := s.salary
	if p.approvals == nil || !p.amount.Equal(amount) {
		return []domain.Event{approved}, nil
	}
	if _, done := p.approvals[role]; done {
		return nil, nil
	}
	other := domain.RoleGM
	if role == domain.RoleGM {
		other = domain.RoleDeptHead
	}
	if p.approvals[other] == actorID {
		return nil, ErrSameApprover
	}
	return []domain.Event{approved, BaseSalarySet{EmployeeID: s.ID, Amount: amount, SetAt: now}}, nil
}
