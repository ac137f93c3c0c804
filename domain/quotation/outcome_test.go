package quotation_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
)

// approvedIssued is a final quote approved by the GM office and issued.
func approvedIssued() []domain.Event {
	return with(pending(7500), quotation.Approved{QuotationID: "q-1"}, quotation.Issued{QuotationID: "q-1"})
}

func TestQuotation_Accept(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{name: "the customer accepts an issued quote", given: approvedIssued(), want: []domain.Event{quotation.AcceptedByCustomer{QuotationID: "q-1", RecordedBy: "rep-1", AcceptedAt: t1}}},
		{name: "accepting twice records nothing", given: with(approvedIssued(), quotation.AcceptedByCustomer{QuotationID: "q-1"})},
		{name: "a quote not yet issued cannot be accepted", given: pending(7500), wantErr: quotation.ErrWrongStatus},
		{name: "unknown quotation", wantErr: quotation.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := q.Accept("rep-1", t1)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Accept() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Accept() events mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestQuotation_RejectByCustomer(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{name: "the customer turns an issued quote down", given: approvedIssued(), want: []domain.Event{quotation.RejectedByCustomer{QuotationID: "q-1", Reason: "too dear", RecordedBy: "rep-1", RejectedAt: t1}}},
		{name: "turning it down twice records nothing", given: with(approvedIssued(), quotation.RejectedByCustomer{QuotationID: "q-1"})},
		{name: "an accepted quote cannot be turned down", given: with(approvedIssued(), quotation.AcceptedByCustomer{QuotationID: "q-1"}), wantErr: quotation.ErrWrongStatus},
		{name: "unknown quotation", wantErr: quotation.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := q.RejectByCustomer("too dear", "rep-1", t1)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("RejectByCustomer() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("RejectByCustomer() events mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestQuotation_Supersede(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		by      string
		want    []domain.Event
		wantErr error
	}{
		{name: "an issued quote is superseded by a newer one", given: approvedIssued(), by: "q-2", want: []domain.Event{quotation.Superseded{QuotationID: "q-1", SupersededBy: "q-2", RecordedBy: "rep-1", SupersededAt: t1}}},
		{name: "superseding twice records nothing", given: with(approvedIssued(), quotation.Superseded{QuotationID: "q-1"}), by: "q-2"},
		{name: "a quote cannot supersede itself", given: approvedIssued(), by: "q-1", wantErr: domain.ErrInvalid},
		{name: "an accepted quote is closed", given: with(approvedIssued(), quotation.AcceptedByCustomer{QuotationID: "q-1"}), by: "q-2", wantErr: quotation.ErrWrongStatus},
		{name: "unknown quotation", by: "q-2", wantErr: quotation.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := q.Supersede(tt.by, "rep-1", t1)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Supersede() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Supersede() events mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestQuotation_Expire(t *testing.T) {
	validUntil := t0.Add(48 * time.Hour)
	dated := []domain.Event{
		quotation.Drafted{QuotationID: "q-1", CustomerID: "c-1", Type: quotation.TypeWrittenSecond, Price: domain.Fen(100), ValidUntil: validUntil, DraftedBy: "rep-1"},
	}
	tests := []struct {
		name    string
		given   []domain.Event
		at      time.Time
		want    []domain.Event
		wantErr error
	}{
		{name: "an open quote past its validity expires", given: dated, at: validUntil, want: []domain.Event{quotation.Expired{QuotationID: "q-1", ExpiredAt: validUntil}}},
		{name: "a quote within its validity does not expire", given: dated, at: validUntil.Add(-time.Second), wantErr: quotation.ErrNotYetExpired},
		{name: "a quote without validity date may expire any time", given: approvedIssued(), at: t1, want: []domain.Event{quotation.Expired{QuotationID: "q-1", ExpiredAt: t1}}},
		{name: "expiring twice records nothing", given: with(dated, quotation.Expired{QuotationID: "q-1"}), at: validUntil},
		{name: "an accepted quote does not expire", given: with(approvedIssued(), quotation.AcceptedByCustomer{QuotationID: "q-1"}), at: t1, wantErr: quotation.ErrWrongStatus},
		{name: "unknown quotation", at: t1, wantErr: quotation.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)

			got, err := q.Expire(tt.at)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Expire() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Expire() events mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestQuotation_IsApprovedFinal(t *testing.T) {
	tests := []struct {
		name  string
		given []domain.Event
		want  bool
	}{
		{name: "an approved final quote", given: with(pending(7500), quotation.Approved{QuotationID: "q-1"}), want: true},
		{name: "an approved, issued and accepted final quote", given: with(approvedIssued(), quotation.AcceptedByCustomer{QuotationID: "q-1"}), want: true},
		{name: "a final quote after its retro approval", given: with(retroPending(4000), quotation.Approved{QuotationID: "q-1", Retro: true}), want: true},
		{name: "a final quote with retro approval pending", given: retroPending(4000)},
		{name: "a final quote whose retro approval was refused", given: with(retroPending(4000), quotation.Rejected{QuotationID: "q-1", Retro: true})},
		{name: "a pending final quote", given: pending(7500)},
		{name: "an approved second quote", given: with(drafted(quotation.TypeWrittenSecond, 7500), quotation.ApprovalRequested{QuotationID: "q-1"}, quotation.Approved{QuotationID: "q-1"})},
		{name: "a superseded final quote", given: with(approvedIssued(), quotation.Superseded{QuotationID: "q-1"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := domain.Fold(quotation.Quotation.Evolve, tt.given...)
			if got := q.IsApprovedFinal(); got != tt.want {
				t.Errorf("IsApprovedFinal() = %v, want %v", got, tt.want)
			}
		})
	}
}
