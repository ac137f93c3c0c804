package quotations_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/quotations"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

var quoteDay = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// gmOffice is a step on q1, which is in the GM office's tier.
func gmOffice(step string) domain.Event {
	const m, tier, role = 2500, quotation.TierGMOffice, domain.RoleGMOffice
	switch step {
	case "request":
		return quotation.ApprovalRequested{QuotationID: "q1", RequiredRole: role, Margin: m, Tier: tier, RequestedBy: "rep-1", RequestedAt: quoteDay}
	case "reject":
		return quotation.Rejected{QuotationID: "q1", ApproverID: "gmo-1", ApproverRole: role, Reason: "cost basis?", Margin: m, Tier: tier, RejectedAt: quoteDay}
	}
	return quotation.Approved{QuotationID: "q1", ApproverID: "gmo-1", ApproverRole: role, Margin: m, Tier: tier, ApprovedAt: quoteDay}
}

// quotationsFixture: q1 (25%) is returned once by the GM office, then
// approved and issued; q2 (60%) is issued under the rep's authority with
// the retro approval owed; q3 is a draft for another customer.
func quotationsFixture(t *testing.T) readmodeltest.Fixture[*quotations.Queries] {
	return readmodeltest.NewFixture(t, memory.New(), eventstore.NewCodec(quotation.Events()...), quotations.New(), quotations.NewQueries,
		func(add func(string, ...domain.Event)) {
			add(quotation.Stream("q1"), readmodeltest.QuoteDrafted("q1", "c1", 123450, 92588, quoteDay),
				readmodeltest.QuoteMargin("q1", 123450, 92588, 2500, quotation.TierGMOffice, domain.RoleGMOffice),
				gmOffice("request"), gmOffice("reject"), gmOffice("request"), gmOffice("approve"),
				quotation.Issued{QuotationID: "q1", Type: quotation.TypeWrittenFinal, Price: domain.Fen(123450), IssuedBy: "rep-1", IssuedAt: quoteDay})
			add(quotation.Stream("q2"), readmodeltest.QuoteDrafted("q2", "c1", 10000, 4000, quoteDay.Add(time.Hour)),
				readmodeltest.QuoteMargin("q2", 10000, 4000, 6000, quotation.TierRep, domain.RoleSalesRep),
				quotation.IssuedUnderRepAuthority{QuotationID: "q2", Type: quotation.TypeWrittenFinal, Price: domain.Fen(10000),
					Margin: 6000, RetroApprovalPending: true, IssuedBy: "rep-1", IssuedAt: quoteDay})
			add(quotation.Stream("q3"), readmodeltest.QuoteDrafted("q3", "c2", 5000, 4500, quoteDay.Add(2*time.Hour)))
		})
}

func TestQuotations_Quotation(t *testing.T) {
	f := quotationsFixture(t)
	q1, err := f.Q.Quotation(context.Background(), "q1")
	if err != nil {
		t.Fatalf("Quotation(q1): %v", err)
	}
	if q1.Status != "ISSUED" || q1.Price != 123450 || q1.Margin != 2500 || q1.Tier != "GM_OFFICE" ||
		q1.ApproverRole != string(domain.RoleGMOffice) || q1.Version != 7 || q1.IssuedAt == nil || len(q1.Steps) != 4 {
		t.Fatalf("Quotation(q1) = %+v", q1)
	}
	var actions []string
	for _, s := range q1.Steps {
		actions = append(actions, s.Action+"/"+s.Role)
	}
	if got := strings.Join(actions, " "); got != "REQUESTED/GM_OFFICE REJECTED/GM_OFFICE REQUESTED/GM_OFFICE APPROVED/GM_OFFICE" {
		t.Errorf("q1 steps = %s", got)
	}
	if s := q1.Steps[1]; s.Comment != "cost basis?" || s.ActorID != "gmo-1" || !s.At.Equal(quoteDay) {
		t.Errorf("rejection step = %+v", s)
	}
	body, _ := json.Marshal(q1)
	for _, want := range []string{`"price":"1234.50"`, `"cost":"925.88"`, `"currency":"CNY"`, `"margin":"25.00"`, `"retro_approval_pending":false`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("JSON %s lacks %s", body, want)
		}
	}
	if q2, err := f.Q.Quotation(context.Background(), "q2"); err != nil || !q2.RetroApprovalPending || q2.Status != "ISSUED" {
		t.Errorf("Quotation(q2) = %+v, %v; want issued with the retro approval pending", q2, err)
	}
	if _, err := f.Q.Quotation(context.Background(), "nope"); !errors.Is(err, queries.ErrQuotationNotFound) || !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Quotation(nope) error = %v", err)
	}
}

