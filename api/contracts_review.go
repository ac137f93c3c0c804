package api

import (
	"context"

	"github.com/opsledger/opsledger/commands"
)

func contractReviewRoutes(s *Server, rt *routes) {
	command(rt, "/contracts/{id}/dept-head-approval", contractTag, "Department head approves (review chain step 1)", s.approveContractByDeptHead)
	command(rt, "/contracts/{id}/dept-head-rejection", contractTag, "Department head returns the draft; comment says why", s.rejectContractByDeptHead)
	command(rt, "/contracts/{id}/legal-review", contractTag, "Legal clears the contract (K1)", s.passContractLegalReview)
	command(rt, "/contracts/{id}/legal-review-failure", contractTag, "Legal returns the contract with findings", s.failContractLegalReview)
	command(rt, "/contracts/{id}/gm-approval", contractTag, "The GM approves a legally cleared contract (K2)", s.approveContractByGM)
	command(rt, "/contracts/{id}/gm-rejection", contractTag, "The GM returns the contract; comment says why", s.rejectContractByGM)
}

// ContractReviewRequest is a reviewer's decision: comment is the reason
// (required for a return) or the findings.
type ContractReviewRequest struct {
	Envelope
	Comment string `json:"comment,omitempty"`
}

func (r ContractReviewRequest) review(id string) commands.ReviewContract {
	return commands.ReviewContract{ContractID: id, Comment: r.Comment}
}

func (s *Server) approveContractByDeptHead(ctx context.Context, m commands.Meta, id string, req ContractReviewRequest) (commands.Result, error) {
	return s.Commands.Contracts.ApproveContractByDeptHead(ctx, m, commands.ApproveContractByDeptHead(req.review(id)))
}

func (s *Server) rejectContractByDeptHead(ctx context.Context, m commands.Meta, id string, req ContractReviewRequest) (commands.Result, error) {
	return s.Commands.Contracts.RejectContractByDeptHead(ctx, m, commands.RejectContractByDeptHead(req.review(id)))
}

func (s *Server) passContractLegalReview(ctx context.Context, m commands.Meta, id string, req ContractReviewRequest) (commands.Result, error) {
	return s.Commands.Contracts.PassContractLegalReview(ctx, m, commands.PassContractLegalReview(req.review(id)))
}

func (s *Server) failContractLegalReview(ctx context.Context, m commands.Meta, id string, req ContractReviewRequest) (commands.Result, error) {
	return s.Commands.Contracts.FailContractLegalReview(ctx, m, commands.FailContractLegalReview(req.review(id)))
}

func (s *Server) approveContractByGM(ctx context.Context, m commands.Meta, id string, req ContractReviewRequest) (commands.Result, error) {
	return s.Commands.Contracts.ApproveContractByGM(ctx, m, commands.ApproveContractByGM(req.review(id)))
}

func (s *Server) rejectContractByGM(ctx context.Context, m commands.Meta, id string, req ContractReviewRequest) (commands.Result, error) {
	return s.Commands.Contracts.RejectContractByGM(ctx, m, commands.RejectContractByGM(req.review(id)))
}
