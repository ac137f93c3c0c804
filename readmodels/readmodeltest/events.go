package readmodeltest

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
)

// QuoteDrafted is a written final quotation drafted by rep-1.
func QuoteDrafted(id, customerID string, price, cost int64, at time.Time) quotation.Drafted {
	return quotation.Drafted{QuotationID: id, CustomerID: customerID, Type: quotation.TypeWrittenFinal,
		Price: domain.Fen(price), Cost: domain.Fen(cost), DemandAssessment: "ok", DraftedBy: "rep-1", DraftedAt: at}
}

// QuoteMargin is the margin computed for a quotation, with its tier.
func QuoteMargin(id string, price, cost int64, m domain.Percent, tier quotation.Tier, role domain.Role) quotation.MarginComputed {
	return quotation.MarginComputed{QuotationID: id, Price: domain.Fen(price), Cost: domain.Fen(cost), Margin: m,
		Tier: tier, ApproverRole: role, RegulationVersion: "k7/2026"}
}

// OrderCreated is a two-line goods order of contract k1 by rep-1.
func OrderCreated(id, customerID string, dueAt, at time.Time) order.Created {
	lines := []order.Line{
		{ProductName: "pump", ModelSpec: "P-1", Quantity: 2, UnitPrice: domain.Fen(50025), DeliveryTime: dueAt.Add(48 * time.Hour), DeliveryAddress: "dock 1"},
		{ProductName: "valve", ModelSpec: "V-2", Quantity: 1, UnitPrice: domain.Fen(10000), DeliveryTime: dueAt, DeliveryAddress: "dock 1"},
	}
	return order.Created{OrderID: id, ContractID: "k1", CustomerID: customerID, Kind: order.KindGoods, Lines: lines,
		Total: domain.Fen(110050), CreatedBy: "rep-1", CreatedAt: at}
}

// RegCustomer registers customer id, numbered number, owned by owner.
func RegCustomer(id, number, owner string, at time.Time) customer.Registered {
	return customer.Registered{CustomerID: id, Number: number, Name: "客户 " + id, Address: "Addr", PrimaryContact: "Li",
		Phone: "123", Source: customer.SourceReferral, OwnerRepID: owner, OrgUnitID: "sales-1", Region: "east",
		RegisteredBy: owner, RegisteredAt: at}
}

// DunningStep is one step of the dunning of a contract's instalment.
func DunningStep(instalment string, at time.Time) contract.Dunning {
	return contract.Dunning{InstalmentID: instalment, ByID: "rep-1", ByRole: domain.RoleSalesRep, At: at}
}
