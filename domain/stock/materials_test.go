package stock_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
)

func brochure(unitCost domain.Money) []stock.MaterialLine {
	return []stock.MaterialLine{{Product: stock.Product{Name: "Brochure", ModelSpec: "2026"}, Quantity: 20, UnitCost: unitCost}}
}

func filed(lines []stock.MaterialLine, needsSign bool) stock.MaterialsRequestFiled {
	return stock.MaterialsRequestFiled{RequestID: "mr-1", BranchID: "br-east", Lines: lines, Purpose: "trade fair",
		NeedsSignature: needsSign, RequestedBy: "rep-1", RequestedAt: t0}
}

func TestMaterialsRequest_File(t *testing.T) {
	cases := []struct {
		decideCase
		lines []stock.MaterialLine
	}{
		{decideCase{name: "one fen below the valuable threshold needs no signature (§3.10-materials)",
			want: []domain.Event{filed(brochure(domain.Fen(99_999)), false)}}, brochure(domain.Fen(99_999))},
		{decideCase{name: "exactly the valuable threshold needs the branch manager's signature (§3.10-materials)",
			want: []domain.Event{filed(brochure(domain.Yuan(1000)), true)}}, brochure(domain.Yuan(1000))},
		{decideCase{name: "a form without lines is invalid", wantErr: domain.ErrInvalid}, nil},
		{decideCase{name: "a negative value is invalid", wantErr: domain.ErrInvalid}, brochure(domain.Fen(-1))},
		{decideCase{name: "a form is filed once", given: []domain.Event{filed(brochure(domain.Yuan(1)), false)}, wantErr: stock.ErrMaterialsExists}, brochure(domain.Yuan(1))},
	}
	for _, tc := range cases {
		check(t, stock.MaterialsRequest.Evolve, []decideCase{tc.decideCase}, func(mr stock.MaterialsRequest) ([]domain.Event, error) {
			return mr.File("mr-1", "br-east", tc.lines, "trade fair", "rep-1", t0)
		})
	}
}

func TestMaterialsRequest_Sign(t *testing.T) {
	valuable := filed(brochure(domain.Yuan(1000)), true)
	check(t, stock.MaterialsRequest.Evolve, []decideCase{
		{name: "the branch manager signs a valuable request", given: []domain.Event{valuable},
			want: []domain.Event{stock.MaterialsRequestSigned{RequestID: "mr-1", SignedBy: "bm-1", SignedAt: t0}}},
		{name: "a request without valuable items needs no signature", given: []domain.Event{filed(brochure(domain.Yuan(1)), false)}, wantErr: stock.ErrNoSignatureNeeded},
		{name: "an unknown request", wantErr: stock.ErrMaterialsNotFound},
	}, func(mr stock.MaterialsRequest) ([]domain.Event, error) { return mr.Sign("bm-1", t0) })
}

func TestMaterialsRequest_Issue(t *testing.T) {
	valuable := filed(brochure(domain.Yuan(1000)), true)
	handed := stock.MaterialsHandedOver{RequestID: "mr-1", BranchID: "br-east", IssuedBy: "clerk-1", IssuedAt: t0}
	check(t, stock.MaterialsRequest.Evolve, []decideCase{
		{name: "ordinary items are issued without a signature", given: []domain.Event{filed(brochure(domain.Yuan(1)), false)}, want: []domain.Event{handed}},
		{name: "valuable items are not issued unsigned (§3.10-materials)", given: []domain.Event{valuable}, wantErr: stock.ErrNotSigned},
		{name: "signed valuable items are issued", given: []domain.Event{valuable, stock.MaterialsRequestSigned{RequestID: "mr-1"}}, want: []domain.Event{handed}},
		{name: "issued items are not issued twice", given: []domain.Event{valuable, stock.MaterialsRequestSigned{RequestID: "mr-1"}, handed}, wantErr: stock.ErrMaterialsIssued},
	}, func(mr stock.MaterialsRequest) ([]domain.Event, error) { return mr.Issue("clerk-1", t0) })
}
