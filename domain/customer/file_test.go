package customer_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
)

var classified = customer.Classified{CustomerID: "c-1", Industry: "chemicals", Scale: "MEDIUM", ValueTier: "HIGH", PurchaseFrequencyBand: "REGULAR", SchemeVersion: "cls/1"}

func TestCustomer_Classify(t *testing.T) {
	cl := customer.Classification{Industry: "chemicals", Scale: "MEDIUM", ValueTier: "HIGH", PurchaseFrequencyBand: "REGULAR"}
	change := func(f func(*customer.Classification)) customer.Classification { c := cl; f(&c); return c }
	tests := []struct {
		name    string
		given   []domain.Event
		cl      customer.Classification
		version string
		want    []domain.Event
		wantErr error
	}{
		{name: "the customer is classified under the scheme version", given: history(registered), cl: cl, version: "cls/1",
			want: history(customer.Classified{CustomerID: "c-1", Industry: "chemicals", Scale: "MEDIUM", ValueTier: "HIGH", PurchaseFrequencyBand: "REGULAR", SchemeVersion: "cls/1", ClassifiedBy: "cs-1", ClassifiedAt: t1})},
		{name: "the same classification under the same scheme records nothing", given: history(registered, classified), cl: cl, version: "cls/1"},
		{name: "the same classification under a new scheme version is recorded", given: history(registered, classified), cl: cl, version: "cls/2",
			want: history(customer.Classified{CustomerID: "c-1", Industry: "chemicals", Scale: "MEDIUM", ValueTier: "HIGH", PurchaseFrequencyBand: "REGULAR", SchemeVersion: "cls/2", ClassifiedBy: "cs-1", ClassifiedAt: t1})},
		{name: "a value outside the scheme is invalid", given: history(registered), cl: change(func(c *customer.Classification) { c.ValueTier = "VIP" }), version: "cls/1", wantErr: domain.ErrInvalid},
		{name: "every dimension is required", given: history(registered), cl: change(func(c *customer.Classification) { c.Industry = "" }), version: "cls/1", wantErr: domain.ErrInvalid},
		{name: "unknown customer", cl: cl, version: "cls/1", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.Classify(tt.cl, customer.DefaultClassificationScheme(), tt.version, "cs-1", t1)

			check(t, "Classify", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_SetRelationshipDepth(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		depth   customer.Depth
		actor   string
		want    []domain.Event
		wantErr error
	}{
		{name: "the owning rep records the depth", given: history(registered), depth: customer.DepthDeep, actor: "rep-1",
			want: history(customer.RelationshipDepthRecorded{CustomerID: "c-1", Depth: customer.DepthDeep, RecordedBy: "rep-1", RecordedAt: t1})},
		{name: "depth is informational and accepted at any stage", given: history(registered, parked), depth: customer.DepthBuilt, actor: "rep-1",
			want: history(customer.RelationshipDepthRecorded{CustomerID: "c-1", Depth: customer.DepthBuilt, RecordedBy: "rep-1", RecordedAt: t1})},
		{name: "the current depth records nothing", given: history(registered, customer.RelationshipDepthRecorded{Depth: customer.DepthDeep}), depth: customer.DepthDeep, actor: "rep-1"},
		{name: "an unknown depth is invalid", given: history(registered), depth: "FRIENDS", actor: "rep-1", wantErr: domain.ErrInvalid},
		{name: "another rep is refused", given: history(registered), depth: customer.DepthDeep, actor: "rep-2", wantErr: customer.ErrNotOwner},
		{name: "unknown customer", depth: customer.DepthDeep, actor: "rep-1", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.SetRelationshipDepth(tt.depth, tt.actor, domain.RoleSalesRep, t1)

			check(t, "SetRelationshipDepth", got, err, tt.want, tt.wantErr)
		})
	}
}

func TestCustomer_Reassign(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		to      string
		reason  string
		want    []domain.Event
		wantErr error
	}{
		{name: "the customer is handed to another rep", given: history(registered), to: "rep-2", reason: "rep-1 departs",
			want: history(customer.Reassigned{CustomerID: "c-1", FromRepID: "rep-1", ToRepID: "rep-2", Reason: "rep-1 departs", ReassignedBy: "head-1", ReassignedAt: t1})},
		{name: "reassigning to the owner records nothing", given: history(registered), to: "rep-1", reason: "x"},
		{name: "a rep is required", given: history(registered), reason: "x", wantErr: domain.ErrInvalid},
		{name: "a reason is required", given: history(registered), to: "rep-2", wantErr: domain.ErrInvalid},
		{name: "unknown customer", to: "rep-2", reason: "x", wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.Reassign(tt.to, tt.reason, "head-1", "branch-nj", t1)

			check(t, "Reassign", got, err, tt.want, tt.wantErr)
		})
	}
	t.Run("the new rep owns the customer", func(t *testing.T) {
		c := domain.Fold(customer.Customer.Evolve, registered, customer.Reassigned{ToRepID: "rep-2"})
		if c.OwnerRepID != "rep-2" {
			t.Errorf("OwnerRepID = %q, want rep-2", c.OwnerRepID)
		}
	})
}

func TestCustomer_ReviewFile(t *testing.T) {
	reviewedNov := customer.FileReviewed{CustomerID: "c-1", Month: "2026-11", ReviewerID: "rep-1", ReviewedAt: t0}
	dec1 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		given   []domain.Event
		actor   string
		role    domain.Role
		at      time.Time
		want    []domain.Event
		wantErr error
	}{
		{name: "the owning rep confirms this month's review (C4)", given: history(registered), actor: "rep-1", role: domain.RoleSalesRep, at: t0, want: history(reviewedNov)},
		{name: "a second review in the same month records nothing", given: history(registered, reviewedNov), actor: "asst-1", role: domain.RoleSalesAssistant, at: t1},
		{name: "the first day of the next month needs a new review", given: history(registered, reviewedNov), actor: "asst-1", role: domain.RoleSalesAssistant, at: dec1,
			want: history(customer.FileReviewed{CustomerID: "c-1", Month: "2026-12", ReviewerID: "asst-1", ReviewedAt: dec1})},
		{name: "another rep is refused", given: history(registered), actor: "rep-2", role: domain.RoleSalesRep, at: t0, wantErr: customer.ErrNotOwner},
		{name: "an abandoned file is not reviewed", given: history(registered, abandoned), actor: "rep-1", role: domain.RoleSalesRep, at: t0, wantErr: customer.ErrAbandoned},
		{name: "unknown customer", actor: "rep-1", role: domain.RoleSalesRep, at: t0, wantErr: customer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.Fold(customer.Customer.Evolve, tt.given...)

			got, err := c.ReviewFile(tt.actor, tt.role, tt.at)

			check(t, "ReviewFile", got, err, tt.want, tt.wantErr)
		})
	}
	t.Run("a file not reviewed this month is stale", func(t *testing.T) {
		c := domain.Fold(customer.Customer.Evolve, registered, reviewedNov)
		if c.LastReviewedMonth != "2026-11" || c.Stale(t1) || !c.Stale(dec1) {
			t.Errorf("LastReviewedMonth = %q, Stale(Nov 20) = %v, Stale(Dec 1) = %v", c.LastReviewedMonth, c.Stale(t1), c.Stale(dec1))
		}
	})
}
