package customer_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
)

func TestCustomer_FlagMissedReview(t *testing.T) {
	reviewedOct := customer.FileReviewed{CustomerID: "c-1", Month: "2026-10", ReviewerID: "rep-1", ReviewedAt: t0}
	reviewedNov := customer.FileReviewed{CustomerID: "c-1", Month: "2026-11", ReviewerID: "rep-1", ReviewedAt: t0}
	dec1 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{name: "a month ended without the review is flagged to the department head (C4-missed)", given: history(registered, reviewedOct),
			want: history(customer.FileReviewMissed{CustomerID: "c-1", Month: "2026-11", OwnerRepID: "rep-1", OrgUnitID: "branch-nj", FlaggedAt: dec1})},
		{name: "a file never reviewed is flagged", given: history(registered),
			want: history(customer.FileReviewMissed{CustomerID: "c-1", Month: "2026-11", OwnerRepID: "rep-1", OrgUnitID: "branch-nj", FlaggedAt: dec1})},
		{name: "the month's review was confirmed: nothing to flag", given: history(registered, reviewedNov)},
		{name: "an abandoned file is not flagged", given: history(registered, abandoned)},
		{name: "unknown customer", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.FlagMissedReview("2026-11", dec1)

			check(t, "FlagMissedReview", got, err, tt.want, tt.wantErr)
		})
	}
}
