package contract

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Collectable returns what the collection plan must cover: the contract
// value less the required deposit, which is collected separately before
// execution (K8, K10).
func (ct Contract) Collectable() domain.Money {
	if !ct.DepositRequired.IsPositive() {
		return ct.Value
	}
	rest, _ := ct.Value.Sub(ct.DepositRequired)
	return rest
}

// PaidInFull reports whether every instalment of a plan covering the
// collectable amount is paid.
func (ct Contract) PaidInFull() bool {
	paid := domain.Money{Currency: ct.Value.Currency}
	for _, pi := range ct.Plan {
		if pi.Outstanding().IsPositive() {
			return false
		}
		paid, _ = paid.Add(pi.Paid)
	}
	return paid.Cmp(ct.Collectable()) >= 0
}

// SetCollectionPlan sets or replaces the instalments of a signed contract.
// Instalments need an id, a due date and a positive amount in the
// contract's currency, and add up exactly to Collectable. A replacement
// must keep every instalment that has payments, at no less than was paid.
func (ct Contract) SetCollectionPlan(instalments []Instalment, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(instalmentTexts(instalments)...); err != nil {
		return nil, err
	}
	if !ct.Exists() {
		return nil, ErrNotFound
	}
	if !ct.IsSigned() {
		return nil, ErrWrongState
	}
	if err := ct.validPlan(instalments); err != nil {
		return nil, err
	}
	for _, old := range ct.Plan {
		if old.Payments == 0 {
			continue
		}
		i := indexOf(instalments, old.ID)
		if i < 0 || instalments[i].Amount.Cmp(old.Paid) < 0 {
			return nil, ErrPaidInstalment
		}
	}
	return []domain.Event{CollectionPlanSet{ContractID: ct.ID, Instalments: instalments, SetBy: by.EmployeeID, SetAt: now}}, nil
}

func (ct Contract) validPlan(instalments []Instalment) error {
	if len(instalments) == 0 {
		return domain.InvalidField("instalments", "at least one instalment is required")
	}
	sum := domain.Money{Currency: ct.Value.Currency}
	for i, in := range instalments {
		switch {
		case in.ID == "" || indexOf(instalments[:i], in.ID) >= 0:
			return domain.InvalidField("instalments", "each instalment needs a unique id")
		case in.DueDate.IsZero():
			return domain.InvalidField("instalments", "each instalment needs a due date")
		case !in.Amount.IsPositive() || in.Amount.Currency != ct.Value.Currency:
			return domain.InvalidField("instalments", "each amount must be positive, in the contract's currency")
		}
		var err error
		if sum, err = sum.Add(in.Amount); err != nil {
			return err
		}
	}
	if !sum.Equal(ct.Collectable()) {
		return ErrPlanMismatch
	}
	return nil
}

func indexOf(instalments []Instalment, id string) int {
	for i, in := range instalments {
		if in.ID == id {
			return i
		}
	}
	return -1
}

// RecordPayment records a payment against an instalment of a signed
// contract. It refuses an unknown instalment and more than is outstanding.
func (ct Contract) RecordPayment(instalmentID string, amount domain.Money, reference string, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("instalment_id", instalmentID), domain.Text("reference", reference)); err != nil {
		return nil, err
	}
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case !ct.IsSigned():
		return nil, ErrWrongState
	case len(ct.Plan) == 0:
		return nil, ErrNoPlan
	case !amount.IsPositive():
		return nil, domain.InvalidField("amount", "must be positive")
	}
	i := indexInstalment(ct.Plan, instalmentID)
	if i < 0 {
		return nil, ErrUnknownInstalment
	}
	out := ct.Plan[i].Outstanding()
	if amount.Currency != out.Currency || amount.Cmp(out) > 0 {
		return nil, ErrOverpayment
	}
	return []domain.Event{PaymentReceived{ContractID: ct.ID, InstalmentID: instalmentID, Amount: amount,
		Reference: reference, RecordedBy: by.EmployeeID, ReceivedAt: now, Settled: amount.Cmp(out) == 0}}, nil
}

// EscalateCollection takes the next escalation step on an instalment that is
// overdue at now (past its due date and not paid in full): a dunning letter,
// then an on-site visit, then legal action, never skipping or repeating a
// step (K10). Legal action needs both the GM and legal (D): the first of
// them records an approval only, the second's approval starts it.
func (ct Contract) EscalateCollection(instalmentID string, s DunningStep, note string, by Actor, now time.Time) ([]domain.Event, error) {
	return ct.EscalateCollectionUnder(instalmentID, s, note, by, DefaultDunningLadder(), now)
}

// EscalateCollectionUnder is EscalateCollection under the dunning ladder
// of the regulation version in force: a step is refused until the
// instalment is as many days overdue as the ladder asks of it.
func (ct Contract) EscalateCollectionUnder(instalmentID string, s DunningStep, note string, by Actor, ladder DunningLadder, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("instalment_id", instalmentID), domain.Text("note", note)); err != nil {
		return nil, err
	}
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case !ct.IsSigned():
		return nil, ErrWrongState
	case !s.Valid():
		return nil, domain.InvalidField("step", "must be DUNNING_LETTER, ON_SITE_VISIT or LEGAL_ACTION")
	case s == DunningLegalAction && by.Role != domain.RoleGM && by.Role != domain.RoleLegal:
		return nil, domain.Forbidden("legal action is taken by the GM or legal")
	}
	i := indexInstalment(ct.Plan, instalmentID)
	if i < 0 {
		return nil, ErrUnknownInstalment
	}
	pi := ct.Plan[i]
	if !pi.Outstanding().IsPositive() || !now.After(pi.DueDate) {
		return nil, ErrNotOverdue
	}
	if s != pi.Dunning.next() {
		return nil, ErrStepOutOfOrder
	}
	if now.Before(pi.DueDate.Add(ladder.waitFor(s))) {
		return nil, ErrStepNotDueYet
	}
	if s == DunningLegalAction {
		return ct.approveLegalAction(pi, note, by, now)
	}
	d := Dunning{InstalmentID: instalmentID, Outstanding: pi.Outstanding(), DueDate: pi.DueDate,
		Note: note, ByID: by.EmployeeID, ByRole: by.Role, At: now}
	if s == DunningLetter {
		return []domain.Event{DunningLetterSent{ContractID: ct.ID, Dunning: d}}, nil
	}
	return []domain.Event{CollectionVisitMade{ContractID: ct.ID, Dunning: d}}, nil
}

// approveLegalAction records by's approval of legal action on pi (the GM's or
// legal's), and starts it when the other role's approval, by someone else,
// is already in. Approving again under the same role records nothing.
func (ct Contract) approveLegalAction(pi PlannedInstalment, note string, by Actor, now time.Time) ([]domain.Event, error) {
	mine, other := pi.LegalApprovals.by(by.Role)
	switch {
	case mine != "":
		return nil, nil
	case other == by.EmployeeID:
		return nil, ErrSameApprover
	}
	approved := LegalActionApproved{ContractID: ct.ID, InstalmentID: pi.ID, ApproverID: by.EmployeeID, ApproverRole: by.Role,
		Note: note, ApprovedAt: now}
	if other == "" {
		return []domain.Event{approved}, nil
	}
	d := Dunning{InstalmentID: pi.ID, Outstanding: pi.Outstanding(), DueDate: pi.DueDate,
		Note: note, ByID: by.EmployeeID, ByRole: by.Role, At: now}
	return []domain.Event{approved, LegalActionInitiated{ContractID: ct.ID, Dunning: d}}, nil
}
