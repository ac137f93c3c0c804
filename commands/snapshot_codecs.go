package commands

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/domain/workplan"
)

// stateCodec encodes one aggregate state type for snapshots. schema
// names the type and its StateSchema version: a snapshot is read only
// under the same schema, so a state whose shape or Evolve changed (and
// whose StateSchema was bumped) never folds onto an older snapshot.
type stateCodec struct {
	schema    string
	marshal   func(any) ([]byte, error)
	unmarshal func([]byte) (any, error)
}

// codecFor returns the snapshot codec of state type S, if it has one.
// A state type without one is never snapshotted.
func codecFor[S any]() (stateCodec, bool) {
	c, ok := stateCodecs[reflect.TypeFor[S]()]
	return c, ok
}

func codecOf[S any](name string, schema int, marshal func(S) ([]byte, error), unmarshal func([]byte) (S, error)) stateCodec {
	return stateCodec{
		schema: fmt.Sprintf("%s/%d", name, schema),
		marshal: func(v any) ([]byte, error) {
			s, ok := v.(S)
			if !ok {
				return nil, fmt.Errorf("snapshot of %s: got a %T", name, v)
			}
			return marshal(s)
		},
		unmarshal: func(b []byte) (any, error) { return unmarshal(b) },
	}
}

// jsonCodec is the codec of a state whose fields are all exported and
// survive a JSON round trip (TestStateCodecs_roundTrip proves it).
func jsonCodec[S any](name string, schema int) stateCodec {
	return codecOf(name, schema, func(s S) ([]byte, error) { return json.Marshal(s) },
		func(b []byte) (S, error) {
			var s S
			err := json.Unmarshal(b, &s)
			return s, err
		})
}

// stateCodecs are the state types snapshots are taken of, by type.
var stateCodecs = map[reflect.Type]stateCodec{
	reflect.TypeFor[customer.Customer]():    codecOf("customer.Customer", customer.StateSchema, customer.Customer.MarshalSnapshot, customer.UnmarshalSnapshot),
	reflect.TypeFor[customer.NumberClaim](): jsonCodec[customer.NumberClaim]("customer.NumberClaim", customer.StateSchema),
	reflect.TypeFor[contract.Contract]():    jsonCodec[contract.Contract]("contract.Contract", contract.StateSchema),
	reflect.TypeFor[quotation.Quotation]():  jsonCodec[quotation.Quotation]("quotation.Quotation", quotation.StateSchema),
	reflect.TypeFor[order.Order]():          jsonCodec[order.Order]("order.Order", order.StateSchema),
	reflect.TypeFor[complaint.Complaint]():  codecOf("complaint.Complaint", complaint.StateSchema, complaint.Complaint.MarshalSnapshot, complaint.UnmarshalSnapshot),
	reflect.TypeFor[salesplan.SalesPlan]():  codecOf("salesplan.SalesPlan", salesplan.StateSchema, salesplan.SalesPlan.MarshalSnapshot, salesplan.UnmarshalSnapshot),
	reflect.TypeFor[employee.Employee]():    codecOf("employee.Employee", employee.StateSchema, employee.Employee.MarshalSnapshot, employee.UnmarshalEmployeeSnapshot),
	reflect.TypeFor[employee.Portfolio]():   codecOf("employee.Portfolio", employee.PortfolioStateSchema, employee.Portfolio.MarshalSnapshot, employee.UnmarshalPortfolioSnapshot),
	// training
	reflect.TypeFor[training.TrainingPlan]():    jsonCodec[training.TrainingPlan]("training.TrainingPlan", training.StateSchema),
	reflect.TypeFor[training.TrainingSession](): jsonCodec[training.TrainingSession]("training.TrainingSession", training.StateSchema),
	reflect.TypeFor[meeting.Meeting]():          codecOf("meeting.Meeting", meeting.StateSchema, meeting.Meeting.MarshalSnapshot, meeting.UnmarshalSnapshot),
	reflect.TypeFor[research.Project]():         codecOf("research.Project", research.StateSchema, research.Project.MarshalSnapshot, research.UnmarshalSnapshot),
	reflect.TypeFor[expense.Claim]():            jsonCodec[expense.Claim]("expense.Claim", expense.StateSchema),
	reflect.TypeFor[workplan.WorkPlan]():        jsonCodec[workplan.WorkPlan]("workplan.WorkPlan", workplan.StateSchema),
}
