package api

import (
	"context"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/contract"
)

const contractTag = "Contracts"

func contractRoutes(s *Server, rt *routes) {
	create(rt, "/contracts", contractTag, "Draft a sales contract (K4, K5, K6)", s.draftContract)
	command(rt, "/contracts/{id}/revise", contractTag, "Replace the terms of a contract or amendment draft", s.reviseContractDraft)
	command(rt, "/contracts/{id}/final-quotation", contractTag, "Tie the draft's price to an approved final quotation (K6)", s.linkFinalQuotation)
	command(rt, "/contracts/{id}/register", contractTag, "File the draft with the company, starting its review chain", s.submitContract)
	contractReviewRoutes(s, rt)
	command(rt, "/contracts/{id}/sign", contractTag, "A manager signs in person at the company (K1–K3, K11)", s.signContract)
	contractExecutionRoutes(s, rt)
	contractAmendmentRoutes(s, rt)
	contractQueryRoutes(s, rt)
}

// ContractTermsRequest are the clauses of a contract; price is a decimal
// string ("1234.50"). The mandatory ones (K4) are checked by the domain.
type ContractTermsRequest struct {
	RightsObligations   string `json:"rights_obligations"`
	Scope               string `json:"scope"`
	Price               string `json:"price"`
	DeliveryDate        Date   `json:"delivery_date"`
	PaymentTerms        string `json:"payment_terms"`
	ReturnsClause       string `json:"returns_clause,omitempty"`
	CompensationClause  string `json:"compensation_clause,omitempty"`
	LateDeliveryClause  string `json:"late_delivery_clause,omitempty"`
	QualityRequirements string `json:"quality_requirements,omitempty"`
	QualityInspection   string `json:"quality_inspection,omitempty"`
	ServiceTerms        string `json:"service_terms,omitempty"`
}

func (t ContractTermsRequest) terms() (contract.Terms, error) {
	price, err := salesCycleMoney("terms.price", t.Price)
	if err != nil {
		return contract.Terms{}, err
	}
	return contract.Terms{
		RightsObligations: t.RightsObligations, Scope: t.Scope, Price: price, DeliveryDate: t.DeliveryDate.Time,
		PaymentTerms: t.PaymentTerms, ReturnsClause: t.ReturnsClause, CompensationClause: t.CompensationClause,
		LateDeliveryClause: t.LateDeliveryClause, QualityRequirements: t.QualityRequirements,
		QualityInspection: t.QualityInspection, ServiceTerms: t.ServiceTerms,
	}, nil
}

// DraftContractRequest drafts a contract for a customer; quotation_id names
// the approved final quotation its price comes from (K6).
type DraftContractRequest struct {
	Envelope
	CustomerID      string               `json:"customer_id"`
	QuotationID     string               `json:"quotation_id,omitempty"`
	Terms           ContractTermsRequest `json:"terms"`
	DepositRequired string               `json:"deposit_required,omitempty"`
}

func (s *Server) draftContract(ctx context.Context, m commands.Meta, id string, req DraftContractRequest) (commands.Result, error) {
	terms, err := req.Terms.terms()
	if err != nil {
		return commands.Result{}, err
	}
	deposit, err := salesCycleMoney("deposit_required", req.DepositRequired)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Contracts.DraftContract(ctx, m, commands.DraftContract{ContractID: id, CustomerID: req.CustomerID,
		QuotationID: req.QuotationID, Terms: terms, DepositRequired: deposit})
}

// ReviseContractDraftRequest replaces a draft's terms (typically after it
// was returned); quotation_id names where a new price comes from.
type ReviseContractDraftRequest struct {
	Envelope
	QuotationID string               `json:"quotation_id,omitempty"`
	Terms       ContractTermsRequest `json:"terms"`
}

func (s *Server) reviseContractDraft(ctx context.Context, m commands.Meta, id string, req ReviseContractDraftRequest) (commands.Result, error) {
	terms, err := req.Terms.terms()
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Contracts.ReviseContractDraft(ctx, m, commands.ReviseContractDraft{ContractID: id, QuotationID: req.QuotationID, Terms: terms})
}

// LinkFinalQuotationRequest names the approved final quotation.
type LinkFinalQuotationRequest struct {
	Envelope
	QuotationID string `json:"quotation_id"`
}

func (s *Server) linkFinalQuotation(ctx context.Context, m commands.Meta, id string, req LinkFinalQuotationRequest) (commands.Result, error) {
	return s.Commands.Contracts.LinkFinalQuotation(ctx, m, commands.LinkFinalQuotation{ContractID: id, QuotationID: req.QuotationID})
}

// SubmitContractRequest files the draft (报公司登记备案); an empty
// registration_no gets a generated one.
type SubmitContractRequest struct {
	Envelope
	RegistrationNo string   `json:"registration_no,omitempty"`
	DocumentHash   string   `json:"document_hash"`
	Documents      []string `json:"documents,omitempty"`
}

func (s *Server) submitContract(ctx context.Context, m commands.Meta, id string, req SubmitContractRequest) (commands.Result, error) {
	return s.Commands.Contracts.SubmitContract(ctx, m, commands.SubmitContract{ContractID: id, RegistrationNo: req.RegistrationNo,
		DocumentHash: req.DocumentHash, Documents: req.Documents})
}

// SignContractRequest is the signature: place must be COMPANY (K3) and the
// document hash the registered text's.
type SignContractRequest struct {
	Envelope
	Place             string `json:"place"`
	CustomerSignatory string `json:"customer_signatory"`
	DocumentHash      string `json:"document_hash"`
}

func (s *Server) signContract(ctx context.Context, m commands.Meta, id string, req SignContractRequest) (commands.Result, error) {
	return s.Commands.Contracts.SignContract(ctx, m, commands.SignContract{ContractID: id, Place: req.Place,
		CustomerSignatory: req.CustomerSignatory, DocumentHash: req.DocumentHash})
}
