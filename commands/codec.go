package commands

import (
	"slices"

	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/quotation"
	regulations "github.com/opsledger/opsledger/domain/regulation"
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/domain/stock"
	"github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/privacy"
)

// Codec knows every event of every aggregate the handlers decide. It lives
// here, beside the handlers, so that everything that runs them (the
// composition root, the API's in-memory tests, the benchmarks) shares one
// list: a new aggregate is added once.
func Codec() *eventstore.Codec {
	return eventstore.NewCodec(slices.Concat(
		customer.Events(), quotation.Events(), contract.Events(), order.Events(),
		employee.Events(), complaint.Events(), salesplan.Events(), regulations.Events(), privacy.Events(),
		pay.Events(),
		training.Events(),
		meeting.Events(), research.Events(),
		stock.Events(),
		expense.Events(),
		workplan.Events(),
		supervision.Events(),
	)...)
}
