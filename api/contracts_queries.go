package api

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/queries"
)

func contractQueryRoutes(s *Server, rt *routes) {
	rt.get("/contracts", contractTag, "Contracts with their review progress", queries.Page[queries.ContractView]{},
		handleQuery(s, []string{"contracts"}, s.listContracts),
		listParams(text("customer_id", "the contract's customer"), oneOf("status", queries.ContractStatuses, "the contract's status"),
			text("drafter_id", "who drafted it"), text("drafter_org_unit_id", "the drafter's org unit"),
			boolean("unauthorised", "only contracts on an unauthorised quotation"),
			boolean("amendment_open", "only contracts with an amendment under way"), sortBy(queries.ContractSorts),
			asOfListParams[0], asOfListParams[1])...)
	rt.get("/contracts/{id}", contractTag, "One contract with its review chain steps (who, role, when) and amendments",
		queries.ContractView{}, s.withAsOf(handleQuery(s, []string{"contracts"}, s.getContract)), asOfParams[0], asOfParams[1], afterParam)
}

func (s *Server) listContracts(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "contracts", queries.SalesCycleReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.ContractFilter{CustomerID: q.Get("customer_id"), Status: contract.Status(q.Get("status")),
		DrafterID: q.Get("drafter_id"), DrafterOrgUnitID: q.Get("drafter_org_unit_id"), Sort: q.Get("sort")}
	if f.UnauthorisedOnly, err = salesCycleBool(r, "unauthorised"); err != nil {
		return nil, 0, err
	}
	if f.AmendmentOpen, err = salesCycleBool(r, "amendment_open"); err != nil {
		return nil, 0, err
	}
	if f.At, err = s.listAt(r); err != nil {
		return nil, 0, err
	}
	if queries.OwnRecordsOnly(actor) {
		if f.DrafterID != "" && f.DrafterID != actor.EmployeeID {
			return nil, 0, domain.Forbidden("a sales rep or assistant lists only the contracts they drafted")
		}
		f.DrafterID = actor.EmployeeID
	}
	res, err := s.Queries.Contracts(ctx, f, page)
	return res, 0, err
}

func (s *Server) getContract(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "contracts", queries.SalesCycleReaders...); err != nil {
		return nil, 0, err
	}
	v, err := s.contractAt(ctx, chi.URLParam(r, "id"))
	if err != nil {
		return nil, 0, err
	}
	if queries.OwnRecordsOnly(actor) && v.DrafterID != actor.EmployeeID {
		if err := s.requireCustomerOwner(ctx, actor, v.CustomerID, "this contract"); err != nil {
			return nil, 0, err
		}
	}
	return v, v.Version, nil
}
