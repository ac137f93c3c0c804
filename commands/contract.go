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

// DraftContract drafts a sales contract for a customer (SPEC §2.2.4). When
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
func (h *Handler) DraftContract(ctx context.Context, m Meta, cmd DraftContract) (Result, error) {
	role, err := authorize(m, "DraftContract", domain.RoleSalesRep, domain.RoleSalesMgmt)
	if err != nil {
		return Result{}, err
	}
	quote, err := h.contractQuoteFacts(ctx, cmd.QuotationID)
	if err != nil {
		return Result{}, err
	}
	cust, _, err := load(ctx, h, customer.Stream(cmd.CustomerID), customer.Customer.Evolve)
	if err != nil {
		return Result{}, err
	}
	in := contract.DraftInput{ContractID: cmd.ContractID, CustomerID: cmd.CustomerID, Terms: cmd.Terms, DepositRequired: cmd.DepositRequired}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.Draft(in, quote, contract.CustomerFacts{Exists: cmd.CustomerID != "" && cust.Exists()}, by, contractTime(h, m))
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
func (h *Handler) ReviseContractDraft(ctx context.Context, m Meta, cmd ReviseContractDraft) (Result, error) {
	role, err := authorize(m, "ReviseContractDraft", domain.RoleSalesRep, domain.RoleSalesMgmt)
	if err != nil {
		return Result{}, err
	}
	quote, err := h.contractQuoteFacts(ctx, cmd.QuotationID)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.ReviseDraft(cmd.Terms, quote, by, contractTime(h, m))
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
func (h *Handler) LinkFinalQuotation(ctx context.Context, m Meta, cmd LinkFinalQuotation) (Result, error) {
	role, err := authorize(m, "LinkFinalQuotation", domain.RoleSalesRep, domain.RoleSalesMgmt)
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
		return ct.LinkFinalQuotation(quote, by, contractTime(h, m))
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

// SubmitContract records contract.Registered.
func (h *Handler) SubmitContract(ctx context.Context, m Meta, cmd SubmitContract) (Result, error) {
	role, err := authorize(m, "SubmitContract", domain.RoleSalesRep, domain.RoleSalesMgmt)
	if err != nil {
		return Result{}, err
	}
	sub := contract.Submission{RegistrationNo: cmd.RegistrationNo, DocumentHash: cmd.DocumentHash, Documents: cmd.Documents}
	if sub.RegistrationNo == "" {
		sub.RegistrationNo = "REG-" + uuid.NewString()[:8]
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.Submit(sub, by, contractTime(h, m))
	})
}

// onContract runs decide on contract id for the actor acting under role.
func (h *Handler) onContract(ctx context.Context, m Meta, id string, role domain.Role, decide func(contract.Contract, contract.Actor) ([]domain.Event, error)) (Result, error) {
	return h.onContractWithPolicy(ctx, m, id, role, "", decide)
}

func (h *Handler) onContractWithPolicy(ctx context.Context, m Meta, id string, role domain.Role, policyVersion string, decide func(contract.Contract, contract.Actor) ([]domain.Event, error)) (Result, error) {
	if id == "" {
		return Result{}, domain.InvalidField("contract_id", "is required")
	}
	by := contract.Actor{EmployeeID: m.Actor.EmployeeID, Role: role, OrgUnitID: m.Actor.OrgUnitID}
	return execute(ctx, h, m, decision[contract.Contract]{
		stream:        contract.Stream(id),
		role:          role,
		policyVersion: policyVersion,
		evolve:        contract.Contract.Evolve,
		decide:        func(ct contract.Contract) ([]domain.Event, error) { return decide(ct, by) },
	})
}

// contractQuoteFacts loads what a contract decision needs of quotation id;
// an empty id yields empty facts (no quotation named).
func (h *Handler) contractQuoteFacts(ctx context.Context, id string) (contract.QuoteFacts, error) {
	if id == "" {
		return contract.QuoteFacts{}, nil
	}
	q, ok, err := load(ctx, h, quotation.Stream(id), quotation.Quotation.Evolve)
	if err != nil {
		return contract.QuoteFacts{}, err
	}
	return contract.QuoteFacts{QuotationID: id, Found: ok && q.Exists(), ApprovedFinal: q.IsApprovedFinal(),
		Price: q.Price, CustomerID: q.CustomerID}, nil
}

// contractTime is the business time of a contract fact: the effective time
// the command names (a retroactive filing), or now.
func contractTime(h *Handler, m Meta) time.Time {
	if !m.EffectiveAt.IsZero() {
		return m.EffectiveAt
	}
	return h.now()
}
