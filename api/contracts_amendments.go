package api

import (
	"context"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/commands"
)

func contractAmendmentRoutes(s *Server, rt *routes) {
	command(rt, "/contracts/{id}/amendments", contractTag, "Draft an amendment of a signed contract; reason says why", s.requestContractAmendment)
	command(rt, "/contracts/{id}/amendments/{amendment_id}/withdraw", contractTag, "Drop an amendment before it takes effect", s.withdrawContractAmendment)
	command(rt, "/contracts/{id}/amendments/sign", contractTag, "A manager signs the approved amendment at the company; its terms apply", s.applyContractAmendment)
}

// RequestContractAmendmentRequest is the amendment's id, its terms, and
// the approved final quotation of a new price.
type RequestContractAmendmentRequest struct {
	Envelope
	AmendmentID string               `json:"amendment_id"`
	QuotationID string               `json:"quotation_id,omitempty"`
	Terms       ContractTermsRequest `json:"terms"`
}

func (s *Server) requestContractAmendment(ctx context.Context, m commands.Meta, id string, req RequestContractAmendmentRequest) (commands.Result, error) {
	terms, err := req.Terms.terms()
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Contracts.RequestContractAmendment(ctx, m, commands.RequestContractAmendment{ContractID: id, AmendmentID: req.AmendmentID,
		QuotationID: req.QuotationID, Terms: terms, Reason: req.Reason})
}

func (s *Server) withdrawContractAmendment(ctx context.Context, m commands.Meta, id string, req ContractStepRequest) (commands.Result, error) {
	return s.Commands.Contracts.WithdrawContractAmendment(ctx, m, commands.WithdrawContractAmendment{ContractID: id,
		AmendmentID: chi.URLParamFromCtx(ctx, "amendment_id"), Reason: req.Reason})
}

// ApplyContractAmendmentRequest is the amendment's signature: place must be
// COMPANY and the hash the registered amendment text's.
type ApplyContractAmendmentRequest struct {
	Envelope
	Place        string `json:"place"`
	DocumentHash string `json:"document_hash"`
}

func (s *Server) applyContractAmendment(ctx context.Context, m commands.Meta, id string, req ApplyContractAmendmentRequest) (commands.Result, error) {
	return s.Commands.Contracts.ApplyContractAmendment(ctx, m, commands.ApplyContractAmendment{ContractID: id, Place: req.Place, DocumentHash: req.DocumentHash})
}
