package audit_test

import (
	"context"
	"errors"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/queries"
)

func TestQuestions_PagesUnknownQuestionAndForgedCursor(t *testing.T) {
	h := newHistory(t)
	for _, id := range []string{"c1", "c2", "c3"} {
		h.add("contract-"+id, "rep-1", domain.RoleSalesRep, contract.Registered{ContractID: id, DocumentHash: "h", RegisteredAt: day})
	}
	q := h.queries()
	ctx := context.Background()
	first, err := q.Answer(ctx, "A1", queries.AuditQuestionFilter{}, queries.PageRequest{Limit: 2})
	if err != nil || len(first.Rows) != 2 || first.Rows[1].Subject != "contract-c2" || first.NextCursor == "" {
		t.Fatalf("first page = %+v, %v; want c1, c2 and a cursor", first, err)
	}
	rest, err := q.Answer(ctx, "A1", queries.AuditQuestionFilter{}, queries.PageRequest{Limit: 2, Cursor: first.NextCursor})
	if err != nil || len(rest.Rows) != 1 || rest.Rows[0].Subject != "contract-c3" || rest.NextCursor != "" {
		t.Errorf("second page = %+v, %v; want c3 and no cursor", rest, err)
	}
	if _, err := q.Answer(ctx, "A10", queries.AuditQuestionFilter{}, queries.PageRequest{}); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("A10 (no facts yet): error = %v, want not found", err)
	}
	if _, err := q.Answer(ctx, "A1", queries.AuditQuestionFilter{}, queries.PageRequest{Cursor: "garbage!"}); !errors.Is(err, queries.ErrBadCursor) {
		t.Errorf("forged cursor: error = %v, want ErrBadCursor", err)
	}
}
