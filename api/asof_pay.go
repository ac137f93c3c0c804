package api

import (
	"context"
	"errors"
	"time"

	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
)

// payStatementAt reads one pay statement, or as of a bound. A statement
// is issued once and never changes (its stream holds one event), so its
// stored row is the version of every bound that includes that event: the
// as-of read starts from it (foldAsOf checks the event is within the
// bound, else the statement did not exist yet then).
func (s *Server) payStatementAt(ctx context.Context, employeeID string, month pay.Month) (queries.PayStatementView, error) {
	a := asOfFrom(ctx)
	if a == nil {
		return s.Queries.PayStatement(ctx, employeeID, month)
	}
	fold := Fold[queries.PayStatementView]{
		Snapshot: func(ctx context.Context, _ string, _ queries.Bitemporal) (queries.PayStatementView, uint64, bool, error) {
			v, err := s.Queries.PayStatement(ctx, employeeID, month)
			if errors.Is(err, queries.ErrPayStatementNotFound) {
				return v, 0, false, nil
			}
			return v, 1, err == nil, err
		},
		From: func(from *queries.PayStatementView, events []eventstore.Recorded, _ time.Time) (queries.PayStatementView, bool, error) {
			if from != nil {
				return *from, true, nil
			}
			return payStatementFromEvents(events)
		},
	}
	stream := func(string) string { return pay.Stream(employeeID, month) }
	return foldAsOf(ctx, s, a, employeeID, stream, "pay statement", queries.ErrPayStatementNotFound, fold)
}

var payCodec = eventstore.NewCodec(pay.Events()...)

// payStatementFromEvents shows a statement from its event when the read
// model does not hold it yet. The org unit is the read model's (the
// employee's then), which the event does not carry: it is left empty, so
// a manager's read is refused rather than guessed.
func payStatementFromEvents(events []eventstore.Recorded) (v queries.PayStatementView, ok bool, err error) {
	for _, r := range events {
		e, err := payCodec.DecodeRecorded(r)
		if err != nil {
			return v, false, err
		}
		if is, yes := e.(pay.StatementIssued); yes {
			f := is.Figures
			v = queries.PayStatementView{EmployeeID: is.EmployeeID, Month: is.Month, Role: string(is.Role),
				BaseSalary: queries.MinorUnits(f.BaseSalary.Minor), Collected: queries.MinorUnits(f.Collected.Minor),
				Commission: queries.MinorUnits(f.Commission.Minor), Override: queries.MinorUnits(f.Override.Minor),
				Allowance: queries.MinorUnits(f.Allowance.Minor), TopPerformerAward: queries.MinorUnits(f.TopPerformer.Minor),
				Bonus: queries.MinorUnits(f.Bonus.Minor), Rewards: queries.MinorUnits(f.Rewards.Minor), Fines: queries.MinorUnits(f.Fines.Minor),
				Net: queries.MinorUnits(f.Net.Minor), TopPerformer: is.TopPerformer, DepartmentMetTarget: is.DepartmentMetTarget,
				BonusReference: is.BonusReference, RegulationVersions: is.RegulationVersions, IssuedBy: is.IssuedBy, IssuedAt: is.IssuedAt,
				Version: int64(r.StreamVersion)}
			ok = true
		}
	}
	return v, ok, nil
}
