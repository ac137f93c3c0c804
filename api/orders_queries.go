package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/queries"
)

func orderQueryRoutes(s *Server, rt *routes) {
	rt.get("/orders/{id}", orderTag, "One order with its delivery progress and lateness (O5)", queries.OrderView{},
		s.withAsOf(handleQuery(s, []string{"orders"}, s.getOrder)), asOfParams[0], asOfParams[1], afterParam)
	rt.get("/orders", orderTag, "Orders, newest first; a rep must name one of their customers", queries.Page[queries.OrderView]{},
		handleQuery(s, []string{"orders"}, s.listOrders),
		listParams(text("customer_id", "the order's customer (required of a rep: one of theirs)"), text("contract_id", "the order's contract"),
			text("created_by", "the rep who created the order (a rep may name themself instead of a customer)"), oneOf("status", queries.OrderStatuses, "the order's status"), oneOf("kind", queries.OrderKinds, "goods or project"),
			boolean("delayed", "only orders late for delivery (O5)"), sortBy(queries.OrderSorts),
			asOfListParams[0], asOfListParams[1])...)
}

// ownsOrderCustomer reports whether actor owns the customer's file.
func (s *Server) ownsOrderCustomer(ctx context.Context, actor domain.Actor, customerID string) (bool, error) {
	c, err := s.Queries.Customer(ctx, customerID, s.Now())
	if errors.Is(err, domain.ErrNotFound) {
		return false, nil
	}
	return err == nil && c.OwnerRepID == actor.EmployeeID, err
}

func (s *Server) getOrder(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "orders", queries.OrderReaders...); err != nil {
		return nil, 0, err
	}
	v, err := s.orderAt(ctx, chi.URLParam(r, "id"))
	if err != nil {
		return nil, 0, err
	}
	if queries.OrderOwnOnly(actor) && v.CreatedBy != actor.EmployeeID {
		owns, err := s.ownsOrderCustomer(ctx, actor, v.CustomerID)
		if err != nil {
			return nil, 0, err
		}
		if !owns {
			return nil, 0, domain.Forbidden("this order belongs to another rep's customer")
		}
	}
	return v, v.Version, nil
}

func (s *Server) listOrders(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "orders", queries.OrderReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.OrderFilter{Now: s.Now(), CustomerID: q.Get("customer_id"), ContractID: q.Get("contract_id"),
		CreatedBy: q.Get("created_by"), Status: order.Status(q.Get("status")), Kind: order.Kind(q.Get("kind")), Sort: q.Get("sort")}
	switch q.Get("delayed") {
	case "", "false":
	case "true":
		f.DelayedOnly = true
	default:
		return nil, 0, domain.InvalidField("delayed", "must be true or false")
	}
	if f.At, err = s.listAt(r); err != nil {
		return nil, 0, err
	}
	if queries.OrderOwnOnly(actor) && (f.CreatedBy == "" || f.CreatedBy != actor.EmployeeID) {
		owns, err := s.ownsOrderCustomer(ctx, actor, f.CustomerID)
		if err != nil {
			return nil, 0, err
		}
		if !owns {
			return nil, 0, domain.Forbidden("a sales rep or assistant lists orders of a customer they own: name it with customer_id")
		}
	}
	res, err := s.Queries.Orders(ctx, f, page)
	return res, 0, err
}
