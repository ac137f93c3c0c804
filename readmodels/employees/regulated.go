package employees

import (
	"fmt"
	"slices"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// EmployeeRegulation is the catalogue's name of the employee regulation,
// whose fine schedule sets the amount of every fine (E12, E13).
const EmployeeRegulation = "employee"

// Regulations names the regulations this read model's figures depend on:
// the fine amounts (employee_conduct.amount_minor of a fine and
// employees.fine_total_minor) follow the employee regulation's fine
// schedule.
func (Projection) Regulations() []string { return []string{EmployeeRegulation} }

// UnderRegulations is the read model with every fine at the amount the
// fine schedule of r's employee regulation sets for its item; a fine whose
// item that schedule does not have counts zero, since that version would
// have refused it. Without an employee regulation in r it is p.
func (p Projection) UnderRegulations(r tables.Regulations) (projections.Projection, error) {
	reg, ok := tables.Regulation[employee.Regulation](r, EmployeeRegulation)
	if !ok {
		return p, nil
	}
	codec := eventstore.NewCodec(employee.Fined{})
	return tables.RewriteEvents(p, func(e eventstore.Recorded) (eventstore.Recorded, error) {
		if e.Type != (employee.Fined{}).EventType() {
			return e, nil
		}
		ev, err := codec.DecodeRecorded(e)
		if err != nil {
			return e, fmt.Errorf("%s %s@%d: %w", e.Type, e.Stream, e.StreamVersion, err)
		}
		fined := ev.(employee.Fined)
		fined.Amount = fineUnder(reg, fined)
		data, err := codec.Encode(e.ID, fined, e.Metadata)
		e.Data, e.SchemaVersion = data.Data, data.SchemaVersion
		return e, err
	}), nil
}

// fineUnder is the amount reg's fine schedule sets for the fine's item, in
// the recorded fine's currency when the item is not on it.
func fineUnder(reg employee.Regulation, f employee.Fined) domain.Money {
	i := slices.IndexFunc(reg.Fines, func(item employee.FineItem) bool { return item.Code == f.Item })
	if i < 0 {
		return domain.Money{Currency: f.Amount.Currency}
	}
	return reg.Fines[i].Amount
}
