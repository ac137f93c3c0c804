package employee_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

func TestEmployee_Fine(t *testing.T) {
	fine := func(id, item string, p employee.Regulation) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.Fine(id, item, "phone off at 10:00", "dh-1", p, t1)
		}
	}
	phone := employee.Fined{EmployeeID: "e-1", FineID: "f-1", Item: employee.FinePhoneUnreachable, Amount: domain.Yuan(20), RuleRef: "E13", Reason: "phone off at 10:00", FinedBy: "dh-1", FinedAt: t1}
	withSlacking := reg
	withSlacking.Fines = append(append([]employee.FineItem{}, reg.Fines...), employee.FineItem{Code: "SLACKING", Amount: domain.Yuan(50), RuleRef: "§1.7"})
	run(t, "Fine", []testCase{
		{name: "an unreachable phone is fined 20 yuan (E13)", given: atWork, when: fine("f-1", employee.FinePhoneUnreachable, reg), want: []domain.Event{phone}},
		{name: "a configured item is fined its amount", given: atWork, when: fine("f-2", "SLACKING", withSlacking), want: []domain.Event{employee.Fined{
			EmployeeID: "e-1", FineID: "f-2", Item: "SLACKING", Amount: domain.Yuan(50), RuleRef: "§1.7", Reason: "phone off at 10:00", FinedBy: "dh-1", FinedAt: t1,
		}}},
		{name: "an item outside the schedule is refused", given: atWork, when: fine("f-2", "SLACKING", reg), wantErr: employee.ErrUnknownFineItem},
		{name: "a repeated fine id records nothing", given: given(atWork, phone), when: fine("f-1", employee.FinePhoneUnreachable, reg)},
		{name: "a departed employee is not fined", given: given(atWork, employee.Departed{EmployeeID: "e-1"}), when: fine("f-1", employee.FinePhoneUnreachable, reg), wantErr: employee.ErrNotActive},
	})
}

func TestEmployee_Reward(t *testing.T) {
	bonus := domain.Yuan(50)
	reward := func(g employee.RewardGrant) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.Reward(g, "dh-1", reg, t1) }
	}
	top := employee.RewardGrant{RewardID: "rw-1", Type: "TOP_PERFORMER", Amount: &bonus, Reason: "best month"}
	basis := &employee.RecordRef{Kind: employee.RecordAppraisal, ID: "a-9"}
	run(t, "Reward", []testCase{
		{name: "a catalogue reward is granted", given: atWork, when: reward(top), want: []domain.Event{employee.Rewarded{
			EmployeeID: "e-1", RewardID: "rw-1", Type: "TOP_PERFORMER", Amount: &bonus, Reason: "best month", GrantedBy: "dh-1", GrantedAt: t1,
		}}},
		{name: "a type outside the catalogue is refused", given: atWork, when: reward(employee.RewardGrant{RewardID: "rw-1", Type: "CAR", Reason: "x"}), wantErr: employee.ErrUnknownReward},
		{name: "a basis that is not on record is refused", given: atWork, when: reward(employee.RewardGrant{RewardID: "rw-1", Type: "BONUS", Reason: "x", Basis: basis}), wantErr: employee.ErrUnknownBasis},
		{name: "a repeated reward id records nothing", given: given(atWork, employee.Rewarded{EmployeeID: "e-1", RewardID: "rw-1"}), when: reward(top)},
	})
}

func TestEmployee_Penalize(t *testing.T) {
	penalize := func(p employee.PenaltyDecision, role domain.Role) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.Penalize(p, "dh-1", role, reg, t1) }
	}
	warning := employee.PenaltyDecision{PenaltyID: "p-1", Type: "WRITTEN_WARNING", Reason: "late reports", RuleRef: "E12"}
	demotion := employee.PenaltyDecision{PenaltyID: "p-2", Type: employee.PenaltyDemotion, Reason: "repeated leaks", RuleRef: "E10"}
	run(t, "Penalize", []testCase{
		{name: "a penalty from the ladder with its rule is recorded", given: atWork, when: penalize(warning, domain.RoleDeptHead), want: []domain.Event{employee.Penalized{
			EmployeeID: "e-1", PenaltyID: "p-1", Type: "WRITTEN_WARNING", Reason: "late reports", RuleRef: "E12", DecidedBy: "dh-1", DeciderRole: domain.RoleDeptHead, DecidedAt: t1,
		}}},
		{name: "the rule reference is required", given: atWork, when: penalize(employee.PenaltyDecision{PenaltyID: "p-1", Type: "WRITTEN_WARNING", Reason: "x"}, domain.RoleDeptHead), wantErr: employee.ErrRuleRefRequired},
		{name: "a type off the ladder is refused", given: atWork, when: penalize(employee.PenaltyDecision{PenaltyID: "p-1", Type: "FLOGGING", Reason: "x", RuleRef: "E1"}, domain.RoleDeptHead), wantErr: employee.ErrUnknownPenalty},
		{name: "a department head cannot decide a demotion", given: atWork, when: penalize(demotion, domain.RoleDeptHead), wantErr: employee.ErrPenaltyNeedsHRorGM},
		{name: "the GM decides a demotion", given: atWork, when: penalize(demotion, domain.RoleGM), want: []domain.Event{employee.Penalized{
			EmployeeID: "e-1", PenaltyID: "p-2", Type: employee.PenaltyDemotion, Reason: "repeated leaks", RuleRef: "E10", DecidedBy: "dh-1", DeciderRole: domain.RoleGM, DecidedAt: t1,
		}}},
		{name: "a repeated penalty id records nothing", given: given(atWork, employee.Penalized{EmployeeID: "e-1", PenaltyID: "p-1"}), when: penalize(warning, domain.RoleDeptHead)},
	})
}
