package domain_test

import (
	"errors"
	"testing"

	"github.com/opsledger/opsledger/domain"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr error
	}{
		{"1234.50", 123450, nil},
		{"0.01", 1, nil},
		{"-3", -300, nil},
		{"7.5", 750, nil},
		{"1.234", 0, domain.ErrInvalid},
		{"abc", 0, domain.ErrInvalid},
		{"", 0, domain.ErrInvalid},
		{"1e5", 0, domain.ErrInvalid},
		{"99999999999999999999", 0, domain.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := domain.ParseMoney(tt.in, "")
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseMoney(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			}
			if err == nil && (got.Minor != tt.want || got.Currency != "CNY") {
				t.Errorf("ParseMoney(%q) = %+v, want %d CNY", tt.in, got, tt.want)
			}
		})
	}
}

func TestMoney_Arithmetic(t *testing.T) {
	a, b := domain.Yuan(10), domain.Fen(250)
	if s, _ := a.Add(b); s.Decimal() != "12.50" {
		t.Errorf("10 + 2.50 = %s, want 12.50", s.Decimal())
	}
	if d, _ := b.Sub(a); d.Decimal() != "-7.50" {
		t.Errorf("2.50 - 10 = %s, want -7.50", d.Decimal())
	}
	if _, err := a.Add(domain.Money{Minor: 1, Currency: "USD"}); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("CNY + USD error = %v, want invalid", err)
	}
	if p, _ := b.Times(3); p.Minor != 750 {
		t.Errorf("2.50 × 3 = %d fen, want 750", p.Minor)
	}
}

func TestRatio_AtLeast(t *testing.T) {
	fifty, _ := domain.ParsePercent("50.00")
	// 49.995% must not round up to 50.00%.
	r := domain.NewRatio(9999, 20000)
	if r.AtLeast(fifty) {
		t.Errorf("49.995%% AtLeast(50.00%%) = true, want false")
	}
	if !domain.NewRatio(1, 2).AtLeast(fifty) {
		t.Errorf("50%% AtLeast(50.00%%) = false, want true")
	}
	if got := domain.NewRatio(4999, 10000).Percent(); got.String() != "49.99%" {
		t.Errorf("Percent() = %s, want 49.99%%", got)
	}
}
