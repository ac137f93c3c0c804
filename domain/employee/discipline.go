package employee

import (
	"slices"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// onRecord reports whether the employee was hired and has not departed, so
// rewards, penalties and fines may still be recorded.
func (s Employee) onRecord() bool { return s.hired() || s.Status == StatusLeaving }

// Fine fines an employee the amount the schedule sets for item (E12, E13;
// other items as configured). A repeated fine id is a no-op.
func (s Employee) Fine(fineID, item, reason, finedBy string, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("fine_id", fineID), domain.Text("item", item), domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if !s.onRecord() {
		return nil, s.activeError()
	}
	f, ok := reg.fine(item)
	if !ok {
		return nil, ErrUnknownFineItem
	}
	if fineID == "" || strings.TrimSpace(reason) == "" {
		return nil, ErrMissingField
	}
	if s.fines[fineID] {
		return nil, nil
	}
	return []domain.Event{Fined{
		EmployeeID: s.ID, FineID: fineID, Item: f.Code, Amount: f.Amount, RuleRef: f.RuleRef,
		Reason: reason, FinedBy: finedBy, FinedAt: now,
	}}, nil
}

// RewardGrant is a reward from the catalogue.
type RewardGrant struct {
	RewardID string
	Type     string
	Amount   *domain.Money // for monetary rewards; nil otherwise
	Reason   string
	Basis    *RecordRef // e.g. an EXCELLENT appraisal
}

// Reward grants a reward of a catalogue type. It refuses a type outside the
// catalogue, a non-positive amount and a basis that is not on record. A
// repeated reward id is a no-op.
func (s Employee) Reward(g RewardGrant, grantedBy string, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(g.Basis.texts(), domain.Text("reward_id", g.RewardID), domain.Text("type", g.Type), domain.Text("reason", g.Reason))...); err != nil {
		return nil, err
	}
	if !s.onRecord() {
		return nil, s.activeError()
	}
	switch {
	case !slices.Contains(reg.Rewards, g.Type):
		return nil, ErrUnknownReward
	case g.RewardID == "" || strings.TrimSpace(g.Reason) == "":
		return nil, ErrMissingField
	case g.Amount != nil && !g.Amount.IsPositive():
		return nil, ErrBadAmount
	case g.Basis != nil && !s.exists(*g.Basis):
		return nil, ErrUnknownBasis
	case s.rewards[g.RewardID]:
		return nil, nil
	}
	return []domain.Event{Rewarded{
		EmployeeID: s.ID, RewardID: g.RewardID, Type: g.Type, Amount: g.Amount, Reason: g.Reason,
		Basis: g.Basis, GrantedBy: grantedBy, GrantedAt: now,
	}}, nil
}

// PenaltyDecision is a penalty from the ladder with the rule it applies.
type PenaltyDecision struct {
	PenaltyID string
	Type      string
	Reason    string
	RuleRef   string
}

// Penalize records a penalty from the ladder. It needs a reason and a rule
// reference; the penalties the regulation reserves (demotion, dismissal) are
// decided by HR or the GM only (D). A repeated penalty id is a no-op.
func (s Employee) Penalize(p PenaltyDecision, deciderID string, role domain.Role, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("penalty_id", p.PenaltyID), domain.Text("type", p.Type), domain.Text("reason", p.Reason), domain.Text("rule_ref", p.RuleRef)); err != nil {
		return nil, err
	}
	if !s.onRecord() {
		return nil, s.activeError()
	}
	switch {
	case !slices.Contains(reg.Penalties, p.Type):
		return nil, ErrUnknownPenalty
	case strings.TrimSpace(p.RuleRef) == "":
		return nil, ErrRuleRefRequired
	case p.PenaltyID == "" || strings.TrimSpace(p.Reason) == "":
		return nil, ErrMissingField
	case slices.Contains(reg.PenaltiesNeedingHRorGM, p.Type) && role != domain.RoleHR && role != domain.RoleGM:
		return nil, ErrPenaltyNeedsHRorGM
	case s.penalties[p.PenaltyID]:
		return nil, nil
	}
	return []domain.Event{Penalized{
		EmployeeID: s.ID, PenaltyID: p.PenaltyID, Type: p.Type, Reason: p.Reason, RuleRef: p.RuleRef,
		DecidedBy: deciderID, DeciderRole: role, DecidedAt: now,
	}}, nil
}