func TestQuotations_Quotations(t *testing.T) {
	f := quotationsFixture(t)
	list := func(filter queries.QuotationFilter, page queries.PageRequest) (string, string) {
		t.Helper()
		p, err := f.Q.Quotations(context.Background(), filter, page)
		return readmodeltest.Listed(t, fmt.Sprintf("Quotations(%+v)", filter), p, err, func(v queries.QuotationView) string { return v.QuotationID })
	}
	for name, tc := range map[string]struct {
		f    queries.QuotationFilter
		want string
	}{
		"newest first":  {queries.QuotationFilter{}, "q3,q2,q1"},
		"customer":      {queries.QuotationFilter{CustomerID: "c1"}, "q2,q1"},
		"retro pending": {queries.QuotationFilter{RetroPendingOnly: true}, "q2"},
		"status":        {queries.QuotationFilter{Status: quotation.StatusDraft}, "q3"},
		"tier":          {queries.QuotationFilter{Tier: quotation.TierGMOffice}, "q1"},
		"approver role": {queries.QuotationFilter{ApproverRole: domain.RoleSalesRep}, "q2"},
		"by margin":     {queries.QuotationFilter{Sort: "margin"}, "q3,q1,q2"},
	} {
		if got, _ := list(tc.f, queries.PageRequest{}); got != tc.want {
			t.Errorf("%s: Quotations = %s, want %s", name, got, tc.want)
		}
	}
	first, cur := list(queries.QuotationFilter{Sort: "margin"}, queries.PageRequest{Limit: 2})
	rest, end := list(queries.QuotationFilter{Sort: "margin"}, queries.PageRequest{Limit: 2, Cursor: cur})
	if first != "q3,q1" || rest != "q2" || end != "" {
		t.Errorf("paged by margin = %s | %s (cursor %q)", first, rest, end)
	}
	if _, err := f.Q.Quotations(context.Background(), queries.QuotationFilter{Sort: "price; DROP TABLE x"}, queries.PageRequest{}); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("unknown sort: error = %v, want invalid", err)
	}
}

func TestQuotations_Rebuild(t *testing.T) {
	quotationsFixture(t).RebuildMatches(t)
}

func TestQuotations_OutcomesAndRetroRejection(t *testing.T) {
	f := readmodeltest.NewFixture(t, memory.New(), eventstore.NewCodec(quotation.Events()...), quotations.New(), quotations.NewQueries,
		func(add func(string, ...domain.Event)) {
			add(quotation.Stream("q4"), readmodeltest.QuoteDrafted("q4", "c1", 100, 50, quoteDay),
				quotation.Superseded{QuotationID: "q4", SupersededBy: "q5", SupersededAt: quoteDay})
			add(quotation.Stream("q5"), readmodeltest.QuoteDrafted("q5", "c1", 100, 50, quoteDay),
				quotation.Revised{QuotationID: "q5", Price: domain.Fen(200), Cost: domain.Fen(150), Reason: "scope"},
				quotation.Expired{QuotationID: "q5", ExpiredAt: quoteDay})
			add(quotation.Stream("q6"), readmodeltest.QuoteDrafted("q6", "c1", 100, 40, quoteDay),
				quotation.IssuedUnderRepAuthority{QuotationID: "q6", Margin: 6000, IssuedAt: quoteDay},
				quotation.Rejected{QuotationID: "q6", ApproverID: "head-1", ApproverRole: domain.RoleDeptHead, Reason: "too cheap", Retro: true},
				quotation.AcceptedByCustomer{QuotationID: "q6", AcceptedAt: quoteDay})
		})
	for _, tc := range []struct {
		id, status         string
		price              queries.MinorUnits
		retroPending, rejd bool
	}{
		{"q4", "SUPERSEDED", 100, false, false},
		{"q5", "EXPIRED", 200, false, false},
		{"q6", "ACCEPTED", 100, false, true},
	} {
		v, err := f.Q.Quotation(context.Background(), tc.id)
		if err != nil || v.Status != tc.status || v.Price != tc.price || v.RetroApprovalPending != tc.retroPending || v.RetroRejected != tc.rejd {
			t.Errorf("Quotation(%s) = %+v, %v; want %s at %d, retro pending %v, retro rejected %v",
				tc.id, v, err, tc.status, tc.price, tc.retroPending, tc.rejd)
		}
	}
	if q4, _ := f.Q.Quotation(context.Background(), "q4"); q4.SupersededBy != "q5" {
		t.Errorf("q4 superseded by %q, want q5", q4.SupersededBy)
	}
	if q6, _ := f.Q.Quotation(context.Background(), "q6"); len(q6.Steps) != 1 || !q6.Steps[0].Retro || q6.Steps[0].Action != "REJECTED" {
		t.Errorf("q6 steps = %+v, want the retro rejection", q6.Steps)
	}
}
