package commands

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/salesplan"
)

// Regulations are the effective-dated versions of every regulation the
// decisions apply, given at construction (WithRegulations). A nil history
// applies the aggregate's default, recorded as "<name>/default".
type Regulations struct {
	Classification *domain.RegulationVersions[customer.ClassificationScheme]
	Quotation      *domain.RegulationVersions[quotation.Regulation]
	Contract       *domain.RegulationVersions[contract.Regulation]
	Employee       *domain.RegulationVersions[employee.Regulation]
	SalesPlan      *domain.RegulationVersions[salesplan.Regulation]
	Complaint      *domain.RegulationVersions[complaint.Regulation]
	Pay            *domain.RegulationVersions[pay.Regulation]
}

// The names of the regulations, which the version recorded for a default
// carries ("quotation/default"). Events already stored carry these
// names, so they do not change.
const (
	classificationRegulation = "customer-classification"
	quotationRegulation      = "quotation"
	contractRegulation       = contract.RegulationName
	employeeRegulation       = "employee"
	salesPlanRegulation      = "salesplan"
	complaintRegulation      = "complaint"
	payRegulation            = "pay"
)

// regulation is one regulation's versions and the default that applies
// when none is in force.
type regulation[P any] struct {
	name     string
	versions *domain.RegulationVersions[P]
	def      func() P
}

func newRegulation[P any](name string, versions *domain.RegulationVersions[P], def func() P) regulation[P] {
	return regulation[P]{name: name, versions: versions, def: def}
}

// at returns the parameters in force at t and the version id to record,
// falling back to the default (the recommended parameters, D).
func (r regulation[P]) at(t time.Time) (P, string) {
	if p, v, ok := r.versions.At(t); ok {
		return p, v.ID
	}
	return r.def(), r.name + "/default"
}
