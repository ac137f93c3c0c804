package commands

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/quotation"
)

// Contracts handles the commands on contracts: drafting, review, signing,
// amendments, execution and collection.
type Contracts struct {
	contracts  repository[contract.Contract]
	customers  repository[customer.Customer]   // the contracting customer
	quotations repository[quotation.Quotation] // the final quotation a contract rests on
	regulation regulation[contract.Regulation]
	now        func() time.Time
}

func newContracts(log *eventLog, versions *domain.RegulationVersions[contract.Regulation]) *Contracts {
	return &Contracts{
		contracts:  newRepository(log, contract.Contract.Evolve, "contract"),
		customers:  newRepository(log, customer.Customer.Evolve, "customer file"),
		quotations: newRepository(log, quotation.Quotation.Evolve, "quotation"),
		regulation: newRegulation(contractRegulation, versions, contract.DefaultRegulation),
		now:        log.now,
	}
}

// DraftContract drafts a sales contract for a customer (K4, K6). When
// QuotationID is set, the price is checked against that quotation (K6).
type DraftContract struct {
	ContractID      string
	CustomerID      string
	QuotationID     string
	Terms           contract.Terms
	DepositRequired domain.Money
}

// DraftContract records contract.Drafted, plus
// contract.UnauthorisedQuotationDetected when the price is not the named
// quotation's approved final price.
func (h *Contracts) DraftContract(ctx context.Context, m Meta, cmd DraftContract) (Result, error) {
	role, err := authorize(m, "DraftContract", domain.RoleSalesRep, domain.RoleSalesMgmt)
	if err != nil {
		return Result{}, err
	}
	quote, err := h.contractQuoteFacts(ctx, cmd.QuotationID)
	if err != nil {
		return Result{}, err
	}
	cust, _, err := h.customers.Load(ctx, customer.Stream(cmd.CustomerID))
	if err != nil {
		return Result{}, err
	}
	in := contract.DraftInput{ContractID: cmd.ContractID, CustomerID: cmd.CustomerID, Terms: cmd.Terms, DepositRequired: cmd.DepositRequired}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.Draft(in, quote, contract.CustomerFacts{Exists: cmd.CustomerID != "" && cust.Exists()}, by, m.businessTime(h.now))
	})
}

// ReviseContractDraft replaces the terms of a contract or amendment draft,
// typically after it was returned for revision.
type ReviseContractDraft struct {
	ContractID  string
	QuotationID string // the quotation the (new) price comes from; empty keeps the link if the price is unchanged
	Terms       contract.Terms
}

// ReviseContractDraft records contract.DraftRevised (and a detection when
// the named quotation does not authorise the price).
func (h *Contracts) ReviseContractDraft(ctx context.Context, m Meta, cmd ReviseContractDraft) (Result, error) {
	role, err := authorize(m, "ReviseContractDraft", domain.RoleSalesRep, domain.RoleSalesMgmt)
	if err != nil {
		return Result{}, err
	}
	quote, err := h.contractQuoteFacts(ctx, cmd.QuotationID)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		if err := contractDrafterScope(ct, m); err != nil {
			return nil, err
		}
		return ct.ReviseDraft(cmd.Terms, quote, by, m.businessTime(h.now))
	})
}

// LinkFinalQuotation ties a draft's price to an approved final quotation (K6).
type LinkFinalQuotation struct {
	ContractID  string
	QuotationID string
}

// LinkFinalQuotation records contract.PriceLinked, or
// contract.UnauthorisedQuotationDetected when the quotation does not
// authorise the price.
func (h *Contracts) LinkFinalQuotation(ctx context.Context, m Meta, cmd LinkFinalQuotation) (Result, error) {
	role, err := authorize(m, "LinkFinalQuotation", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	if cmd.QuotationID == "" {
		return Result{}, domain.InvalidField("quotation_id", "is required")
	}
	quote, err := h.contractQuoteFacts(ctx, cmd.QuotationID)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.LinkFinalQuotation(quote, by, m.businessTime(h.now))
	})
}

// SubmitContract files a contract or amendment draft with the company
// (报公司登记备案), starting its review chain. An empty RegistrationNo gets
// a generated one.
type SubmitContract struct {
	ContractID     string
	RegistrationNo string
	DocumentHash   string
	Documents      []string
}

// SubmitContract records contract.Registered. Only the sales rep files a
// contract with the company (§2.2.4): sales management prepares, it does not
// register.
func (h *Contracts) SubmitContract(ctx context.Context, m Meta, cmd SubmitContract) (Result, error) {
	role, err := authorize(m, "SubmitContract", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	sub := contract.Submission{RegistrationNo: cmd.RegistrationNo, DocumentHash: cmd.DocumentHash, Documents: cmd.Documents}
	if sub.RegistrationNo == "" {
		sub.RegistrationNo = "REG-" + uuid.NewString()[:8]
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.Submit(sub, by, m.businessTime(h.now))
	})
}

// onContract runs decide on contract id for the actor acting under role.
func (h *Contracts) onContract(ctx context.Context, m Meta, id string, role domain.Role, decide func(contract.Contract, contract.Actor) ([]domain.Event, error)) (Result, error) {
	return h.onContractUnder(ctx, m, id, role, "", decide)
}

func (h *Contracts) onContractUnder(ctx context.Context, m Meta, id string, role domain.Role, regulation string, decide func(contract.Contract, contract.Actor) ([]domain.Event, error)) (Result, error) {
	if id == "" {
		return Result{}, domain.InvalidField("contract_id", "is required")
	}
	by := contract.Actor{EmployeeID: m.Actor.EmployeeID, Role: role, OrgUnitID: m.Actor.OrgUnitID}
	return h.contracts.Update(ctx, m, decision[contract.Contract]{
		stream:     contract.Stream(id),
		role:       role,
		regulation: regulation,
		decide:     func(ct contract.Contract) ([]domain.Event, error) { return decide(ct, by) },
	})
}

// contractQuoteFacts loads what a contract decision needs of quotation id;
// an empty id yields empty facts (no quotation named).
func (h *Contracts) contractQuoteFacts(ctx context.Context, id string) (contract.QuoteFacts, error) {
	if id == "" {
		return contract.QuoteFacts{}, nil
	}
	q, ok, err := h.quotations.Load(ctx, quotation.Stream(id))
	if err != nil {
		return contract.QuoteFacts{}, err
	}
	return contract.QuoteFacts{QuotationID: id, Found: ok && q.Exists(), ApprovedFinal: q.IsApprovedFinal(),
		Price: q.Price, CustomerID: q.CustomerID}, nil
}
